// `ops-skill test` given bad input, run as users run it (the built binary) on scratch copies of
// the catalogue: each bad scenario fails on its own naming its file (and line) and cause, the
// others still run, nothing is overwritten, the exit code is the documented one, and no stack
// trace or runtime warning reaches the user.

import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { copyCatalogue, repositoryRoot } from "./catalogue-copy.js";
import { bin, runCli } from "./run-cli.js";

const root = repositoryRoot;
const scratch = mkdtempSync(join(tmpdir(), "ops-skill-test-bad-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const TESTS = "skills/drift-check/tests";

const catalogue = (name: string): string => copyCatalogue(scratch, name);

function clean(run: { stderr: string }): void {
  expect(run.stderr).not.toMatch(/\n\s+at |Warning:|RangeError|TypeError/);
}

describe("ops-skill test on bad input", () => {
  test("a golden nested 100,000 levels deep fails naming its file and line; the others run", () => {
    const repo = catalogue("deep");
    const golden = join(repo, TESTS, "clean", "report.json");
    writeFileSync(golden, `{"a":\n${"[".repeat(100_000)}${"]".repeat(100_000)}}`);
    const run = runCli(
      ["test", "--filter", "drift-check/clean", "--filter", "drift-check/provider-error"],
      repo,
    );
    clean(run);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "skills/drift-check/tests/clean/report.json:2: the golden report nests deeper than 512 levels",
    );
    expect(run.stdout).toContain("✔ drift-check/provider-error");
  });

  test("a 50 MB tool output streams to the command without a listener leak", () => {
    const repo = catalogue("huge");
    const line = `${"x".repeat(99)}\n`;
    writeFileSync(join(repo, TESTS, "clean", "files", "plan.jsonl"), line.repeat(500_000));
    const run = runCli(["test", "--filter", "drift-check/clean"], repo);
    clean(run);
    expect(run.code).toBe(1);
    // The skill's summary of it differs from the recorded one: that is the failure.
    expect(run.stdout).toContain("recorded output: ");
    expect(run.stdout).toContain(
      'printed otherwise, line 3: got "  \\"terraform_version\\": null,"',
    );
  });

  test("a malformed golden, a missing skill, an invalid recording: each fails on its own", () => {
    const repo = catalogue("malformed");
    writeFileSync(join(repo, TESTS, "clean", "report.json"), '{"status": ');
    const calls = join(repo, TESTS, "provider-error", "calls.jsonl");
    writeFileSync(calls, `${readFileSync(calls, "utf8")}{"tool":"kubectl","args":"oops"}\n`);
    mkdirSync(join(repo, "skills", "ghost", "tests"), { recursive: true });
    cpSync(
      join(repo, TESTS, "security-group-change"),
      join(repo, "skills", "ghost", "tests", "one"),
      {
        recursive: true,
      },
    );
    const run = runCli(["test", "--filter", "drift-check", "--filter", "ghost"], repo);
    clean(run);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "skills/drift-check/tests/clean/report.json:1: the golden report is not JSON: Expected a value",
    );
    expect(run.stdout).toMatch(
      /skills\/drift-check\/tests\/provider-error\/calls\.jsonl:\d+: "args" must be an array of strings/,
    );
    expect(run.stdout).toContain(
      'skills/ghost/tests/one/scenario.json:1: the skill "ghost" has no SKILL.md',
    );
    expect(run.stdout).toContain("✔ drift-check/security-group-change");
    expect(run.stdout).toContain("✔ drift-check/kubectl-diff-read-only");
  });

  test("--update under CI is refused and writes nothing; --update twice gives the same bytes", () => {
    const repo = catalogue("update");
    const golden = join(repo, TESTS, "security-group-change", "report.json");
    const original = readFileSync(golden);
    writeFileSync(golden, original.toString().replace('"critical"', '"warning"'));
    rmSync(join(repo, TESTS, "clean", "report.json"));
    const broken = readFileSync(golden);
    const filter = [
      "--filter",
      "drift-check/clean",
      "--filter",
      "drift-check/security-group-change",
    ];
    const refused = runCli(["test", ...filter, "--update"], repo, { CI: "true" });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--update writes goldens and is refused when CI is set");
    expect(readFileSync(golden)).toEqual(broken);
    const first = runCli(["test", ...filter, "--update"], repo, { CI: "" });
    clean(first);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Goldens: 1 added, 1 updated, 0 unchanged");
    expect(readFileSync(golden)).toEqual(original);
    const added = readFileSync(join(repo, TESTS, "clean", "report.json"));
    expect(added).toEqual(readFileSync(join(root, TESTS, "clean", "report.json")));
    const second = runCli(["test", ...filter, "--update"], repo, { CI: "" });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("Goldens: 0 added, 0 updated, 2 unchanged");
    expect(readFileSync(golden)).toEqual(original);
    expect(readFileSync(join(repo, TESTS, "clean", "report.json"))).toEqual(added);
  });

  test("a scenario env that sets PATH or HOME is refused with its line", () => {
    const repo = catalogue("env");
    const path = join(repo, TESTS, "clean", "scenario.json");
    const settings = JSON.parse(readFileSync(path, "utf8"));
    settings.env = { ...settings.env, PATH: "/evil", HOME: "/root" };
    writeFileSync(path, JSON.stringify(settings, null, 2));
    const run = runCli(["test", "--filter", "drift-check/clean"], repo);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /scenario\.json:\d+: "PATH" is set by the test environment[^\n]*\n[^\n]*scenario\.json:\d+: "HOME" is set by the test environment/,
    );
  });

  test("a full disk while the shims are written: the scenario fails and the run ends", () => {
    const repo = catalogue("full-disk");
    // Each file write past 300 bytes fails with EFBIG (the shims are larger): a full disk.
    const run = spawnSync(
      "prlimit",
      ["--fsize=300", process.execPath, bin, "test", "--filter", "drift-check/clean"],
      {
        cwd: repo,
        encoding: "utf8",
        timeout: 30_000,
        killSignal: "SIGKILL",
        env: { ...process.env, NO_COLOR: "1" },
      },
    );
    expect(run.signal).toBeNull(); // it ended on its own (the call server was left listening)
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      /✖ drift-check\/clean .*\n.*the tool shims cannot be written in .*: EFBIG: file too large/,
    );
    clean(run);
  });
});
