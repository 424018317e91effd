import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { firstDifference, recordedOutputMessages } from "../../src/checks/recorded-output.js";
import { readScenario, runScenario, type Scenario } from "../../src/index.js";

const fixtures = join(import.meta.dirname, "..", "fixtures", "skills");
const scratch = mkdtempSync(join(tmpdir(), "ops-skill-recorded-output-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The drift fixture under `name`, its recorded output for call c2 replaced. */
function driftRecording(name: string, from: string, to: string): Scenario {
  const dir = join(scratch, "skills", "demo", "tests", name);
  cpSync(join(fixtures, "demo", "tests", "drift"), dir, { recursive: true });
  writeFileSync(
    join(scratch, "skills", "demo", "SKILL.md"),
    readFileSync(join(fixtures, "demo", "SKILL.md")),
  );
  const cassette = join(dir, "cassette.jsonl");
  const text = readFileSync(cassette, "utf8");
  expect(text).toContain(from);
  writeFileSync(cassette, text.replace(from, to));
  const result = readScenario(dir);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  return result.scenario;
}

describe("the recorded-output check (replay engine)", () => {
  test("a command that prints otherwise than recorded fails, naming the call, line and text", async () => {
    const scenario = driftRecording(
      "printed",
      '"aggregated_output":"prod\\n',
      '"aggregated_output":"staging\\n',
    );
    const run = await runScenario(scenario, { cwd: scratch });
    expect(run.passed).toBe(false);
    const failed = run.checks.filter((check) => !check.passed);
    expect(failed.map((check) => check.kind)).toEqual(["recorded-output"]);
    const [check] = failed;
    if (check?.kind !== "recorded-output") throw new Error("expected recorded-output");
    expect(check.differences.map((d) => [d.callId, d.line])).toEqual([["c2", 5]]);
    expect(recordedOutputMessages(check)).toEqual([
      `recorded output: skills/demo/tests/printed/cassette.jsonl:5: call c2 ("kubectl config current-context && kubectl diff -R -f \\"$K8S_MANIFESTS_DIR\\"") printed otherwise, line 1: got "prod", recorded "staging"; the recorded model turns after it answer another output (fix the skill, or re-record the session)`,
    ]);
  });

  test("a command that exits otherwise than recorded fails with both codes", async () => {
    const scenario = driftRecording(
      "exited",
      '"call_id":"c2","exit_code":1',
      '"call_id":"c2","exit_code":0',
    );
    const run = await runScenario(scenario, { cwd: scratch });
    const check = run.checks.find((c) => c.kind === "recorded-output");
    if (check?.kind !== "recorded-output") throw new Error("expected recorded-output");
    expect(check.passed).toBe(false);
    expect(check.differences[0]?.detail).toBe("exited 1, recorded 0");
  });

  test("the first differing line, and the end of an output", () => {
    expect(firstDifference("a\nb\n", "a\nb\n")).toBeUndefined();
    expect(firstDifference("a\nb\n", "a\nc\n")).toBe('line 2: got "b", recorded "c"');
    expect(firstDifference("a\nb\nerror\n", "a\nb\n")).toBe(
      'line 3: got "error", recorded the end of the output',
    );
    expect(firstDifference("a\n", "a\nmore\n")).toBe(
      'line 2: got the end of the output, recorded "more"',
    );
  });
});
