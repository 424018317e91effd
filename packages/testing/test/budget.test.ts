/** The context and cost checks in a real replay run, and what the reporters say of them. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import {
  formatJson,
  formatJunit,
  formatText,
  readScenario,
  runScenario,
  type Scenario,
  type TestResult,
} from "../src/index.js";

const fixtures = join(import.meta.dirname, "fixtures", "skills");
const scratch = mkdtempSync(join(tmpdir(), "ops-skill-budget-"));
// The profile the suite's schedule names (the repository's schedule/, codex-home.ts).
mkdirSync(join(scratch, "schedule"));
writeFileSync(
  join(scratch, "schedule", "day-two.config.toml"),
  'default_permissions = "day-two"\n\n[permissions.day-two]\nextends = ":read-only"\n',
);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The drift scenario whose `terraform plan` prints `lines` lines (about 60 bytes each). */
function driftPrinting(name: string, lines: number, extra: Record<string, unknown> = {}): Scenario {
  const dir = join(scratch, "skills", "demo", "tests", name);
  cpSync(join(fixtures, "demo", "tests", "drift"), dir, { recursive: true });
  writeFileSync(
    join(scratch, "skills", "demo", "SKILL.md"),
    readFileSync(join(fixtures, "demo", "SKILL.md")),
  );
  const plan = Array.from(
    { length: lines },
    (_, n) => `{"type":"planned_change","address":"aws_instance.web[${n}]"}\n`,
  ).join("");
  writeFileSync(join(dir, "files", "plan.jsonl"), plan);
  // The cassette records what the command printed: the same plan.
  writeFileSync(join(dir, "files", "c1.out"), plan);
  const settings = JSON.parse(readFileSync(join(dir, "scenario.json"), "utf8"));
  writeFileSync(join(dir, "scenario.json"), JSON.stringify({ ...settings, ...extra }));
  const result = readScenario(dir);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  return result.scenario;
}

const asResult = (
  scenario: Scenario,
  run: Awaited<ReturnType<typeof runScenario>>,
): TestResult => ({
  id: scenario.id,
  skill: scenario.skill,
  name: scenario.name,
  passed: run.passed,
  durationMs: 1,
  checks: run.checks,
  problems: [],
});

describe("context and cost in a replay run", () => {
  test("a cut output is a note, the cost and its projection are shown by every reporter", async () => {
    const scenario = driftPrinting("long-plan", 1_000);
    scenario.suite = {
      file: "suite.json",
      forbidden: [],
      tokenBudget: 1_000,
      schedule: { cron: "0 6 * * *", profile: "day-two" },
    };
    const run = await runScenario(scenario, { cwd: scratch });
    expect(run.checks.filter((check) => !check.passed)).toEqual([]);
    expect(run.passed).toBe(true);
    const context = run.checks.find((check) => check.kind === "context");
    expect(context?.kind === "context" && context.cut.map((cut) => cut.command)).toEqual([
      "terraform -chdir=infra plan -detailed-exitcode -lock=false -input=false -no-color -json",
    ]);
    const report = {
      results: [asResult(scenario, run)],
      totals: { scenarios: 1, passed: 1, failed: 0, durationMs: 1 },
    };
    const cost =
      "cost: 380 tokens a run (input 330, 0 cached; output 50, 0 reasoning), budget 1,000; scheduled `0 6 * * *`: 30 runs in 30 days, 11,400 tokens";
    const text = formatText(report);
    expect(text).toContain(`    · ${cost}\n`);
    expect(text).toMatch(/· context: `terraform -chdir=infra plan .*` printed [\d,]+ tokens/);
    expect(JSON.parse(formatJson(report)).results[0].notes).toContain(cost);
    expect(formatJunit(report)).toContain(`<system-out>`);
    expect(formatJunit(report)).toContain("30 runs in 30 days, 11,400 tokens");
  });

  test("an over-budget run fails with the figures", async () => {
    const scenario = driftPrinting("over-budget", 10);
    scenario.suite = { file: "suite.json", forbidden: [], tokenBudget: 300 };
    const run = await runScenario(scenario, { cwd: scratch });
    expect(run.passed).toBe(false);
    const failed = run.checks.filter((check) => !check.passed).map((check) => check.kind);
    expect(failed).toEqual(["cost"]);
    const report = {
      results: [asResult(scenario, run)],
      totals: { scenarios: 1, passed: 0, failed: 1, durationMs: 1 },
    };
    expect(formatText(report)).toContain(
      "cost: 380 tokens a run (input 330, 0 cached; output 50, 0 reasoning), over the skill's token_budget of 300 (suite.json) by 80",
    );
  });

  test("a scenario that declares context.max_lost_tokens fails on a cut over it", async () => {
    const scenario = driftPrinting("strict-context", 1_000, { context: { max_lost_tokens: 0 } });
    const run = await runScenario(scenario, { cwd: scratch });
    expect(run.checks.filter((check) => !check.passed).map((check) => check.kind)).toEqual([
      "context",
    ]);
    const report = {
      results: [asResult(scenario, run)],
      totals: { scenarios: 1, passed: 0, failed: 1, durationMs: 1 },
    };
    expect(formatText(report)).toMatch(
      /✖ demo\/strict-context .*\n {4}context: `terraform .*` printed .* \(the scenario allows 0: context\.max_lost_tokens\)\n/,
    );
  });
});
