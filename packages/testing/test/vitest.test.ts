/**
 * `@ops-skill/testing/vitest` in this repository's vitest: a scenario run inside a test, a test
 * registered per scenario, and the `toMatchGolden` matcher. This run is not under `-u`, so
 * goldens are compared, never rewritten (a missing one is written only outside CI).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  runScenarioInTest,
  scenarioTest,
  toMatchGolden,
  updateMode,
  writesGolden,
} from "@ops-skill/testing/vitest";
import { afterAll, describe, expect, test } from "vitest";

const fixtures = join(import.meta.dirname, "fixtures", "skills");
const scratch = mkdtempSync(join(tmpdir(), "ops-skill-vitest-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("scenarios inside vitest", () => {
  scenarioTest(join(fixtures, "demo/tests/drift"), { root: scratch });

  test("runScenarioInTest gives the run; a scenario that does not load throws with its lines", async () => {
    const run = await runScenarioInTest(join(fixtures, "demo/tests/drift"), { root: scratch });
    expect(run.passed).toBe(true);
    expect(run.report).toMatchObject({ status: "critical" });
    const broken = join(import.meta.dirname, "fixtures", "broken", "demo", "tests", "bad-fields");
    await expect(runScenarioInTest(broken, { root: scratch })).rejects.toThrow(
      /does not load:\n.*scenario\.json:\d+: /,
    );
  });

  test("a run whose golden differs fails its checks without -u; under -u it is rewritten", async () => {
    const dir = join(scratch, "skills", "demo", "tests", "wrong");
    cpSync(join(fixtures, "demo", "tests", "drift"), dir, { recursive: true });
    cpSync(join(fixtures, "demo", "SKILL.md"), join(scratch, "skills", "demo", "SKILL.md"));
    const golden = join(dir, "report.json");
    const before = readFileSync(golden, "utf8").replace('"critical",', '"ok",');
    writeFileSync(golden, before);
    const run = await runScenarioInTest(dir, { root: scratch });
    if (updateMode() === "all") {
      expect(run.passed).toBe(true);
      expect(JSON.parse(readFileSync(golden, "utf8")).status).toBe("critical");
    } else {
      expect(run.passed).toBe(false);
      expect(readFileSync(golden, "utf8")).toBe(before);
    }
  });
});

describe("toMatchGolden", () => {
  const fixture = join(fixtures, "demo/tests/drift/report.json");
  const report = JSON.parse(readFileSync(fixture, "utf8"));
  /** A copy of the fixture golden in the scratch folder (a run under -u may rewrite it). */
  const copy = (name: string) => {
    const path = join(scratch, name);
    cpSync(fixture, path);
    return path;
  };

  test("matches after the declared normalisation", async () => {
    const golden = copy("match.json");
    await expect(report).toMatchGolden(golden);
    const reordered = { ...report, checked_at: "later", findings: [...report.findings].reverse() };
    await expect(reordered).toMatchGolden(golden, {
      scrub: [{ pointer: "/checked_at", line: 0, with: "x" }],
      sets: [{ pointer: "/findings" }],
    });
    expect(readFileSync(golden, "utf8")).toBe(readFileSync(fixture, "utf8"));
  });

  test("a different report fails, saying where; under vitest -u it rewrites the golden", async () => {
    const golden = copy("differs.json");
    const result = await toMatchGolden({ ...report, status: "ok" }, golden);
    if (updateMode() === "all") {
      expect(result.pass).toBe(true);
      expect(JSON.parse(readFileSync(golden, "utf8")).status).toBe("ok");
      return;
    }
    expect(result.pass).toBe(false);
    expect(result.message()).toContain('  golden: /status is "ok", expected "critical"');
    expect(result.message()).toContain("run vitest -u to update it");
    await expect(expect({ ...report, status: "ok" }).toMatchGolden(golden)).rejects.toThrow(
      /does not match the golden/,
    );
    expect(readFileSync(golden, "utf8")).toBe(readFileSync(fixture, "utf8"));
  });

  test("a golden that is not JSON names its line", async () => {
    const bad = join(scratch, "bad.json");
    writeFileSync(bad, '{\n  "a": 1,\n}\n');
    const result = await toMatchGolden({ a: 1 }, bad);
    expect(result.message()).toMatch(/bad\.json:3 is not JSON/);
  });

  test("a missing golden: written outside CI unless snapshots are frozen; never under CI", async () => {
    expect(writesGolden("all", "changed")).toBe(true);
    expect(writesGolden("new", "changed")).toBe(false);
    expect(writesGolden("none", "changed")).toBe(false);
    expect(writesGolden("new", "missing")).toBe(true);
    expect(writesGolden("none", "missing")).toBe(false);
    expect(updateMode({ CI: "true" })).toBe("none");
    const missing = join(scratch, "new", "golden.json");
    const result = await toMatchGolden({ a: 1 }, missing);
    if (updateMode() === "none") {
      expect(result.pass).toBe(false);
      expect(result.message()).toContain("does not exist");
      expect(existsSync(missing)).toBe(false);
    } else {
      expect(result.pass).toBe(true);
      expect(readFileSync(missing, "utf8")).toBe('{\n  "a": 1\n}\n');
    }
  });
});
