/**
 * One way to fail: an internal error while linting a file (a rule that throws, a parser that
 * overflows its stack) is caught around that file, or around that rule on that file, and
 * becomes an `internal/crash` finding there. Every other file is linted as usual, the results
 * are printed in the chosen format, and the run exits 2. `--debug` prints the stack.
 */
import type { Diagnostic } from "@ops-skill/core";
import crashRule from "../rules/internal/crash.js";

export const CRASH_RULE_ID = crashRule.meta.id;
export const crashRuleMeta = crashRule.meta;

/** An internal error on one file: the finding, and the stack for `--debug`. */
export interface Crash {
  diagnostic: Diagnostic;
  stack: string;
}

/** The first line of an error's message, kept short: it is printed in every format. */
function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split("\n", 1)[0] ?? "";
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/**
 * The finding for `error` thrown while linting `file`; `where` names the rule that threw, or
 * the step (reading, fixing, a lint worker) when no rule did.
 */
export function crashOf(file: string, error: unknown, where?: string): Crash {
  const name = error instanceof Error ? error.name : "Error";
  const message = messageOf(error);
  const what = where === undefined ? "" : ` in ${where}`;
  return {
    diagnostic: {
      ruleId: CRASH_RULE_ID,
      severity: "error",
      message: `Internal error${what} while linting this file (${name}: ${message}); its findings may be incomplete. This is a bug in ops-skill: please report it with the file.`,
      file,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 2,
    },
    stack: (error instanceof Error ? error.stack : undefined) ?? `${name}: ${message}`,
  };
}

/** Whether a run had an internal error: it exits 2 whatever else it found. */
export function hasCrash(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.ruleId === CRASH_RULE_ID);
}
