// Issue 16's "done when", end to end: the built `ops-skill test` on scratch copies of the real
// catalogue (skills/, schemas/, schedule/, .codex/), each broken one way. Each break makes the
// run exit 1 with a message naming its cause, and the scenarios it does not touch still pass.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { copyCatalogue, repositoryRoot } from "./catalogue-copy.js";
import { runCli } from "./run-cli.js";

const root = repositoryRoot;
const scratch = mkdtempSync(join(tmpdir(), "ops-skill-done-when-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the catalogue, a repository of its own (a `.git` folder). */
const catalogue = (name: string): string => copyCatalogue(scratch, name);

/** Replaces `from` (which must be there) by `to` in a file of the copy. */
function edit(repo: string, file: string, from: string | RegExp, to: string): void {
  const path = join(repo, file);
  const text = readFileSync(path, "utf8");
  expect(text).toMatch(from);
  writeFileSync(path, text.replace(from, to));
}

interface JsonResult {
  id: string;
  passed: boolean;
  failures: string[];
}

/** `ops-skill test --filter drift-check --format json` in the copy: exit code and results. */
function testDriftCheck(repo: string) {
  const run = runCli(["test", "--filter", "drift-check", "--format", "json", "--jobs", "2"], repo);
  expect(run.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  const report = JSON.parse(run.stdout) as { results: JsonResult[] };
  const failed = report.results.filter((result) => !result.passed);
  return {
    code: run.code,
    passed: report.results.filter((result) => result.passed).map((result) => result.id),
    failed: failed.map((result) => result.id),
    failures: failed.flatMap((result) => result.failures).join("\n"),
  };
}

const ALL = [
  "drift-check/clean",
  "drift-check/kubectl-diff-read-only",
  "drift-check/provider-error",
  "drift-check/security-group-change",
];
const without = (id: string) => ALL.filter((other) => other !== id);
const SG = "drift-check/security-group-change";

/** The run failed (exit 1) on `id` alone: every other drift-check scenario passed. */
function expectOnlyFailed(run: ReturnType<typeof testDriftCheck>, id: string): void {
  expect(run).toMatchObject({ code: 1, passed: without(id), failed: [id] });
}

describe("ops-skill test on the catalogue: each break fails with its cause", () => {
  test("untouched, every drift-check scenario passes", () => {
    const run = testDriftCheck(catalogue("untouched"));
    expect(run).toMatchObject({ code: 0, passed: ALL, failed: [] });
  });

  test("a broken golden", () => {
    const repo = catalogue("golden");
    edit(
      repo,
      "skills/drift-check/tests/security-group-change/report.json",
      /"critical"/,
      '"warning"',
    );
    const run = testDriftCheck(repo);
    expectOnlyFailed(run, SG);
    expect(run.failures).toContain('golden: /status is "critical", expected "warning"');
  });

  test("a broken skill script: a syntax error in scripts/summarize-plan.sh", () => {
    const repo = catalogue("script");
    edit(
      repo,
      "skills/drift-check/scripts/summarize-plan.sh",
      /' "\$src"\n$/,
      `' "$src"\nif then\n`,
    );
    const run = testDriftCheck(repo);
    expect(run).toMatchObject({ code: 1, passed: [], failed: ALL });
    expect(run.failures).toMatch(
      /recorded output: .*skills\/drift-check\/tests\/clean\/cassette\.jsonl:5: call call_2 .* printed otherwise, line \d+: got "skills\/drift-check\/scripts\/summarize-plan\.sh: line \d+: syntax error near unexpected token `then'", recorded the end of the output/,
    );
  });

  test("a broken skill script: wrong output from scripts/summarize-kubectl-diff.sh", () => {
    const repo = catalogue("script-output");
    edit(repo, "skills/drift-check/scripts/summarize-kubectl-diff.sh", /"warning"/g, '"info"');
    const run = testDriftCheck(repo);
    expect(run.code).toBe(1);
    expect(run.failed).toContain(SG);
    expect(run.passed).toContain("drift-check/clean");
    expect(run.failures).toMatch(
      /recorded output: .*security-group-change\/cassette\.jsonl:\d+: call call_3 .* printed otherwise, line \d+: got .*severity.*info.*, recorded .*severity.*warning/,
    );
  });

  test('a hook that denies in a form Codex ignores ({"decision":"deny"})', () => {
    const repo = catalogue("ignored-deny");
    edit(
      repo,
      ".codex/hooks/guard.cjs",
      /function denyOutput\(reason\) \{\n/,
      'function denyOutput(reason) {\n  return JSON.stringify({ decision: "deny", reason }) + "\\n";\n',
    );
    const run = testDriftCheck(repo);
    expectOnlyFailed(run, SG);
    expect(run.failures).toContain(
      "guardrail: terraform apply (forbidden in skills/drift-check/tests/suite.json) is not blocked",
    );
    expect(run.failures).toContain(
      'Codex lets the call run: `"decision": "deny"` is not a Codex decision',
    );
  });

  test("an untrusted hook: its trusted_hash changed", () => {
    const repo = catalogue("untrusted-hash");
    edit(repo, "schedule/trust.json", /"sha256:[0-9a-f]/, '"sha256:0');
    const trust = readFileSync(join(repo, "schedule", "trust.json"), "utf8");
    expect(trust).not.toBe(readFileSync(join(root, "schedule", "trust.json"), "utf8"));
    const run = testDriftCheck(repo);
    expectOnlyFailed(run, SG);
    expect(run.failures).toContain(
      "guardrail: terraform apply (forbidden in skills/drift-check/tests/suite.json) is not blocked",
    );
    expect(run.failures).toContain("the hook is not trusted: codex exec skips it without a word");
  });

  test("an untrusted hook: its trust entry removed", () => {
    const repo = catalogue("untrusted-removed");
    const path = join(repo, "schedule", "trust.json");
    writeFileSync(
      path,
      `${JSON.stringify({ ...JSON.parse(readFileSync(path, "utf8")), hooks: [] })}\n`,
    );
    const run = testDriftCheck(repo);
    expectOnlyFailed(run, SG);
    expect(run.failures).toContain("the hook is not trusted: codex exec skips it without a word");
  });

  test("an unrecorded tool call: an argument changed in a cassette command", () => {
    const repo = catalogue("unrecorded-arg");
    edit(repo, "skills/drift-check/tests/clean/cassette.jsonl", "-lock=false", "-lock=true");
    const run = testDriftCheck(repo);
    expectOnlyFailed(run, "drift-check/clean");
    expect(run.failures).toContain(
      "ops-skill test: unrecorded call, not run: terraform -chdir=infra/prod plan",
    );
    expect(run.failures).toContain("argument 4 differs: got -lock=true, recorded -lock=false");
  });

  test("an unrecorded tool call: a calls.jsonl record removed", () => {
    const repo = catalogue("unrecorded-record");
    edit(repo, "skills/drift-check/tests/clean/calls.jsonl", /^[^\n]*\n/, "");
    const run = testDriftCheck(repo);
    expectOnlyFailed(run, "drift-check/clean");
    expect(run.failures).toContain(
      "unrecorded call: kubectl config current-context: ops-skill test: unrecorded call, not run: kubectl config current-context",
    );
  });

  test("an over-budget run: the skill's token_budget lowered", () => {
    const repo = catalogue("budget");
    edit(
      repo,
      "skills/drift-check/tests/suite.json",
      '"token_budget": 15000',
      '"token_budget": 14000',
    );
    const run = testDriftCheck(repo);
    expectOnlyFailed(run, SG);
    expect(run.failures).toContain(
      "cost: 14,295 tokens a run (input 13,000, 9,600 cached; output 1,295, 0 reasoning), over the skill's token_budget of 14,000 (suite.json) by 295",
    );
  });
});
