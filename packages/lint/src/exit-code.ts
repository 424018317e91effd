import type { LintResult } from "./engine/lint.js";

/** 0 clean, 1 errors (or more warnings than allowed); 2 is for usage errors and crashes. */
export function exitCodeFor(result: LintResult, maxWarnings = -1): 0 | 1 {
  if (result.errorCount > 0) return 1;
  if (maxWarnings >= 0 && result.warningCount > maxWarnings) return 1;
  return 0;
}
