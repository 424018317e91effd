import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import {
  formatJson,
  formatJunit,
  goldenChange,
  isCi,
  readScenario,
  runTests,
  type Scenario,
  updateGolden,
} from "../src/index.js";

const fixtures = join(import.meta.dirname, "fixtures", "skills");
const scratch = mkdtempSync(join(tmpdir(), "ops-skill-goldens-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function copyOfDrift(name: string): string {
  const dir = join(scratch, name, "skills", "demo", "tests", "drift");
  cpSync(join(fixtures, "demo", "tests", "drift"), dir, { recursive: true });
  cpSync(join(fixtures, "demo", "SKILL.md"), join(scratch, name, "skills", "demo", "SKILL.md"));
  return dir;
}

function load(dir: string): Scenario {
  const loaded = readScenario(dir);
  if (!loaded.ok) throw new Error("should load");
  return loaded.scenario;
}

describe("goldens", () => {
  test("CI is set unless empty, false or 0", () => {
    expect([undefined, "", "false", "0", "true", "1", "github"].map((CI) => isCi({ CI }))).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
  });

  test("a golden equal after normalisation is unchanged; another is updated", () => {
    const scenario = load(join(fixtures, "demo/tests/drift"));
    const golden = scenario.golden.state === "present" ? scenario.golden.value : undefined;
    const reordered = structuredClone(golden) as { checked_at: string; findings: unknown[] };
    reordered.checked_at = "another time";
    reordered.findings.reverse();
    expect(goldenChange(scenario, reordered)).toBe("unchanged");
    expect(goldenChange(scenario, { ...reordered, status: "ok" })).toBe("updated");
    expect(goldenChange({ ...scenario, golden: { path: "x.json", state: "missing" } }, {})).toBe(
      "added",
    );
  });

  test("a golden the writer refuses (read-only) is not written, and says why", async () => {
    const dir = copyOfDrift("read-only");
    const file = join(dir, "report.json");
    const before = readFileSync(file, "utf8");
    chmodSync(file, 0o444);
    const update = await updateGolden(load(dir), { status: "ok" }, dir);
    expect(update).toEqual({
      id: "demo/drift",
      file: "report.json",
      change: "not-written",
      reason: expect.stringContaining("read-only"),
    });
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  test("json carries each golden update and the obsolete goldens; junit the new checks", async () => {
    const dir = copyOfDrift("reports");
    writeFileSync(
      join(dir, "scenario.json"),
      readFileSync(join(dir, "scenario.json"), "utf8").replace(
        '"exit_code": 0,',
        '"exit_code": 0, "golden": "golden.json",',
      ),
    );
    const run = await runTests({
      root: join(scratch, "reports"),
      cwd: scratch,
      update: true,
      env: {},
    });
    if (!run.ok) throw new Error(run.message);
    const json = JSON.parse(formatJson(run));
    expect(json.results[0].golden).toEqual({
      id: "demo/drift",
      file: join("reports", "skills", "demo", "tests", "drift", "golden.json"),
      change: "added",
    });
    expect(json.obsoleteGoldens).toEqual([
      join("reports", "skills", "demo", "tests", "drift", "report.json"),
    ]);
    // The forbidden terraform apply of the scenario is never attempted: the guardrail passes.
    expect(json.results[0].checks.map((c: { kind: string }) => c.kind)).toContain("guardrails");
    const refused = await runTests({
      root: join(scratch, "reports"),
      update: true,
      env: { CI: "1" },
    });
    expect(refused).toEqual({
      ok: false,
      message: expect.stringContaining("refused when CI is set"),
    });
    // A failed guardrail reaches the JUnit failure.
    const junit = formatJunit({
      totals: { scenarios: 1, passed: 0, failed: 1, durationMs: 1 },
      results: [
        {
          ...run.results[0],
          passed: false,
          checks: [
            {
              kind: "guardrails",
              passed: false,
              attempts: [
                {
                  callId: "c9",
                  command: "terraform apply",
                  forbidden: ["terraform", "apply"],
                  source: "scenario.json",
                  blocked: false,
                  why: ["no hook"],
                },
              ],
            },
          ],
        } as never,
      ],
    });
    expect(junit).toContain(
      "guardrail: terraform apply (forbidden in scenario.json) is not blocked by any hook (call c9: &quot;terraform apply&quot;)",
    );
  });
});
