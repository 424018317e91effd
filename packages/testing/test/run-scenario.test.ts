import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { readScenario, runScenario, type Scenario } from "../src/index.js";

const fixtures = join(import.meta.dirname, "fixtures", "skills");
const scratch = mkdtempSync(join(tmpdir(), "ops-skill-run-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function load(dir: string): Scenario {
  const result = readScenario(dir);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  return result.scenario;
}

describe("one scenario under mock-codex", () => {
  test("passes: exit code, report, golden after scrub and sets, expectations", async () => {
    const run = await runScenario(load(join(fixtures, "demo/tests/drift")), { cwd: scratch });
    expect(run.checks.filter((check) => !check.passed)).toEqual([]);
    expect(run.passed).toBe(true);
    expect(run.checks.map((check) => check.kind)).toEqual([
      "exit-code",
      "report",
      "golden",
      "expectation",
      "expectation",
      "expectation",
      "unanswered-calls",
      "forbidden",
    ]);
    // The replay runs no command: the shims see no call, and every record is unused.
    expect(run.calls).toEqual([]);
    expect(run.unused).toHaveLength(3);
    expect(JSON.parse(run.stdout.split("\n")[0] as string)).toEqual({
      type: "thread.started",
      thread_id: "00000000-0000-7000-8000-000000000000",
    });
  });

  test("a broken golden and a wrong expectation fail, each saying where", async () => {
    const dir = join(scratch, "skills", "demo", "tests", "broken-golden");
    cpSync(join(fixtures, "demo", "tests", "drift"), dir, { recursive: true });
    writeFileSync(
      join(scratch, "skills", "demo", "SKILL.md"),
      readFileSync(join(fixtures, "demo", "SKILL.md")),
    );
    const golden = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    golden.status = "ok";
    writeFileSync(join(dir, "report.json"), JSON.stringify(golden));
    const scenario = JSON.parse(readFileSync(join(dir, "scenario.json"), "utf8"));
    scenario.expect[2].count = 3;
    scenario.exit_code = 1;
    writeFileSync(join(dir, "scenario.json"), JSON.stringify(scenario));
    const run = await runScenario(load(dir), { cwd: scratch });
    expect(run.passed).toBe(false);
    expect(run.checks.filter((check) => !check.passed)).toEqual([
      { kind: "exit-code", passed: false, expected: 1, actual: 0 },
      {
        kind: "golden",
        passed: false,
        state: "compared",
        differences: [{ pointer: "/status", kind: "changed", expected: "ok", actual: "critical" }],
      },
      expect.objectContaining({
        kind: "expectation",
        passed: false,
        message: "/findings has 2, expected 3",
      }),
    ]);
  });
});
