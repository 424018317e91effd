// `runTests({ jobs })`: scenarios run at once, each in its own scratch folder, and the results
// come back in the suite's order with the same checks whatever the number of jobs.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { formatJson, runTests, type TestRun } from "../src/index.js";

const fixtures = join(import.meta.dirname, "fixtures", "skills", "demo");
const scratch = mkdtempSync(join(tmpdir(), "ops-skill-jobs-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A repository of 6 copies of the drift scenario, every other one with a golden that differs. */
function repository(): string {
  const repo = join(scratch, "repo");
  const tests = join(repo, "skills", "demo", "tests");
  mkdirSync(join(repo, ".git"), { recursive: true });
  mkdirSync(tests, { recursive: true });
  cpSync(join(fixtures, "SKILL.md"), join(repo, "skills", "demo", "SKILL.md"));
  for (let k = 1; k <= 6; k++) {
    const dir = join(tests, `drift-${k}`);
    cpSync(join(fixtures, "tests", "drift"), dir, { recursive: true });
    if (k % 2 === 0) {
      const golden = join(dir, "report.json");
      writeFileSync(golden, readFileSync(golden, "utf8").replace('"critical",', '"ok",'));
    }
  }
  return repo;
}

/** The JSON report without the durations, which differ from run to run. */
function stable(run: TestRun): unknown {
  if (!run.ok) throw new Error(run.message);
  const report = JSON.parse(formatJson(run));
  delete report.totals.durationMs;
  for (const result of report.results) delete result.durationMs;
  return report;
}

describe("runTests with jobs", () => {
  const repo = repository();

  test("gives the same report, in the suite's order, with 1 job and with 4", async () => {
    const one = await runTests({ cwd: repo, jobs: 1 });
    const four = await runTests({ cwd: repo, jobs: 4 });
    expect(stable(four)).toEqual(stable(one));
    if (!four.ok) throw new Error(four.message);
    expect(four.results.map((result) => [result.name, result.passed])).toEqual([
      ["drift-1", true],
      ["drift-2", false],
      ["drift-3", true],
      ["drift-4", false],
      ["drift-5", true],
      ["drift-6", false],
    ]);
  });
});
