/**
 * The `cost` check: the tokens a month the schedule spends, against `doctor.monthlyTokenBudget`
 * of `ops-skill.config.json`. Tokens per run are what the skill's recorded scenarios used
 * (the cassette's usage summed over its model turns: input + output, the number `ops-skill
 * test`'s cost check reports, through the same `runTokens`); the run is taken at its most
 * expensive recorded scenario, since a schedule may take that path every night. Times the
 * schedule's runs in 30 days. No recording, or no frequency: the doctor cannot tell.
 */
import { runTokens } from "@ops-skill/testing";
import type { SyncCheck, Verdict } from "../model.js";
import { grouped, listed, noSkillVerdict, skillsOfRun, verdict } from "./_run.js";
import { recordedScenarios } from "./_scenarios.js";

interface SkillCost {
  skill: string;
  /** The most tokens one recorded run took, and which scenario. */
  tokens: number;
  scenario: string;
  scenarios: number;
}

export const costCheck: SyncCheck = (invocation, context) => {
  const title = "the tokens a month the schedule spends are within the budget";
  const at = invocation.frequency?.location ?? invocation.location;
  const skills = skillsOfRun(invocation, context.root);
  if (skills.length === 0) {
    return [
      noSkillVerdict("cost", title, invocation, "there are no recorded runs to count tokens from"),
    ];
  }
  const costs: SkillCost[] = [];
  const unrecorded: string[] = [];
  for (const skill of skills) {
    let best: SkillCost | undefined;
    let count = 0;
    for (const scenario of recordedScenarios(skill.dir)) {
      const end = scenario.cassette.session.end;
      if (end.kind !== "completed") continue;
      count++;
      const { total } = runTokens(end.usage);
      if (best === undefined || total > best.tokens) {
        best = { skill: skill.name, tokens: total, scenario: scenario.id, scenarios: 0 };
      }
    }
    if (best === undefined) unrecorded.push(skill.name);
    else costs.push({ ...best, scenarios: count });
  }
  if (unrecorded.length > 0) {
    return [
      verdict(
        "cost",
        "cannot-tell",
        title,
        `${listed(unrecorded)} ${unrecorded.length === 1 ? "has" : "have"} no recorded run that completed (tests/<scenario>/cassette.jsonl), so the tokens of a run are not known.`,
        invocation.location,
        `Record a scenario (\`ops-skill record\`), then run the doctor again.`,
      ),
    ];
  }
  const perRun = costs.reduce((sum, cost) => sum + cost.tokens, 0);
  const basis = costs
    .map(
      (cost) =>
        `${grouped(cost.tokens)} tokens a run for ${cost.skill} (its most expensive of ${cost.scenarios} recorded run${cost.scenarios === 1 ? "" : "s"}: ${cost.scenario})`,
    )
    .join(" + ");
  const frequency = invocation.frequency;
  if (frequency === undefined) {
    return [
      verdict(
        "cost",
        "cannot-tell",
        title,
        `${basis}, but how often the schedule runs is not known.`,
        invocation.location,
        "Run it from a cron line or a workflow `schedule:` the doctor reads, so runs a month can be counted.",
      ),
    ];
  }
  const monthly = Math.round(perRun * frequency.runsPerMonth);
  const projection = `${basis}, × ${frequency.runsPerMonth} runs in 30 days (\`${frequency.cron}\`) = ${grouped(monthly)} tokens a month`;
  const budget = context.settings.monthlyTokenBudget;
  let result: Verdict;
  if (budget === undefined) {
    result = verdict(
      "cost",
      "works",
      title,
      `${projection}; no budget is set (\`doctor.monthlyTokenBudget\` in ops-skill.config.json), so nothing caps it.`,
      at,
    );
  } else if (monthly > budget) {
    result = verdict(
      "cost",
      "breaks",
      title,
      `${projection}: over the budget of ${grouped(budget)} (\`doctor.monthlyTokenBudget\`) by ${grouped(monthly - budget)}.`,
      at,
      `Run it less often (at most ${Math.floor(budget / Math.max(perRun, 1))} runs in 30 days), make the skill cheaper, or raise doctor.monthlyTokenBudget.`,
    );
  } else {
    result = verdict(
      "cost",
      "works",
      title,
      `${projection}, within the budget of ${grouped(budget)} (\`doctor.monthlyTokenBudget\`).`,
      at,
    );
  }
  return [result];
};
