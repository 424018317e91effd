/**
 * The cost check: the tokens one run of the skill takes, from the session's recorded usage,
 * against the skill's `token_budget` (suite.json), and what the skill's schedule makes of it
 * over 30 days. Pure (the cron parser is loaded the first time a schedule is projected).
 *
 * Tokens per run are `input_tokens + output_tokens` summed over the session's model turns, as
 * the API bills them: cached input tokens are part of `input_tokens` and reasoning tokens part
 * of `output_tokens`, so both are shown but never added again.
 */
import { createRequire } from "node:module";
import type { TurnUsage } from "@ops-skill/mock-codex";
import type { RunOutcome } from "../outcome.js";
import type { Scenario } from "../scenario.js";

export interface RunTokens {
  /** Input tokens, the cached ones included. */
  input: number;
  cachedInput: number;
  /** Output tokens, the reasoning ones included. */
  output: number;
  reasoning: number;
  /** What a run costs: input + output. */
  total: number;
}

export interface CostProjection {
  cron: string;
  /** Runs in 30 days: the runs of a whole year (365 days, UTC) times 30/365. */
  runsPer30Days: number;
  tokensPer30Days: number;
}

export interface CostCheck {
  kind: "cost";
  /** False when the run is over the budget. */
  passed: boolean;
  tokens: RunTokens;
  /** The skill's `token_budget`, when it sets one. */
  budget: number | undefined;
  /** The schedule's projection, when the skill has a schedule whose cron line reads. */
  projection: CostProjection | undefined;
  /** Why the schedule's cron line gives no projection. */
  cronProblem: string | undefined;
}

export function runTokens(usage: TurnUsage): RunTokens {
  return {
    input: usage.input_tokens,
    cachedInput: usage.cached_input_tokens,
    output: usage.output_tokens,
    reasoning: usage.reasoning_output_tokens,
    total: usage.input_tokens + usage.output_tokens,
  };
}

/** A year of no leap day, so the average is the same whenever the tests run. */
const YEAR_START = Date.UTC(2027, 0, 1);
const YEAR_END = Date.UTC(2028, 0, 1);
const DAYS_PER_YEAR = 365;

interface CronFields {
  minute: { values: readonly number[] };
  hour: { values: readonly number[] };
  dayOfMonth: { values: readonly unknown[] };
  month: { values: readonly number[] };
  dayOfWeek: { values: readonly unknown[] };
}
interface CronExpression {
  fields: CronFields;
  hasNext(): boolean;
  next(): unknown;
}
interface CronParser {
  CronExpressionParser: {
    parse(expression: string, options: Record<string, unknown>): CronExpression;
  };
}

let parser: CronParser | undefined;
const loadParser = (): CronParser => {
  parser ??= createRequire(import.meta.url)("cron-parser") as CronParser;
  return parser;
};

const runsCache = new Map<string, { runsPerYear: number } | { problem: string }>();

/**
 * Runs of a 5-field cron line (UTC) in a year: the days it fires on (day of month, month, day of
 * week, the parser deciding how the two day fields combine) times its runs per day (every
 * minute of the line at every hour of it), so `* * * * *` costs no more than `0 6 * * *`.
 */
export function runsPerYear(cron: string): { runsPerYear: number } | { problem: string } {
  const cached = runsCache.get(cron);
  if (cached !== undefined) return cached;
  let result: { runsPerYear: number } | { problem: string };
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) {
    result = {
      problem: `${JSON.stringify(cron)} is not a 5-field cron line (minute hour day-of-month month day-of-week)`,
    };
  } else {
    try {
      const { CronExpressionParser } = loadParser();
      const parsed = CronExpressionParser.parse(cron, { tz: "UTC" });
      const perDay = parsed.fields.minute.values.length * parsed.fields.hour.values.length;
      const days = CronExpressionParser.parse(`0 0 ${fields.slice(2).join(" ")}`, {
        tz: "UTC",
        currentDate: new Date(YEAR_START - 1000),
        endDate: new Date(YEAR_END - 1000),
      });
      let count = 0;
      while (days.hasNext()) {
        days.next();
        count++;
      }
      result = { runsPerYear: count * perDay };
    } catch (error) {
      result = { problem: `${JSON.stringify(cron)}: ${(error as Error).message}` };
    }
  }
  runsCache.set(cron, result);
  return result;
}

/** Runs in 30 days, to one decimal (a monthly line gives 1, a weekday line 21.5). */
export function runsPer30Days(runsInAYear: number): number {
  return Math.round((runsInAYear * 30 * 10) / DAYS_PER_YEAR) / 10;
}

export function checkCost(
  usage: TurnUsage,
  options: { budget?: number; cron?: string } = {},
): CostCheck {
  const tokens = runTokens(usage);
  let projection: CostProjection | undefined;
  let cronProblem: string | undefined;
  if (options.cron !== undefined) {
    const runs = runsPerYear(options.cron);
    if ("problem" in runs) cronProblem = runs.problem;
    else {
      const per30 = runsPer30Days(runs.runsPerYear);
      projection = {
        cron: options.cron,
        runsPer30Days: per30,
        tokensPer30Days: Math.round(per30 * tokens.total),
      };
    }
  }
  return {
    kind: "cost",
    passed: options.budget === undefined || tokens.total <= options.budget,
    tokens,
    budget: options.budget,
    projection,
    cronProblem,
  };
}

/** The cost check of a run, with the skill's budget and schedule (suite.json). */
export function costCheck(scenario: Scenario, outcome: RunOutcome): CostCheck {
  const budget = scenario.suite?.tokenBudget;
  const cron = scenario.suite?.schedule?.cron;
  return checkCost(outcome.usage, {
    ...(budget === undefined ? {} : { budget }),
    ...(cron === undefined ? {} : { cron }),
  });
}

const grouped = (value: number): string => value.toLocaleString("en-US");

/** `12,400 tokens a run (input 11,000, 8,000 cached; output 1,400, 300 reasoning)`. */
export function describeTokens(tokens: RunTokens): string {
  return (
    `${grouped(tokens.total)} tokens a run (input ${grouped(tokens.input)}, ` +
    `${grouped(tokens.cachedInput)} cached; output ${grouped(tokens.output)}, ` +
    `${grouped(tokens.reasoning)} reasoning)`
  );
}

/** What the check says in every report, passed or not: the run's tokens and the projection. */
export function describeCost(check: CostCheck): string {
  const budget = check.budget === undefined ? "" : `, budget ${grouped(check.budget)}`;
  let schedule = "";
  if (check.projection !== undefined) {
    const { cron, runsPer30Days: runs, tokensPer30Days } = check.projection;
    schedule = `; scheduled \`${cron}\`: ${runs} runs in 30 days, ${grouped(tokensPer30Days)} tokens`;
  } else if (check.cronProblem !== undefined) {
    schedule = `; no projection: ${check.cronProblem}`;
  }
  return `cost: ${describeTokens(check.tokens)}${budget}${schedule}`;
}

/** Why the check failed (none when it passed). */
export function costFailure(check: CostCheck): string[] {
  if (check.passed || check.budget === undefined) return [];
  return [
    `cost: ${describeTokens(check.tokens)}, over the skill's token_budget of ` +
      `${grouped(check.budget)} (suite.json) by ${grouped(check.tokens.total - check.budget)}`,
  ];
}
