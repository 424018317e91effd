import { describe, expect, it } from "vitest";
import {
  checkCost,
  costFailure,
  describeCost,
  runsPer30Days,
  runsPerYear,
} from "../src/checks/cost.js";

const usage = (input: number, cached: number, output: number, reasoning: number) => ({
  input_tokens: input,
  cached_input_tokens: cached,
  cache_write_input_tokens: 0,
  output_tokens: output,
  reasoning_output_tokens: reasoning,
});

describe("runs of a schedule", () => {
  it("counts a year of runs, UTC, whatever the frequency", () => {
    expect(runsPerYear("0 6 * * *")).toEqual({ runsPerYear: 365 });
    expect(runsPerYear("*/15 6-8 * * *")).toEqual({ runsPerYear: 365 * 12 });
    expect(runsPerYear("* * * * *")).toEqual({ runsPerYear: 525_600 });
    expect(runsPerYear("0 6 1 * *")).toEqual({ runsPerYear: 12 });
    // 2027 has 261 weekdays.
    expect(runsPerYear("0 6 * * 1-5")).toEqual({ runsPerYear: 261 });
    expect(runsPerYear("0 6 * * MON")).toEqual({ runsPerYear: 52 });
    expect(runsPerYear("0 0 31 * *")).toEqual({ runsPerYear: 7 });
  });

  it("gives runs in 30 days to one decimal", () => {
    expect(runsPer30Days(365)).toBe(30);
    expect(runsPer30Days(12)).toBe(1);
    expect(runsPer30Days(261)).toBe(21.5);
    expect(runsPer30Days(525_600)).toBe(43_200);
  });

  it("names a line that is not a 5-field cron line, or that does not parse", () => {
    expect(runsPerYear("0 6 * *")).toEqual({
      problem: '"0 6 * *" is not a 5-field cron line (minute hour day-of-month month day-of-week)',
    });
    expect(runsPerYear("0 6 * * * *")).toHaveProperty("problem");
    const bad = runsPerYear("61 6 * * *");
    expect("problem" in bad && bad.problem).toMatch(/^"61 6 \* \* \*": .*59/);
  });
});

describe("the cost check", () => {
  it("counts input (cached included) and output (reasoning included) once", () => {
    const check = checkCost(usage(11_000, 8_000, 1_400, 300));
    expect(check.tokens.total).toBe(12_400);
    expect(check.passed).toBe(true);
    expect(describeCost(check)).toBe(
      "cost: 12,400 tokens a run (input 11,000, 8,000 cached; output 1,400, 300 reasoning)",
    );
  });

  it("fails a run over the budget, with the figures", () => {
    const check = checkCost(usage(15_000, 0, 1_000, 0), { budget: 15_000 });
    expect(check.passed).toBe(false);
    expect(costFailure(check)).toEqual([
      "cost: 16,000 tokens a run (input 15,000, 0 cached; output 1,000, 0 reasoning), over the skill's token_budget of 15,000 (suite.json) by 1,000",
    ]);
    expect(checkCost(usage(14_000, 0, 1_000, 0), { budget: 15_000 }).passed).toBe(true);
  });

  it("projects the schedule over 30 days", () => {
    const check = checkCost(usage(9_000, 0, 1_000, 0), { budget: 15_000, cron: "0 6 * * 1-5" });
    expect(check.projection).toEqual({
      cron: "0 6 * * 1-5",
      runsPer30Days: 21.5,
      tokensPer30Days: 215_000,
    });
    expect(describeCost(check)).toBe(
      "cost: 10,000 tokens a run (input 9,000, 0 cached; output 1,000, 0 reasoning), budget 15,000; scheduled `0 6 * * 1-5`: 21.5 runs in 30 days, 215,000 tokens",
    );
  });

  it("says why a schedule gives no projection, without failing the run", () => {
    const check = checkCost(usage(1, 0, 1, 0), { cron: "every day" });
    expect(check.passed).toBe(true);
    expect(check.projection).toBeUndefined();
    expect(describeCost(check)).toContain('no projection: "every day" is not a 5-field cron line');
  });
});
