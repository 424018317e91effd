/** ESLint's JSON formatter shape, so tools that read ESLint JSON read ours. */
import type { LintResult } from "../engine/lint.js";
import type { Formatter } from "./types.js";

const SEVERITY_NUMBER = { error: 2, warning: 1, info: 1 } as const;

/** ESLint's per-file results (`LintResult[]` of its Node.js API, messages without fixes). */
export function eslintResults(result: LintResult) {
  return result.results.map((file) => ({
    filePath: file.filePath,
    messages: file.diagnostics.map((d) => ({
      ruleId: d.ruleId,
      severity: SEVERITY_NUMBER[d.severity],
      message: d.message,
      line: d.line,
      column: d.column,
      endLine: d.endLine,
      endColumn: d.endColumn,
    })),
    errorCount: file.diagnostics.filter((d) => d.severity === "error").length,
    warningCount: file.diagnostics.filter((d) => d.severity !== "error").length,
    fixableErrorCount: file.diagnostics.filter((d) => d.severity === "error" && d.fix).length,
    fixableWarningCount: file.diagnostics.filter((d) => d.severity !== "error" && d.fix).length,
  }));
}

export const json: Formatter = (result) => JSON.stringify(eslintResults(result));
