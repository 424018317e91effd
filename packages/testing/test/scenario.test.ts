import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  discoverScenarios,
  parseScenario,
  readScenario,
  SCRUBBED,
  type ScenarioResult,
  type ScenarioSource,
} from "../src/index.js";

const fixtures = join(import.meta.dirname, "fixtures");

function problemsOf(result: ScenarioResult | undefined): string[] {
  if (result === undefined || result.ok) throw new Error("expected problems");
  return result.problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
}

describe("a scenario folder", () => {
  test("reads every part of a scenario", () => {
    const result = readScenario(join(fixtures, "skills/demo/tests/drift"), "drift");
    if (!result.ok) throw new Error(problemsOf(result).join("\n"));
    const { scenario } = result;
    expect(scenario.id).toBe("demo/drift");
    expect(scenario.clock).toEqual({ now: "2026-12-01T06:00:00Z", epoch: 1796104800, tz: "UTC" });
    expect(scenario.env).toEqual({ TF_DIR: "infra", K8S_MANIFESTS_DIR: "k8s" });
    expect(scenario.cassette.session.end.kind).toBe("completed");
    expect(scenario.golden.state).toBe("present");
    expect(scenario.recordings.map((r) => [r.tool, r.line, r.exitCode, r.repeat])).toEqual([
      ["terraform", 1, 2, false],
      ["kubectl", 2, 1, false],
      ["kubectl", 3, 0, true],
    ]);
    expect(scenario.recordings[0]?.stdout).toEqual({ kind: "file", path: "files/plan.jsonl" });
    expect(scenario.recordings[0]?.file).toBe("drift/calls.jsonl");
    expect(scenario.scrub).toEqual([
      { pointer: "/checked_at", line: 7, with: SCRUBBED },
      { pointer: "/findings/*/detail", line: 7, with: "<detail>" },
    ]);
    expect(scenario.sets).toEqual([{ pointer: "/findings", line: 8 }]);
    expect(scenario.expect.map((e) => [e.op, e.pointer, e.line])).toEqual([
      ["equals", "/status", 10],
      ["contains", "/summary", 11],
      ["count", "/findings", 12],
    ]);
    expect(scenario.forbidden).toEqual([
      { argv: ["terraform", "apply"], line: 14 },
      { argv: ["kubectl", "delete"], line: 14 },
    ]);
    // The default tools are shimmed whether recorded or not.
    expect(scenario.tools).toContain("date");
    expect(scenario.tools).toContain("grype");
  });

  test("a clock with an offset and a time zone", () => {
    const result = readScenario(join(fixtures, "skills/demo/tests/shell-words"));
    expect(result.ok && result.scenario.clock).toEqual({
      now: "2026-12-01T07:00:00+01:00",
      epoch: 1796104800,
      tz: "Europe/Paris",
    });
  });

  test("a tool a record names, and one the scenario names, are shimmed", () => {
    const result = readScenario(join(fixtures, "skills/demo/tests/other-tool"));
    expect(result.ok && result.scenario.tools).toEqual(
      expect.arrayContaining(["vault", "psql", "terraform"]),
    );
  });
});

describe("bad input is a problem of that scenario, naming file and line", () => {
  const found = discoverScenarios(join(fixtures, "broken"), { cwd: fixtures });
  const byId = new Map(
    found.scenarios.map((result) => [result.ok ? result.scenario.id : result.id, result]),
  );

  test("the good scenario still loads", () => {
    expect(found.total).toBe(9);
    expect(byId.get("demo/good")?.ok).toBe(true);
    expect(found.scenarios.filter((s) => s.ok)).toHaveLength(1);
  });

  test("malformed scenario.json", () => {
    expect(problemsOf(byId.get("demo/malformed"))).toEqual([
      "broken/demo/tests/malformed/scenario.json:4: Trailing commas are not allowed in JSON",
    ]);
  });

  test("a folder without scenario.json", () => {
    expect(problemsOf(byId.get("demo/no-scenario"))).toEqual([
      "broken/demo/tests/no-scenario/scenario.json:0: no scenario.json: every folder under tests/ is a scenario and needs one",
    ]);
  });

  test("a scenario for a skill without SKILL.md", () => {
    expect(problemsOf(byId.get("orphan/lonely"))).toEqual([
      'broken/orphan/tests/lonely/scenario.json:1: the skill "orphan" has no SKILL.md: a scenario tests a skill of the folder it is in',
    ]);
  });

  test("missing, truncated cassettes and a malformed golden", () => {
    expect(problemsOf(byId.get("demo/missing-cassette"))).toEqual([
      "broken/demo/tests/missing-cassette/cassette.jsonl:0: the cassette does not exist",
    ]);
    expect(problemsOf(byId.get("demo/bad-cassette"))).toEqual([
      "broken/demo/tests/bad-cassette/cassette.jsonl:3: truncated: the last line is not complete JSON",
    ]);
    expect(problemsOf(byId.get("demo/bad-golden"))).toEqual([
      "broken/demo/tests/bad-golden/report.json:4: the golden report is not JSON: Expected a value",
    ]);
  });

  test("each wrong field of scenario.json, on its line", () => {
    expect(problemsOf(byId.get("demo/bad-fields"))).toEqual([
      'broken/demo/tests/bad-fields/scenario.json:3: "clock" must be an RFC 3339 time in whole seconds, like "2026-12-01T06:00:00Z" (got "2026-12-01 06:00")',
      'broken/demo/tests/bad-fields/scenario.json:4: "PATH" is set by the test environment (the shims and the frozen clock)',
      'broken/demo/tests/bad-fields/scenario.json:5: "bash" cannot be shimmed: the run needs the real one',
      'broken/demo/tests/bad-fields/scenario.json:5: "../bin/kubectl" is not a command name (letters, digits, ".", "_", "+", "-"; no "/"; at most 64 characters)',
      'broken/demo/tests/bad-fields/scenario.json:6: "checked_at" is not a JSON Pointer (it starts with "/", or is "" for the whole report)',
      'broken/demo/tests/bad-fields/scenario.json:8: unknown key "expects"; did you mean "expect"?',
      'broken/demo/tests/bad-fields/scenario.json:10: an expectation has exactly one of "equals", "contains", "count" (got 2)',
      'broken/demo/tests/bad-fields/scenario.json:11: "count" must be a non-negative integer',
      'broken/demo/tests/bad-fields/scenario.json:12: an expectation names one value: "*" is for scrub and sets',
    ]);
  });

  test("each bad recorded call, on its line; the good lines are not reported", () => {
    expect(problemsOf(byId.get("demo/bad-calls"))).toEqual([
      'broken/demo/tests/bad-calls/calls.jsonl:2: "tool": "bash" cannot be shimmed: the run needs the real one',
      'broken/demo/tests/bad-calls/calls.jsonl:3: "args" must be an array of strings (the arguments after the tool name)',
      'broken/demo/tests/bad-calls/calls.jsonl:4: "stdout_file" "../../../../../../etc/passwd": must stay inside the scenario folder (no "..")',
      'broken/demo/tests/bad-calls/calls.jsonl:5: "stdout_file" "files/missing.out": does not exist',
      'broken/demo/tests/bad-calls/calls.jsonl:6: give at most one of "stdin", "stdin_base64"',
      'broken/demo/tests/bad-calls/calls.jsonl:7: "stdout_base64" must be base64 text',
      'broken/demo/tests/bad-calls/calls.jsonl:8: unknown key "stdot"',
      'broken/demo/tests/bad-calls/calls.jsonl:8: "exit_code" must be an integer from 0 to 255',
      `broken/demo/tests/bad-calls/calls.jsonl:9: not JSON (Unexpected token 'o', "not json at all" is not valid JSON)`,
      'broken/demo/tests/bad-calls/calls.jsonl:11: "stdout_file" "files/leak": is outside the scenario folder',
    ]);
  });
});

describe("the model is pure", () => {
  const files: Record<string, string> = {
    "scenario.json": '{"version": 1, "clock": "2026-12-01T06:00:00Z", "calls": "rec/calls.jsonl"}',
    "cassette.jsonl":
      '{"type":"cassette","version":1}\n{"type":"model_turn","output":[{"type":"message","text":"{}"}]}\n',
  };
  const source = (skillExists: boolean): ScenarioSource => ({
    read: (path) =>
      path in files
        ? { ok: true, text: files[path] as string }
        : { ok: false, missing: true, problem: "does not exist" },
    checkFile: () => undefined,
    skillExists,
  });

  test("a calls file scenario.json names must exist", () => {
    const result = parseScenario({ skill: "s", name: "n", dir: "x", source: source(true) });
    expect(problemsOf(result)).toEqual([
      "x/rec/calls.jsonl:0: the recorded calls file does not exist",
    ]);
  });

  test("a default calls file may be absent, and the golden may be missing", () => {
    files["scenario.json"] = '{"version": 1, "clock": "2026-12-01T06:00:00Z"}';
    const result = parseScenario({ skill: "s", name: "n", dir: "x", source: source(true) });
    expect(result.ok && [result.scenario.recordings, result.scenario.golden]).toEqual([
      [],
      { path: "report.json", state: "missing" },
    ]);
  });

  test("version and clock are required", () => {
    files["scenario.json"] = "{}";
    const result = parseScenario({ skill: "s", name: "n", dir: "", source: source(true) });
    expect(problemsOf(result)).toEqual([
      'scenario.json:1: "version" must be 1 (the scenario format this ops-skill reads)',
      'scenario.json:1: "clock" is required: the time the session was recorded (RFC 3339), so "expires in 12 days" does not rot',
    ]);
  });
});
