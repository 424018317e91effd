import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import {
  formatGithub,
  formatText,
  readScenario,
  runScenario,
  type Scenario,
} from "../src/index.js";

const fixtures = join(import.meta.dirname, "fixtures", "skills");
const scratch = mkdtempSync(join(tmpdir(), "ops-skill-run-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function load(dir: string): Scenario {
  const result = readScenario(dir);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  return result.scenario;
}

/** A copy of the drift scenario, under its own name, in a skill folder of the scratch. */
function copyOfDrift(name: string): string {
  const dir = join(scratch, "skills", "demo", "tests", name);
  cpSync(join(fixtures, "demo", "tests", "drift"), dir, { recursive: true });
  writeFileSync(
    join(scratch, "skills", "demo", "SKILL.md"),
    readFileSync(join(fixtures, "demo", "SKILL.md")),
  );
  return dir;
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
      "context",
      "cost",
      "recorded-output",
      "guardrails",
    ]);
    // Each command of the session really runs, and each tool call reaches its shim: every
    // record answers a call, none is left unused.
    expect(run.calls.map((call) => [call.tool, call.args, call.record, call.exit])).toEqual([
      [
        "terraform",
        [
          "-chdir=infra",
          "plan",
          "-detailed-exitcode",
          "-lock=false",
          "-input=false",
          "-no-color",
          "-json",
        ],
        0,
        2,
      ],
      ["kubectl", ["config", "current-context"], 2, 0],
      ["kubectl", ["diff", "-R", "-f", "k8s"], 1, 1],
    ]);
    expect(run.unused).toEqual([]);
    // The rendered events carry what the shims printed, with the real exit codes.
    const commands = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line))
      .filter((event) => event.type === "item.completed" && event.item.type === "command_execution")
      .map((event) => [event.item.exit_code, event.item.status, event.item.aggregated_output]);
    expect(commands).toEqual([
      [2, "failed", readFileSync(join(fixtures, "demo/tests/drift/files/plan.jsonl"), "utf8")],
      [
        1,
        "failed",
        "prod\ndiff -u -N /tmp/LIVE-1/apps.v1.Deployment.prod.web /tmp/MERGED-2/apps.v1.Deployment.prod.web\n@@ -1,3 +1,3 @@\n",
      ],
    ]);
    expect(JSON.parse(run.stdout.split("\n")[0] as string)).toEqual({
      type: "thread.started",
      thread_id: "00000000-0000-7000-8000-000000000000",
    });
  });

  test("an unrecorded call made by a command fails the scenario, naming the nearest record", async () => {
    const dir = copyOfDrift("unrecorded");
    const cassette = join(dir, "cassette.jsonl");
    writeFileSync(
      cassette,
      readFileSync(cassette, "utf8").replace(
        "terraform -chdir=infra plan -detailed-exitcode -lock=false -input=false -no-color -json",
        "terraform -chdir=infra plan -no-color",
      ),
    );
    const run = await runScenario(load(dir), { cwd: scratch });
    expect(run.passed).toBe(false);
    const failed = run.checks.filter((check) => !check.passed);
    expect(failed.map((check) => check.kind)).toEqual(["unanswered-calls"]);
    const [check] = failed;
    if (check?.kind !== "unanswered-calls") throw new Error("expected unanswered calls");
    expect(check.calls.map((call) => [call.tool, call.args, call.exit])).toEqual([
      ["terraform", ["-chdir=infra", "plan", "-no-color"], 127],
    ]);
    expect(check.calls[0]?.problem).toContain(
      `nearest recorded call (${join(dir, "calls.jsonl")}:1): terraform -chdir=infra plan -detailed-exitcode`,
    );
    expect(check.calls[0]?.problem).toContain(
      "argument 3 differs: got -no-color, recorded -detailed-exitcode",
    );
    // The call the session expected is left unused; the real tool never ran.
    expect(run.unused.map((record) => [record.tool, record.line])).toEqual([["terraform", 1]]);
    const item = run.stdout
      .split("\n")
      .filter((line) => line.includes('"item.completed"') && line.includes("command_execution"))
      .map((line) => JSON.parse(line).item)[0];
    expect(item.exit_code).toBe(127);
    expect(item.aggregated_output).toContain("ops-skill test: unrecorded call, not run");
  });

  test("a broken golden and a wrong expectation fail, each saying where", async () => {
    const dir = copyOfDrift("broken-golden");
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
        file: "report.json",
      },
      expect.objectContaining({
        kind: "expectation",
        passed: false,
        message: "/findings has 2, expected 3",
      }),
    ]);
  });

  test("a missing golden fails naming its file and how to write it", async () => {
    const dir = copyOfDrift("no-golden");
    rmSync(join(dir, "report.json"));
    const run = await runScenario(load(dir), { cwd: scratch });
    const golden = run.checks.find((check) => check.kind === "golden");
    expect(golden).toEqual({
      kind: "golden",
      passed: false,
      state: "missing",
      differences: [],
      file: "report.json",
    });
    const result = {
      id: "demo/no-golden",
      skill: "demo",
      name: "no-golden",
      dir,
      passed: false,
      durationMs: 1,
      checks: run.checks,
      problems: [],
    };
    expect(
      formatText({
        results: [result],
        totals: { scenarios: 1, passed: 0, failed: 1, durationMs: 1 },
      } as never),
    ).toContain("    golden: the expected report report.json is missing (write it with --update)");
    expect(
      formatGithub({
        results: [result],
        totals: { scenarios: 1, passed: 0, failed: 1, durationMs: 1 },
      } as never),
    ).toContain(
      `::error file=${join(dir, "report.json").replaceAll(":", "%3A")},title=ops-skill test%3A demo/no-golden%3A golden::golden: the expected report report.json is missing`,
    );
  });
});
