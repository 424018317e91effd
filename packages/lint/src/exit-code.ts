import { hasCrash } from "./engine/crash.js";
import type { LintResult } from "./engine/lint.js";

/**
 * 0 clean; 1 errors (or more warnings than allowed); 2 an internal error on a file
 * (`internal/crash`), whatever else was found. Usage and configuration errors exit 2 before
 * there is a result.
 */
export function exitCodeFor(result: LintResult, maxWarnings = -1): 0 | 1 | 2 {
  if (result.results.some((r) => hasCrash(r.diagnostics))) return 2;
  if (result.errorCount > 0) return 1;
  if (maxWarnings >= 0 && result.warningCount > maxWarnings) return 1;
  return 0;
}
