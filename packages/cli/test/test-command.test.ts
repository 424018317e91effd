// `ops-skill test` run as users run it (the built binary, the repository as the working
// directory) over scratch repositories made of the testing package's fixture scenarios:
// exit 0 when every scenario passes, 1 when one fails, 2 for a usage error.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENGINES, TEST_FORMATS } from "@ops-skill/testing";
import { afterAll, describe, expect, test } from "vitest";
import { TEST_ENGINE_NAMES, TEST_FORMAT_NAMES } from "../src/commands/test.js";
import { runCli } from "./run-cli.js";

const fixtures = join(import.meta.dirname, "..", "..", "testing", "test", "fixtures", "skills");
const scratch = mkdtempSync(join(tmpdir(), "ops-skill-test-cmd-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A repository whose skill `demo` holds the passing drift scenario and, if asked, a failing copy. */
function repository(name: string, withFailing: boolean): string {
  const repo = join(scratch, name);
  const tests = join(repo, "skills", "demo", "tests");
  mkdirSync(join(repo, ".git"), { recursive: true });
  mkdirSync(tests, { recursive: true });
  cpSync(join(fixtures, "demo", "SKILL.md"), join(repo, "skills", "demo", "SKILL.md"));
  cpSync(join(fixtures, "demo", "tests", "drift"), join(tests, "drift"), { recursive: true });
  if (withFailing) {
    cpSync(join(fixtures, "demo", "tests", "drift"), join(tests, "wrong"), { recursive: true });
    const golden = join(tests, "wrong", "report.json");
    writeFileSync(golden, readFileSync(golden, "utf8").replace('"critical",', '"ok",'));
  }
  return repo;
}

describe("ops-skill test", () => {
  const passing = repository("passing", false);
  const failing = repository("failing", true);

  test("--format lists the reporters", () => {
    expect([...TEST_FORMAT_NAMES].sort()).toEqual(Object.keys(TEST_FORMATS).sort());
  });

  test("--engine lists the engines; codex without the Codex CLI is a usage error naming the fix", () => {
    expect([...TEST_ENGINE_NAMES]).toEqual([...ENGINES]);
    const saved = process.env.OPS_SKILL_CODEX_BIN;
    process.env.OPS_SKILL_CODEX_BIN = join(scratch, "no-codex-here");
    try {
      const run = runCli(["test", "--engine", "codex"], passing);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(
        "ops-skill test: the codex engine: OPS_SKILL_CODEX_BIN points at a missing file",
      );
    } finally {
      if (saved === undefined) delete process.env.OPS_SKILL_CODEX_BIN;
      else process.env.OPS_SKILL_CODEX_BIN = saved;
    }
    const replay = runCli(["test", "--engine", "replay"], passing);
    expect(replay.code).toBe(0);
    expect(runCli(["test", "--engine", "other"], passing).code).toBe(2);
  });

  test("exit 0 when every scenario passes", () => {
    const run = runCli(["test"], passing);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^✔ demo\/drift \(\d+ ms\)\n {4}· cost: 380 tokens a run [^\n]+\n\n1 scenario: 1 passed, 0 failed/,
    );
  });

  test("exit 1 when a scenario fails, naming what diverged; the others still run", () => {
    const run = runCli(["test"], failing);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✔ demo/drift");
    expect(run.stdout).toContain("✖ demo/wrong");
    expect(run.stdout).toContain('    golden: /status is "critical", expected "ok"');
    expect(run.stdout).toContain("2 scenarios: 1 passed, 1 failed");
    const junit = runCli(["test", "-f", "junit"], failing);
    expect(junit.code).toBe(1);
    expect(junit.stdout).toContain('<testsuite name="demo" tests="2" failures="1"');
    const json = runCli(["test", "--format", "json", "--filter", "demo/drift"], failing);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).totals).toMatchObject({ scenarios: 1, passed: 1, failed: 0 });
  });

  test("--shard selects; an unmatched filter beside a matched one is said on stderr", () => {
    const first = runCli(["test", "--shard", "1/2", "--format", "json"], failing);
    const second = runCli(["test", "--shard", "2/2", "--format", "json"], failing);
    expect([first.code, second.code]).toEqual([0, 1]);
    const ids = (out: string) => JSON.parse(out).results.map((r: { id: string }) => r.id);
    expect([ids(first.stdout), ids(second.stdout)]).toEqual([["demo/drift"], ["demo/wrong"]]);
    const run = runCli(["test", "--filter", "demo/drift", "--filter", "typo"], failing);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("ops-skill test: --filter typo matches no scenario\n");
  });

  test("--jobs runs scenarios at once and prints them in the suite's order", () => {
    const run = runCli(["test", "--jobs", "2"], failing);
    expect(run.code).toBe(1);
    expect(run.stdout.indexOf("✔ demo/drift")).toBeLessThan(run.stdout.indexOf("✖ demo/wrong"));
    const zero = runCli(["test", "--jobs", "0"], failing);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain("Expected an integer greater than or equal to 1");
  });

  test("exit 2 for a bad --shard, a filter that selects nothing, or no scenario at all", () => {
    const shard = runCli(["test", "--shard", "3/2"], passing);
    expect(shard.code).toBe(2);
    expect(shard.stderr).toContain('--shard "3/2": expected i/n with 1 <= i <= n');
    expect(shard.stdout).toBe("");
    const filter = runCli(["test", "--filter", "nope"], passing);
    expect(filter.code).toBe(2);
    expect(filter.stderr).toBe("ops-skill test: no scenario selected among 1 by --filter nope\n");
    const empty = join(scratch, "empty");
    mkdirSync(join(empty, ".git"), { recursive: true });
    const none = runCli(["test"], empty);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^ops-skill test: no scenario found under skills /);
    expect(none.stdout).toBe("");
  });

  test("--update writes missing and changed goldens atomically and lists them; unchanged ones stay", () => {
    const repo = repository("update", true);
    const tests = join(repo, "skills", "demo", "tests");
    cpSync(join(tests, "drift"), join(tests, "fresh"), { recursive: true });
    rmSync(join(tests, "fresh", "report.json"));
    const drift = readFileSync(join(tests, "drift", "report.json"), "utf8");
    const run = runCli(["test", "--update"], repo, { CI: "" });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`✔ demo/fresh (`);
    expect(run.stdout).toContain(
      `    golden added: ${join("skills", "demo", "tests", "fresh", "report.json")}`,
    );
    expect(run.stdout).toContain(
      `    golden updated: ${join("skills", "demo", "tests", "wrong", "report.json")}`,
    );
    expect(run.stdout).toContain("Goldens: 1 added, 1 updated, 1 unchanged");
    expect(JSON.parse(readFileSync(join(tests, "wrong", "report.json"), "utf8")).status).toBe(
      "critical",
    );
    // An unchanged golden (equal after normalisation) is not rewritten.
    expect(readFileSync(join(tests, "drift", "report.json"), "utf8")).toBe(drift);
    const again = runCli(["test"], repo, { CI: "" });
    expect(again.code).toBe(0);
  });

  test("--update is refused under CI (exit 2), and nothing is written", () => {
    const repo = repository("update-ci", true);
    const golden = join(repo, "skills", "demo", "tests", "wrong", "report.json");
    const before = readFileSync(golden, "utf8");
    const run = runCli(["test", "--update"], repo, { CI: "true" });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "ops-skill test: --update writes goldens and is refused when CI is set: a CI run checks the goldens it is given; update them locally and commit them\n",
    );
    expect(readFileSync(golden, "utf8")).toBe(before);
  });

  test("--update never writes for a scenario whose run broke; obsolete goldens are listed", () => {
    const repo = repository("update-broken", false);
    const tests = join(repo, "skills", "demo", "tests");
    const scenario = join(tests, "drift", "scenario.json");
    writeFileSync(
      scenario,
      readFileSync(scenario, "utf8").replace(
        '"exit_code": 0',
        '"exit_code": 3, "golden": "golden.json"',
      ),
    );
    const run = runCli(["test", "--update"], repo, { CI: "" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `    golden not written (${join("skills", "demo", "tests", "drift", "golden.json")}): the run broke: exit code 0, expected 3`,
    );
    expect(run.stdout).toContain(
      `obsolete golden (no scenario reads it): ${join("skills", "demo", "tests", "drift", "report.json")}`,
    );
    expect(existsSync(join(tests, "drift", "golden.json"))).toBe(false);
  });

  test("--format github: one ::error annotation per failed check, escaped as GitHub reads them", () => {
    const run = runCli(["test", "--format", "github"], repository("github", true), { CI: "true" });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      `::error file=${join("skills", "demo", "tests", "wrong", "report.json")},title=ops-skill test%3A demo/wrong%3A golden::golden: /status is "critical", expected "ok"\n` +
        "2 scenarios: 1 passed, 1 failed\n",
    );
    // No progress line when stderr is not a terminal.
    expect(run.stderr).toBe("");
  });
});
