/** What went wrong in a scenario, in words: one line per failed check or load problem. Pure. */
import { show } from "../assertions.js";
import { budgetFailures, budgetNotes } from "../checks/budget.js";
import { skillCheckMessages } from "../checks/index.js";
import type { ScenarioCheck } from "../run-scenario.js";
import type { TestResult } from "../run-tests.js";

/** Lines saying why one check failed (none when it passed). */
export function checkMessages(check: ScenarioCheck): string[] {
  if (check.passed) return [];
  switch (check.kind) {
    case "exit-code":
      return [`exit code ${check.actual}, expected ${check.expected}`];
    case "report":
      return [check.message ?? "no report"];
    case "golden":
      if (check.state === "missing") {
        return [
          check.file === undefined
            ? "golden: the expected report is missing"
            : `golden: the expected report ${check.file} is missing (write it with --update)`,
        ];
      }
      return check.differences.map((difference) => {
        const where = difference.pointer || "the report";
        if (difference.kind === "missing") {
          return `golden: ${where} is missing (expected ${show(difference.expected)})`;
        }
        if (difference.kind === "unexpected") {
          return `golden: ${where} is not expected (got ${show(difference.actual)})`;
        }
        return `golden: ${where} is ${show(difference.actual)}, expected ${show(difference.expected)}`;
      });
    case "expectation":
      return [`expect: ${check.message ?? check.expectation.pointer}`];
    case "unanswered-calls":
      return check.calls.map(
        (call) =>
          `unrecorded call: ${[call.tool, ...call.args].join(" ")}${call.problem ? `: ${call.problem}` : ""}`,
      );
    case "forbidden":
      return check.calls.map(
        ({ call, argv }) =>
          `forbidden command ran: ${[call.tool, ...call.args].join(" ")} (${argv.join(" ")})`,
      );
    case "engine":
      return [`engine: ${check.message ?? "the run could not be played"}`];
    case "timeout":
      return check.commands.map((command, k) => {
        const line = check.lines?.[k];
        const where =
          check.cassette === undefined
            ? ""
            : ` (${check.cassette}${line == null ? "" : `:${line}`}, call ${command.callId})`;
        return `timed out${where}: ${command.command}`;
      });
    case "context":
    case "cost":
      return budgetFailures(check);
    default:
      return skillCheckMessages(check);
  }
}

/** What every report shows of a scenario, passed or not: cut outputs, the run's cost. */
export function noteMessages(result: TestResult): string[] {
  return result.checks.flatMap((check) =>
    check.kind === "context" || check.kind === "cost" ? budgetNotes(check) : [],
  );
}

/** Every reason the scenario failed: load problems as `file:line: message`, then failed checks. */
export function failureMessages(result: TestResult): string[] {
  return [
    ...result.problems.map(
      (problem) =>
        `${problem.file}${problem.line > 0 ? `:${problem.line}` : ""}: ${problem.message}`,
    ),
    ...result.checks.flatMap(checkMessages),
  ];
}
