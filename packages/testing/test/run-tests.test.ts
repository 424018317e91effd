// `runTests` over a scratch repository made of the fixture scenarios: the passing drift
// scenario, a copy whose golden says otherwise (it must fail, naming the difference), and a
// malformed scenario.json (it must fail on its own, naming its file and line).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { failureMessages, runTests } from "../src/index.js";

const fixtures = join(import.meta.dirname, "fixtures");
const scratch = mkdtempSync(join(tmpdir(), "ops-skill-run-tests-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A repository (a `.git` folder) whose skill `demo` holds the given scenarios. */
function repository(name: string): string {
  const repo = join(scratch, name);
  const tests = join(repo, "skills", "demo", "tests");
  mkdirSync(join(repo, ".git"), { recursive: true });
  mkdirSync(tests, { recursive: true });
  cpSync(join(fixtures, "skills", "demo", "SKILL.md"), join(repo, "skills", "demo", "SKILL.md"));
  cpSync(join(fixtures, "skills", "demo", "tests", "drift"), join(tests, "drift"), {
    recursive: true,
  });
  cpSync(join(fixtures, "skills", "demo", "tests", "drift"), join(tests, "wrong"), {
    recursive: true,
  });
  const golden = join(tests, "wrong", "report.json");
  writeFileSync(golden, readFileSync(golden, "utf8").replace('"critical",', '"ok",'));
  cpSync(join(fixtures, "broken", "demo", "tests", "malformed"), join(tests, "malformed"), {
    recursive: true,
  });
  return repo;
}

describe("runTests", () => {
  const repo = repository("repo");

  test("runs every scenario; a failing and a malformed one fail on their own", async () => {
    const run = await runTests({ cwd: repo });
    if (!run.ok) throw new Error(run.message);
    expect(run.root).toBe(repo);
    expect(run.results.map((result) => [result.id, result.passed])).toEqual([
      ["demo/drift", true],
      ["demo/malformed", false],
      ["demo/wrong", false],
    ]);
    expect(run.totals).toMatchObject({ scenarios: 3, passed: 1, failed: 2 });
    const [drift, malformed, wrong] = run.results;
    if (!drift || !malformed || !wrong) throw new Error("three results expected");
    expect(drift.checks.every((check) => check.passed)).toBe(true);
    expect(malformed.checks).toEqual([]);
    expect(failureMessages(malformed)).toEqual([
      expect.stringMatching(/^skills\/demo\/tests\/malformed\/scenario\.json:4: /),
    ]);
    expect(failureMessages(wrong)).toEqual(['golden: /status is "critical", expected "ok"']);
  });

  test("the repository is found from a folder inside it; files are named from cwd", async () => {
    const run = await runTests({ cwd: join(repo, "skills"), filter: ["demo/mal*"] });
    if (!run.ok) throw new Error(run.message);
    expect(run.results.map((result) => result.id)).toEqual(["demo/malformed"]);
    expect(run.results[0]?.problems[0]?.file).toBe("demo/tests/malformed/scenario.json");
  });

  test("a root given runs from any cwd", async () => {
    const run = await runTests({ root: repo, cwd: scratch, filter: ["demo/drift"] });
    if (!run.ok) throw new Error(run.message);
    expect(run.results.map((result) => [result.id, result.passed])).toEqual([["demo/drift", true]]);
  });

  test("filters and shards select; an unmatched filter is listed", async () => {
    const run = await runTests({ cwd: repo, filter: ["demo/w*", "nothing"] });
    if (!run.ok) throw new Error(run.message);
    expect(run.results.map((result) => result.id)).toEqual(["demo/wrong"]);
    expect(run.unmatchedFilters).toEqual(["nothing"]);
    const shards = await Promise.all(
      [1, 2].map((index) => runTests({ cwd: repo, shard: { index, total: 2 } })),
    );
    expect(shards.map((shard) => (shard.ok ? shard.results.map((r) => r.id) : []))).toEqual([
      ["demo/drift", "demo/wrong"],
      ["demo/malformed"],
    ]);
  });

  test("nothing selected, or nothing found, is a usage problem, never a pass", async () => {
    expect(await runTests({ cwd: repo, filter: ["nope"] })).toEqual({
      ok: false,
      message: "no scenario selected among 3 by --filter nope",
    });
    const empty = join(scratch, "empty");
    mkdirSync(join(empty, ".git"), { recursive: true });
    const run = await runTests({ cwd: empty });
    expect(run.ok).toBe(false);
    expect(run.ok ? "" : run.message).toMatch(/^no scenario found under skills /);
  });
});
