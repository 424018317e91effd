/**
 * The context and cost checks of a run, and what they say in a report: a failure when the run
 * passes a declared limit, notes (cut outputs, the run's tokens and the schedule's projection)
 * whether it passed or not.
 */
import type { RunOutcome } from "../outcome.js";
import type { Scenario } from "../scenario.js";
import { type ContextCheck, contextCheck, describeCut } from "./context.js";
import { type CostCheck, costCheck, costFailure, describeCost } from "./cost.js";

export type BudgetCheck = ContextCheck | CostCheck;

export function budgetChecks(scenario: Scenario, outcome: RunOutcome): BudgetCheck[] {
  return [contextCheck(scenario, outcome), costCheck(scenario, outcome)];
}

/** Why a budget check failed (none when it passed). */
export function budgetFailures(check: BudgetCheck): string[] {
  if (check.passed) return [];
  if (check.kind === "cost") return costFailure(check);
  const limit = check.maxLostTokens ?? 0;
  return check.cut
    .filter((command) => command.lost.tokens > limit)
    .map(
      (command) =>
        `${describeCut(command)} (the scenario allows ${limit.toLocaleString("en-US")}: context.max_lost_tokens)`,
    );
}

/** What a budget check says in every report: cut outputs not failed, and the run's cost. */
export function budgetNotes(check: BudgetCheck): string[] {
  if (check.kind === "cost") return [describeCost(check)];
  if (!check.passed) return [];
  return check.cut.map(describeCut);
}
