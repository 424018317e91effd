/**
 * ESLint's JSON formatter shape (its Node.js API's `LintResult[]`), so tools that read ESLint
 * JSON read ours: per file `filePath` (absolute), `messages` (with `fix` when `--fix` can fix
 * it, `fatal` for an internal error), `suppressedMessages`, the counts, `usedDeprecatedRules`,
 * and `source` (or `output` once `--fix` changed the file) when the file has messages.
 * docs/formats.md lists every field; a test keeps the two equal.
 */
import type { Diagnostic, Fix } from "@ops-skill/core";
import type { FileResult, LintResult } from "../engine/lint.js";
import type { Formatter } from "./types.js";

const SEVERITY_NUMBER = { error: 2, warning: 1, info: 1 } as const;

/** The rule of an internal error: ESLint's `fatal` message (the file was not linted through). */
const FATAL_RULE = "internal/crash";

/** ESLint's per-file results. */
export function eslintResults(result: LintResult) {
  return result.results.map((file) => {
    const messages = file.diagnostics.map((d) => messageOf(d, file.source));
    const errors = file.diagnostics.filter((d) => d.severity === "error");
    const others = file.diagnostics.filter((d) => d.severity !== "error");
    return {
      filePath: file.filePath,
      messages,
      // Findings an inline directive silenced, each with the directives' reasons.
      suppressedMessages: (file.suppressed ?? []).map((d) => ({
        ...messageOf(d, file.source),
        suppressions: d.suppressions,
      })),
      errorCount: errors.length,
      fatalErrorCount: errors.filter((d) => d.ruleId === FATAL_RULE).length,
      warningCount: others.length,
      fixableErrorCount: errors.filter((d) => d.fix).length,
      fixableWarningCount: others.filter((d) => d.fix).length,
      ...sourceOf(file, messages.length > 0),
      usedDeprecatedRules: [],
    };
  });
}

/** ESLint keeps `output` (the fixed text) for a file `--fix` changed, else `source` when there are messages. */
function sourceOf(file: FileResult, hasMessages: boolean): { source?: string; output?: string } {
  if (file.source === undefined) return {};
  if (file.fixed) return { output: file.source };
  return hasMessages ? { source: file.source } : {};
}

function messageOf(d: Diagnostic, source: string | undefined) {
  const fix = d.fix ? eslintFix(d.fix, source) : undefined;
  return {
    ruleId: d.ruleId,
    severity: SEVERITY_NUMBER[d.severity],
    message: d.message,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    ...(fix ? { fix } : {}),
    ...(d.ruleId === FATAL_RULE ? { fatal: true } : {}),
  };
}

/**
 * ESLint's one `{ range, text }`: a fix of several edits is merged into one over the text
 * between its first and last edit (as ESLint merges fixes), which needs the file's text.
 */
function eslintFix(
  fix: Fix,
  source: string | undefined,
): { range: [number, number]; text: string } | undefined {
  const edits = [...fix.edits].sort((a, b) => a.range[0] - b.range[0]);
  const [first] = edits;
  const last = edits.at(-1);
  if (first === undefined || last === undefined) return undefined;
  if (edits.length === 1) return { range: [first.range[0], first.range[1]], text: first.text };
  if (source === undefined) return undefined;
  let text = "";
  let at = first.range[0];
  for (const edit of edits) {
    text += source.slice(at, edit.range[0]) + edit.text;
    at = edit.range[1];
  }
  return { range: [first.range[0], last.range[1]], text };
}

export const json: Formatter = (result) => JSON.stringify(eslintResults(result));
