/**
 * The replay engine on the schedule fixture repository (no Codex needed): the outcome it gives
 * the checks, hooks trusted through the schedule's Codex home, a command that hangs, a broken
 * schedule; and how a `--json` run's items and log become the commands of the outcome.
 */
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCassette } from "@ops-skill/mock-codex";
import { afterAll, describe, expect, test } from "vitest";
import { commandOutcomes, failureMessages, runScenario, type ScenarioRun } from "../src/index.js";
import { copyScheduleRepo, scheduleScenario } from "./engines-repo.js";

const repo = copyScheduleRepo(join(tmpdir(), `ops-skill-engines-${process.pid}`));
const untrusted = copyScheduleRepo(join(tmpdir(), `ops-skill-engines-untrusted-${process.pid}`));
rmSync(join(untrusted, "schedule", "trust.json"));
const broken = copyScheduleRepo(join(tmpdir(), `ops-skill-engines-broken-${process.pid}`));
writeFileSync(join(broken, "schedule", "trust.json"), '{ "version": 1, "project": "yes" }\n');
afterAll(() => {
  for (const dir of [repo, untrusted, broken]) rmSync(dir, { recursive: true, force: true });
});

const messages = (run: ScenarioRun) =>
  failureMessages({ ...run, skill: "ops-probe", name: run.id, durationMs: 0, problems: [] });
const play = (root: string, name: string, commandTimeoutMs?: number) =>
  runScenario(scheduleScenario(root, name), {
    cwd: root,
    root,
    ...(commandTimeoutMs === undefined ? {} : { commandTimeoutMs }),
  });

describe("the replay engine", () => {
  test("gives the checks the run's outcome: exit code, message, commands, calls, usage", async () => {
    const run = await play(repo, "clean");
    expect(messages(run)).toEqual([]);
    expect(run.outcome).toMatchObject({
      engine: "replay",
      exitCode: 0,
      finalMessage:
        '{"status":"warning","context":"prod","plan_exit":2,"checked_at":"2026-12-01T06:00:00Z"}',
      usage: { input_tokens: 490, output_tokens: 80 },
    });
    expect(run.outcome?.commands.map((c) => [c.callId, c.exitCode, c.blocked])).toEqual([
      ["c1", 0, null],
      ["c2", 0, null],
      ["c3", 0, null],
    ]);
    expect(run.calls.map((call) => call.tool)).toEqual([
      "kubectl",
      "date",
      "kubectl",
      "kubectl",
      "terraform",
      "date",
    ]);
    expect(run.outcome?.problem).toBeUndefined();
  });

  test("a hook the schedule trusts blocks the forbidden call", async () => {
    const run = await play(repo, "forbidden");
    expect(messages(run)).toEqual([]);
    expect(run.outcome?.commands[0]?.blocked).toEqual({
      reason: "terraform apply is forbidden on the schedule",
    });
  });

  test("without the schedule's trust the hook does not run, and the scenario fails saying so", async () => {
    const run = await play(untrusted, "forbidden");
    expect(run.passed).toBe(false);
    const engine = messages(run).find((line) => line.startsWith("engine: "));
    expect(engine).toContain("terraform -chdir=infra apply -auto-approve");
    expect(engine).toMatch(/trust|untrusted/);
  });

  test("a command that hangs is killed, and the scenario fails naming it", async () => {
    const run = await play(repo, "hang", 300);
    expect(messages(run)).toContainEqual(
      expect.stringMatching(
        /^timed out \(cassette\.jsonl:\d+, call [\w-]+\): sleep 60 && kubectl config current-context$/,
      ),
    );
    expect(run.outcome?.commands[0]).toMatchObject({ exitCode: 124, timedOut: true });
  });

  test("a broken schedule fails the scenario before it runs, naming the file and line", async () => {
    const run = await play(broken, "clean");
    expect(run.passed).toBe(false);
    expect(run.outcome).toBeUndefined();
    expect(messages(run)).toEqual([
      'engine: the Codex home: schedule/trust.json:1: "project" must be true or false',
    ]);
  });
});

describe("the commands of a --json run", () => {
  const session = (() => {
    const parsed = parseCassette(
      [
        '{"type":"cassette","version":1,"invocation":{"prompt":"Go."}}',
        '{"type":"model_turn","output":[{"type":"exec_command","call_id":"c1","cmd":"echo a"}]}',
        '{"type":"command_result","call_id":"c1","exit_code":0,"aggregated_output":"a\\n"}',
        '{"type":"model_turn","output":[],"blocked":[{"call_id":"c2","cmd":"rm -rf x\\ny","output":"-"}]}',
        '{"type":"model_turn","output":[{"type":"exec_command","call_id":"c3","cmd":"sleep 9"}]}',
        '{"type":"command_result","call_id":"c3","exit_code":0,"aggregated_output":""}',
        '{"type":"model_turn","output":[{"type":"message","text":"done"}]}',
      ].join("\n"),
      { file: "t.jsonl" },
    );
    if (!parsed.ok) throw new Error("fixture");
    return parsed.session;
  })();
  const item = (type: string, id: string, command: string, rest: object) => ({
    type,
    item: { id, type: "command_execution", command, ...rest },
  });

  test("blocked from the log line (a command over several lines too), ran from the items, hung when never completed", () => {
    const stderr =
      "2026-12-05T08:00:00Z ERROR codex_core::tools::router: error=Command blocked by PreToolUse hook: no. Not here. Command: rm -rf x\ny\n";
    const events = [
      item("item.started", "item_1", "/bin/bash -lc 'echo a'", {
        aggregated_output: "",
        exit_code: null,
      }),
      item("item.completed", "item_1", "/bin/bash -lc 'echo a'", {
        aggregated_output: "a\n",
        exit_code: 0,
      }),
      item("item.started", "item_2", "/bin/bash -lc 'sleep 9'", {
        aggregated_output: "",
        exit_code: null,
      }),
    ];
    expect(commandOutcomes(session, events, stderr)).toEqual([
      { callId: "c1", command: "echo a", blocked: null, output: "a\n", exitCode: 0 },
      {
        callId: "c2",
        command: "rm -rf x\ny",
        blocked: { reason: "no. Not here" },
        output: null,
        exitCode: null,
      },
      {
        callId: "c3",
        command: "sleep 9",
        blocked: null,
        output: "",
        exitCode: null,
        timedOut: true,
      },
    ]);
  });

  test("a run that stopped early lists the commands it reached", () => {
    expect(commandOutcomes(session, [], "")).toEqual([]);
  });
});
