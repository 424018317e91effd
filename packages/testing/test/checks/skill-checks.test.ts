/**
 * The stale-cassette, schema and validate-report.sh checks, on a fixture repository whose skill
 * has an output schema and its own validate-report.sh, run by the replay engine.
 */
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { checkValidateScript } from "../../src/checks/validate-script.js";
import { checkMessages, readScenario, runScenario, type Scenario } from "../../src/index.js";

const fixture = join(import.meta.dirname, "..", "fixtures", "skill-checks");
const scratch = mkdtempSync(join(tmpdir(), "ops-skill-skill-checks-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let copies = 0;
function repository(): string {
  const repo = join(scratch, `repo-${copies++}`);
  cpSync(fixture, repo, { recursive: true });
  return repo;
}

function load(repo: string): Scenario {
  const loaded = readScenario(join(repo, "skills/demo/tests/ok"));
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join("\n"));
  return loaded.scenario;
}

/** The scenario with the final message of its session replaced. */
function withReport(repo: string, report: object): Scenario {
  const cassette = join(repo, "skills/demo/tests/ok/cassette.jsonl");
  const lines = readFileSync(cassette, "utf8").trimEnd().split("\n");
  const last = JSON.parse(lines.at(-1) as string);
  last.output[0].text = JSON.stringify(report);
  lines[lines.length - 1] = JSON.stringify(last);
  writeFileSync(cassette, `${lines.join("\n")}\n`);
  return load(repo);
}

const failures = (run: Awaited<ReturnType<typeof runScenario>>) =>
  run.checks.filter((check) => !check.passed).flatMap(checkMessages);

describe("the skill's checks", () => {
  test("a report the schema and validate-report.sh accept, from an up-to-date cassette, passes", async () => {
    const repo = repository();
    const run = await runScenario(load(repo), { cwd: repo });
    expect(failures(run)).toEqual([]);
    expect(run.checks.map((check) => check.kind)).toEqual([
      "exit-code",
      "report",
      "golden",
      "unanswered-calls",
      "forbidden",
      "context",
      "cost",
      "stale-cassette",
      "recorded-output",
      "schema",
      "validate-script",
    ]);
  });

  test("a report the schema refuses: each violation by JSON Pointer", async () => {
    const repo = repository();
    const scenario = withReport(repo, { status: "fine", summary: "x", checked_at: "now", n: 1 });
    const run = await runScenario(scenario, { cwd: repo });
    const schema = run.checks.find((check) => check.kind === "schema");
    expect(schema && checkMessages(schema)).toEqual([
      "schema (schemas/demo-report.schema.json): /n is not allowed: the schema has no such property",
      'schema (schemas/demo-report.schema.json): /status must be one of "ok", "warning", "critical"',
      'schema (schemas/demo-report.schema.json): /checked_at must match format "date-time"',
    ]);
  });

  test("a report validate-report.sh rejects: its stderr is the message", async () => {
    const repo = repository();
    const scenario = withReport(repo, {
      status: "ok",
      summary: "",
      checked_at: "2026-12-01T06:00:00Z",
    });
    // The session's message is compact JSON; the script looks for the pretty form too.
    const run = await runScenario(scenario, { cwd: repo });
    const script = run.checks.find((check) => check.kind === "validate-script");
    expect(script?.passed).toBe(true);
    writeFileSync(
      join(repo, "skills/demo/scripts/validate-report.sh"),
      '#!/usr/bin/env bash\ngrep -q \'"summary":""\' "$1" && { echo "validate-report.sh: the summary is empty" >&2; exit 1; }\nexit 0\n',
    );
    const again = await runScenario(scenario, { cwd: repo });
    const rejected = again.checks.find((check) => check.kind === "validate-script");
    expect(rejected && checkMessages(rejected)).toEqual([
      "scripts/validate-report.sh rejects the report (exit 1):",
      "  validate-report.sh: the summary is empty",
    ]);
  });

  test("a broken validate-report.sh fails the scenario, naming the script and what bash said", async () => {
    const repo = repository();
    writeFileSync(
      join(repo, "skills/demo/scripts/validate-report.sh"),
      '#!/usr/bin/env bash\nif [ -n "$1" ; then\n  exit 0\n',
    );
    const run = await runScenario(load(repo), { cwd: repo });
    const messages = failures(run);
    expect(messages[0]).toBe("scripts/validate-report.sh rejects the report (exit 2):");
    expect(messages[1]).toContain("syntax error");
  });

  test("a script that hangs is killed at the timeout and says so", async () => {
    const repo = repository();
    const check = await checkValidateScript(load(repo), '{"hang": true}', {
      cwd: repo,
      env: { PATH: "/usr/bin:/bin", HOME: join(repo, "skills") },
      scratch: join(repo, ".scratch"),
      timeoutMs: 300,
    });
    expect(check && checkMessages(check)).toEqual([
      "scripts/validate-report.sh did not finish within 0.3 s and was killed, saying nothing on stderr",
    ]);
  });

  test("the script runs under the shims' environment: the frozen clock and the shims", async () => {
    const repo = repository();
    writeFileSync(
      join(repo, "skills/demo/scripts/validate-report.sh"),
      '#!/usr/bin/env bash\n[ "$(date -u +%Y)" = 2026 ] || { echo "clock not frozen: $(date -u)" >&2; exit 1; }\nterraform version >&2; exit 1\n',
    );
    const run = await runScenario(load(repo), { cwd: repo });
    const messages = failures(run);
    // Past the clock check; terraform is a shim that fails closed (no such call recorded).
    expect(messages[0]).toBe("scripts/validate-report.sh rejects the report (exit 1):");
    expect(messages[1]).toContain("ops-skill test: unrecorded call, not run: terraform version");
  });

  test("a SKILL.md or schema changed since the recording: a stale cassette, with both hashes and how to re-record", async () => {
    const repo = repository();
    appendFileSync(join(repo, "skills/demo/SKILL.md"), "\nA new step.\n");
    appendFileSync(join(repo, "schemas/demo-report.schema.json"), "\n");
    const run = await runScenario(load(repo), { cwd: repo });
    const stale = run.checks.find((check) => check.kind === "stale-cassette");
    const messages = stale ? checkMessages(stale) : [];
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(
      /^stale cassette: skills\/demo\/SKILL\.md changed since skills\/demo\/tests\/ok\/cassette\.jsonl was recorded \(recorded sha256:0a2653fb[0-9a-f]{56}, now sha256:[0-9a-f]{64}\)$/,
    );
    expect(messages[1]).toMatch(
      /^stale cassette: schemas\/demo-report\.schema\.json changed since .* \(recorded sha256:e77a1a33/,
    );
    expect(messages[2]).toBe(
      "  re-record the session from the repository root: ops-skill record --cassette 'skills/demo/tests/ok/cassette.jsonl' -- '--json' '--output-schema' 'schemas/demo-report.schema.json' 'Run demo.'",
    );
  });

  test("a skill recorded by the path Codex found it at (a link to skills/) is still compared", async () => {
    const repo = repository();
    mkdirSync(join(repo, ".agents"));
    symlinkSync("../skills", join(repo, ".agents", "skills"));
    const cassette = join(repo, "skills/demo/tests/ok/cassette.jsonl");
    writeFileSync(
      cassette,
      readFileSync(cassette, "utf8").replace(
        '"skills/demo/SKILL.md"',
        '".agents/skills/demo/SKILL.md"',
      ),
    );
    const fresh = await runScenario(load(repo), { cwd: repo });
    expect(fresh.checks.find((check) => check.kind === "stale-cassette")?.passed).toBe(true);
    appendFileSync(join(repo, "skills/demo/SKILL.md"), "\nA new step.\n");
    const run = await runScenario(load(repo), { cwd: repo });
    const stale = run.checks.find((check) => check.kind === "stale-cassette");
    expect(stale && checkMessages(stale)[0]).toMatch(
      /^stale cassette: skills\/demo\/SKILL\.md changed/,
    );
  });
});
