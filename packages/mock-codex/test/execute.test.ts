import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CODEX_VERSION } from "@ops-skill/codex/version";
import { afterAll, describe, expect, it } from "vitest";
import {
  type CommandRun,
  executeSession,
  processCommandRunner,
  runExec,
  type Session,
  TIMEOUT_EXIT_CODE,
} from "../src/index.js";

const CASES = join(import.meta.dirname, "..", "..", "..", "conformance", "mock", "cases");
const scratch = mkdtempSync(join(tmpdir(), "mock-codex-execute-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let repos = 0;
/** A git repository holding a cassette whose commands are `cmds`, each recorded as `recorded`. */
function repoWith(cmds: string[]): { dir: string; cassette: string } {
  const dir = join(scratch, `repo-${repos++}`);
  mkdirSync(join(dir, ".git"), { recursive: true });
  writeFileSync(join(dir, ".git/HEAD"), "ref: refs/heads/main\n");
  const lines: unknown[] = [
    {
      type: "cassette",
      version: 1,
      codex_version: CODEX_VERSION,
      invocation: { prompt: "Run it.", args: ["--json"] },
    },
  ];
  cmds.forEach((cmd, k) => {
    lines.push({
      type: "model_turn",
      usage: { input_tokens: 10, output_tokens: 1 },
      output: [{ type: "exec_command", call_id: `c${k}`, cmd }],
    });
    lines.push({
      type: "command_result",
      call_id: `c${k}`,
      exit_code: 0,
      duration_ms: 5,
      aggregated_output: "recorded\n",
    });
  });
  lines.push({
    type: "model_turn",
    usage: { input_tokens: 10, output_tokens: 1 },
    output: [{ type: "message", text: "done" }],
  });
  const cassette = join(dir, "session.jsonl");
  writeFileSync(cassette, `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`);
  return { dir, cassette };
}

interface CommandItem {
  command: string;
  aggregated_output: string;
  exit_code: number | null;
  status: string;
}

function completedCommands(stdout: string): CommandItem[] {
  return stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line))
    .filter((event) => event.type === "item.completed" && event.item.type === "command_execution")
    .map((event) => {
      const { command, aggregated_output, exit_code, status } = event.item;
      return { command, aggregated_output, exit_code, status };
    });
}

const env = { PATH: "/usr/bin:/bin", HOME: scratch, GREETING: "hello" };

describe("execute mode", () => {
  it("runs each command in the session's directory and reports its real output", async () => {
    const { dir, cassette } = repoWith([
      'echo "$GREETING from $(basename "$PWD")"',
      "echo to-stdout; sleep 0.2; echo to-stderr >&2; sleep 0.2; echo stdout-again",
      "echo it broke >&2; exit 3",
    ]);
    const argv = ["--json", "--cassette", cassette, "Run it."];
    const result = await runExec(argv, {
      cwd: dir,
      env: {},
      stdin: undefined,
      execute: { env, timeoutMs: 10_000 },
    });
    expect(result.exitCode).toBe(0);
    const base = dir.slice(dir.lastIndexOf("/") + 1);
    expect(completedCommands(result.stdout)).toEqual([
      {
        command: `/bin/bash -lc 'echo "$GREETING from $(basename "$PWD")"'`,
        aggregated_output: `hello from ${base}\n`,
        exit_code: 0,
        status: "completed",
      },
      {
        command:
          "/bin/bash -lc 'echo to-stdout; sleep 0.2; echo to-stderr >&2; sleep 0.2; echo stdout-again'",
        aggregated_output: "to-stdout\nto-stderr\nstdout-again\n",
        exit_code: 0,
        status: "completed",
      },
      {
        command: "/bin/bash -lc 'echo it broke >&2; exit 3'",
        aggregated_output: "it broke\n",
        exit_code: 3,
        status: "failed",
      },
    ]);

    // Without the option the same cassette replays its recorded results, nothing run.
    const replayed = await runExec(argv, { cwd: dir, env: {}, stdin: undefined });
    expect(completedCommands(replayed.stdout).map((item) => item.aggregated_output)).toEqual([
      "recorded\n",
      "recorded\n",
      "recorded\n",
    ]);
  });

  it("gives the recorded Codex session byte for byte when the command prints the same", async () => {
    // conformance/mock/cases/both-streams: Codex 0.169.0 ran a command printing to stdout,
    // stderr, stdout, exit 4; its transcript replayed in execute mode runs the command again.
    const recorded = join(CASES, "both-streams", "stdout");
    const { dir } = repoWith([]);
    const asked: string[] = [];
    const real = processCommandRunner({ cwd: dir, env, timeoutMs: 10_000 });
    const result = await runExec(["--json", "--cassette", recorded, "Run the noisy check."], {
      cwd: dir,
      env: { MOCK_CODEX_THREAD_ID: "00000000-0000-7000-8000-000000000000" },
      stdin: undefined,
      execute: {
        env,
        timeoutMs: 10_000,
        run: (cmd) => {
          asked.push(cmd);
          return real(cmd);
        },
      },
    });
    expect(asked).toEqual([
      "echo to-stdout; sleep 0.3; echo to-stderr >&2; sleep 0.3; echo stdout-again; exit 4",
    ]);
    expect(result.stdout).toBe(readFileSync(recorded, "utf8"));
    expect(completedCommands(result.stdout)[0]).toMatchObject({
      aggregated_output: "to-stdout\nto-stderr\nstdout-again\n",
      exit_code: 4,
    });
  });

  it("shows the real exit in human mode", async () => {
    const { dir, cassette } = repoWith(["echo it broke >&2; exit 3"]);
    const result = await runExec(["--cassette", cassette, "Run it."], {
      cwd: dir,
      env: {},
      stdin: undefined,
      execute: { env, timeoutMs: 10_000 },
    });
    expect(result.stderr).toMatch(/ exited 3 in \d+ms:\nit broke\n/);
  });

  it("kills a command and its process group at the timeout", async () => {
    const { dir, cassette } = repoWith([
      "sh -c 'echo $$ > child.pid; exec sleep 30' & echo started; wait",
    ]);
    const started = Date.now();
    const result = await runExec(["--json", "--cassette", cassette, "Run it."], {
      cwd: dir,
      env: {},
      stdin: undefined,
      execute: { env, timeoutMs: 1_000 },
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    const [item] = completedCommands(result.stdout);
    expect(item).toMatchObject({
      aggregated_output: "started\nmock-codex: command timed out after 1000 ms and was killed\n",
      exit_code: TIMEOUT_EXIT_CODE,
      status: "failed",
    });
    // The background child went with the shell: gone, or a zombie awaiting its reaper.
    const pid = Number(readFileSync(join(dir, "child.pid"), "utf8"));
    let state = "gone";
    try {
      state = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] ?? "gone";
    } catch {
      // No such process.
    }
    expect(["gone", "Z"]).toContain(state);
  });

  it("a command that cannot start reports its shell's failure", async () => {
    const run = processCommandRunner({ cwd: join(scratch, "no-such-dir"), env, timeoutMs: 1000 });
    const ran = await run("true");
    expect(ran.exitCode).toBe(127);
    expect(ran.output).toContain("/bin/bash");
  });

  it("never runs a call the hooks blocked, nor one still running when the turn ended", async () => {
    const session: Session = {
      invocation: {},
      warnings: [],
      steps: [
        { kind: "blocked", cmd: "terraform apply", callId: "c1", output: "blocked", line: 2 },
        {
          kind: "command",
          command: "/bin/bash -lc 'sleep 100'",
          cmd: "sleep 100",
          output: "",
          exitCode: null,
          durationMs: undefined,
          completed: false,
          status: undefined,
        },
        {
          kind: "command",
          command: "/bin/bash -lc 'echo hi'",
          cmd: "echo hi",
          output: "recorded",
          exitCode: 0,
          durationMs: 1,
          completed: true,
          status: undefined,
          readOnly: { exitCode: 1, output: "read-only" },
        },
      ],
      end: { kind: "completed", usage: [] },
    } as unknown as Session;
    const asked: string[] = [];
    const run = async (cmd: string): Promise<CommandRun> => {
      asked.push(cmd);
      return { exitCode: 1, output: "real\n", durationMs: 7, timedOut: false };
    };
    const executed = await executeSession(session, run, 1000, "session.jsonl");
    expect(asked).toEqual(["echo hi"]);
    if (!executed.ok) throw new Error(executed.message);
    expect(executed.session.steps.slice(0, 2)).toEqual(session.steps.slice(0, 2));
    expect(executed.session.steps[2]).toEqual({
      kind: "command",
      command: "/bin/bash -lc 'echo hi'",
      cmd: "echo hi",
      output: "real\n",
      exitCode: 1,
      durationMs: 7,
      completed: true,
      status: undefined,
    });
  });

  it("refuses a transcript command it cannot read back", async () => {
    const session = {
      invocation: {},
      warnings: [],
      steps: [
        {
          kind: "command",
          command: "weird display",
          output: "",
          exitCode: 0,
          durationMs: undefined,
          completed: true,
          status: undefined,
          line: 4,
        },
      ],
      end: { kind: "completed", usage: [] },
    } as unknown as Session;
    const executed = await executeSession(
      session,
      async () => {
        throw new Error("must not run");
      },
      1000,
      "t.jsonl",
    );
    expect(executed).toEqual({
      ok: false,
      message: expect.stringMatching(
        /^t\.jsonl:4: the command "weird display" cannot be read back/,
      ),
    });
  });
});
