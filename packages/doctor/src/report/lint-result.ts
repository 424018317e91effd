/**
 * The doctor's verdicts in the linter's result shape, so every lint format (json, sarif,
 * github, junit) reports them: one rule per check (`doctor/<check>`), `breaks` an error,
 * `cannot-tell` a warning, `works` an info (so a passing check is visible, never silent).
 */
import type { Diagnostic, Severity } from "@ops-skill/core";
import type { FileResult, LintResult, RuleMeta } from "@ops-skill/lint";
import {
  CHECK_IDS,
  CHECK_QUESTIONS,
  type CheckId,
  type DoctorResult,
  type Verdict,
  type VerdictStatus,
} from "../model.js";

/** Each check has its page, `docs/doctor/<check>.md`. */
export const DOCTOR_DOCS_URL = "https://github.com/ops-skill/ops-skill/blob/main/docs/doctor/";

const SEVERITY: Record<VerdictStatus, Severity> = {
  breaks: "error",
  "cannot-tell": "warning",
  works: "info",
};

/** The lint rule a check reports as. */
export function checkRule(check: CheckId): RuleMeta {
  return {
    id: `doctor/${check}`,
    category: "doctor",
    description: CHECK_QUESTIONS[check],
    defaultSeverity: "error",
    fixable: false,
    docsUrl: `${DOCTOR_DOCS_URL}${check}.md`,
  };
}

/** Every verdict of every run, and each unreadable schedule, as diagnostics by file. */
export function doctorLintResult(result: DoctorResult): LintResult {
  const byFile = new Map<string, Diagnostic[]>();
  const add = (diagnostic: Diagnostic) => {
    const list = byFile.get(diagnostic.file) ?? [];
    list.push(diagnostic);
    byFile.set(diagnostic.file, list);
  };
  for (const problem of result.problems)
    add({
      ruleId: "doctor/schedule",
      severity: "error",
      message: problem.message,
      file: problem.location.file,
      line: problem.location.line,
      column: problem.location.column,
      endLine: problem.location.line,
      endColumn: problem.location.column,
    });
  for (const run of result.runs)
    for (const verdict of run.verdicts) add(verdictDiagnostic(verdict, run.invocation.source.name));
  const results: FileResult[] = [...byFile.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([filePath, diagnostics]) => ({
      filePath,
      diagnostics: diagnostics.sort((a, b) => a.line - b.line || a.column - b.column),
      source: undefined,
      fixed: false,
    }));
  const all = results.flatMap((file) => file.diagnostics);
  return {
    results,
    errorCount: all.filter((d) => d.severity === "error").length,
    warningCount: all.filter((d) => d.severity === "warning").length,
    infoCount: all.filter((d) => d.severity === "info").length,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    rules: CHECK_IDS.map(checkRule),
  };
}

function verdictDiagnostic(verdict: Verdict, run: string): Diagnostic {
  const { file, line, column } = verdict.location;
  return {
    ruleId: `doctor/${verdict.check}`,
    severity: SEVERITY[verdict.status],
    message: `${run}: ${verdict.title}. ${verdict.reason}`,
    file,
    line,
    column,
    endLine: line,
    endColumn: column,
    ...(verdict.fix === undefined ? {} : { hint: verdict.fix }),
  };
}
