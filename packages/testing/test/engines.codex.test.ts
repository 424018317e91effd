/**
 * Both engines on the fixture repository, under the real Codex (run by `npm run test:codex`):
 * the same scenario passes with each; a skill that keeps a scratch file in /tmp passes the
 * replay engine and fails the codex engine, which runs it with the schedule's read-only
 * permission profile; a command that hangs fails as a timeout in both.
 */
import { rmSync } from "node:fs";
import { makeRunDirectory, requireCodexBinary } from "@ops-skill/codex";
import { afterAll, describe, expect, test } from "vitest";
import { type Engine, failureMessages, runScenario, type ScenarioRun } from "../src/index.js";
import { copyScheduleRepo, scheduleScenario } from "./engines-repo.js";

requireCodexBinary();
const repo = copyScheduleRepo(makeRunDirectory("engines-repo"));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

function play(name: string, engine: Engine, commandTimeoutMs?: number): Promise<ScenarioRun> {
  return runScenario(scheduleScenario(repo, name), {
    cwd: repo,
    root: repo,
    engine,
    ...(commandTimeoutMs === undefined ? {} : { commandTimeoutMs }),
  });
}

const messages = (run: ScenarioRun) =>
  failureMessages({ ...run, skill: "ops-probe", name: run.id, durationMs: 0, problems: [] });

describe("the engines on one scenario", () => {
  test.each(["replay", "codex"] as const)(
    "%s: shims in Codex's login shell (PATH reset too), the frozen clock, the skill's script",
    async (engine) => {
      const run = await play("clean", engine);
      expect(messages(run)).toEqual([]);
      expect(run.passed).toBe(true);
      expect(run.outcome?.engine).toBe(engine);
      expect(run.outcome?.commands.map((c) => [c.command, c.exitCode, c.output])).toEqual([
        [
          "kubectl config current-context && date -u +%Y-%m-%dT%H:%M:%SZ",
          0,
          "prod\n2026-12-01T06:00:00Z\n",
        ],
        ["env PATH=/usr/bin:/bin bash -lc 'kubectl config current-context'", 0, "prod\n"],
        [
          "bash skills/ops-probe/scripts/summarize.sh",
          0,
          '{"context":"prod","plan_exit":2,"checked_at":"2026-12-01T06:00:00Z"}\n',
        ],
      ]);
      expect(run.calls.map((call) => [call.tool, call.record])).toEqual([
        ["kubectl", 0],
        ["date", null],
        ["kubectl", 0],
        ["kubectl", 0],
        ["terraform", 1],
        ["date", null],
      ]);
      expect(run.outcome?.usage).toMatchObject({ input_tokens: 490, output_tokens: 80 });
    },
  );
});

describe("the schedule's permissions", () => {
  test("a scratch file in /tmp: the replay engine lets it be", async () => {
    const run = await play("scratch", "replay");
    expect(messages(run)).toEqual([]);
  });

  test("a scratch file in /tmp: the codex engine fails it with the read-only error", async () => {
    const run = await play("scratch", "codex");
    expect(run.passed).toBe(false);
    expect(run.outcome?.commands[0]?.output).toContain(
      "/tmp/ops-probe-scratch: Read-only file system",
    );
    const engine = messages(run).find((line) => line.startsWith("engine: "));
    expect(engine).toContain("Read-only file system");
  });
});

describe("a command that hangs", () => {
  test("replay: killed at the command timeout, the scenario fails naming it", async () => {
    const run = await play("hang", "replay", 500);
    expect(messages(run)).toContainEqual(
      expect.stringMatching(
        /^timed out \(cassette\.jsonl:\d+, call [\w-]+\): sleep 60 && kubectl config current-context$/,
      ),
    );
  });

  test("codex: Codex moves on after yield_time_ms (10 s); the scenario fails naming it", async () => {
    const started = Date.now();
    const run = await play("hang", "codex");
    const took = Date.now() - started;
    expect(messages(run)).toContainEqual(
      expect.stringMatching(
        /^timed out \(cassette\.jsonl:\d+, call [\w-]+\): sleep 60 && kubectl config current-context$/,
      ),
    );
    expect(run.outcome?.problem).toContain("seen still running");
    // Codex stops the command when it exits: the run does not wait the 60 s out.
    expect(took).toBeLessThan(30_000);
  });
});

describe("the repository's hooks, trusted as the schedule trusts them", () => {
  test.each(["replay", "codex"] as const)(
    "%s: the guard blocks terraform apply",
    async (engine) => {
      const run = await play("forbidden", engine);
      expect(messages(run)).toEqual([]);
      expect(run.outcome?.commands).toEqual([
        {
          callId: "c1",
          command: "terraform -chdir=infra apply -auto-approve",
          blocked: { reason: "terraform apply is forbidden on the schedule" },
          output: null,
          exitCode: null,
        },
      ]);
      expect(run.calls).toEqual([]);
    },
  );
});
