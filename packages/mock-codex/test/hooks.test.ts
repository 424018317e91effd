// Hooks in a replay: the decisions (a fake runner), the flags and config that change them, and
// hooks that misbehave (hang, hold their output open, print garbage or megabytes), run for
// real: the outcome Codex gives (conformance/hooks/), never a hang.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CODEX_VERSION } from "@ops-skill/codex/version";
import { describe, expect, it } from "vitest";
import { parseCassette } from "../src/cassette.js";
import { runExec } from "../src/exec.js";
import { type HookFlags, NO_HOOK_FLAGS, readHookConfig } from "../src/hook-config.js";
import { type RunHook, replayHooks } from "../src/hooks.js";

const THREAD = "00000000-0000-7000-8000-000000000000";

/** A project whose `.codex/config.toml` has one PreToolUse hook running `script`, trusted. */
async function project(script: string, options: { timeout?: number; trust?: boolean } = {}) {
  const root = mkdtempSync(join(tmpdir(), "mock-hooks-test-"));
  const work = join(root, "work");
  const codexHome = join(root, "codex-home");
  mkdirSync(join(work, ".codex/hooks"), { recursive: true });
  mkdirSync(codexHome);
  writeFileSync(join(work, ".codex/hooks/hook.sh"), `#!/usr/bin/env bash\n${script}\n`);
  chmodSync(join(work, ".codex/hooks/hook.sh"), 0o755);
  writeFileSync(
    join(work, ".codex/config.toml"),
    `[[hooks.PreToolUse]]\nmatcher = "Bash"\n\n[[hooks.PreToolUse.hooks]]\ntype = "command"\ncommand = ".codex/hooks/hook.sh"\ntimeout = ${options.timeout ?? 10}\n`,
  );
  let config = `[projects.${JSON.stringify(work)}]\ntrust_level = "trusted"\n`;
  if (options.trust !== false) {
    const hooks = await readHookConfig({
      cwd: work,
      env: { CODEX_HOME: codexHome },
      flags: { ...NO_HOOK_FLAGS, trustProject: true },
    });
    for (const hook of hooks.hooks)
      config += `\n[hooks.state.${JSON.stringify(hook.key)}]\ntrusted_hash = ${JSON.stringify(hook.hash)}\n`;
  }
  writeFileSync(join(codexHome, "config.toml"), config);
  return { root, work, codexHome };
}

const HEADER = JSON.stringify({
  type: "cassette",
  version: 1,
  codex_version: CODEX_VERSION,
  invocation: { prompt: "p", args: ["--json"] },
});
const RAN = [
  HEADER,
  '{"type":"model_turn","output":[{"type":"exec_command","call_id":"c1","cmd":"kubectl delete pod web-0"}]}',
  '{"type":"command_result","call_id":"c1","exit_code":0,"aggregated_output":"pod \\"web-0\\" deleted\\n"}',
  '{"type":"model_turn","output":[{"type":"message","text":"done"}]}',
].join("\n");
const BLOCKED = [
  HEADER,
  '{"type":"model_turn","output":[],"blocked":[{"call_id":"c1","cmd":"kubectl delete pod web-0","output":"Command blocked by PreToolUse hook: no. Command: kubectl delete pod web-0"}]}',
  '{"type":"model_turn","output":[{"type":"message","text":"done"}]}',
].join("\n");

async function replay(
  where: { root: string; work: string; codexHome: string },
  cassette: string,
  args: string[] = [],
) {
  const file = join(where.root, "session.jsonl");
  writeFileSync(file, `${cassette}\n`);
  return runExec(["--json", "--skip-git-repo-check", ...args, "--cassette", file, "p"], {
    cwd: where.work,
    env: { ...process.env, CODEX_HOME: where.codexHome, MOCK_CODEX_THREAD_ID: THREAD },
    stdin: undefined,
  });
}

const commandItems = (stdout: string) =>
  stdout
    .split("\n")
    .filter((line) => line.includes('"item.completed"') && line.includes("command_execution"));

describe("hooks in a replayed session", () => {
  it("a blocked call makes no item and takes no id; the router's error goes to stderr", async () => {
    const where = await project('echo "no" >&2; exit 2');
    const result = await replay(where, BLOCKED);
    expect(result.exitCode).toBe(0);
    expect(commandItems(result.stdout)).toEqual([]);
    expect(result.stdout).toContain('{"id":"item_0","type":"agent_message","text":"done"}');
    expect(result.stderr).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z ERROR codex_core::tools::router: error=Command blocked by PreToolUse hook: no\. Command: kubectl delete pod web-0\n$/,
    );
  });

  it("a call recorded as run that a hook now blocks stops the replay, naming call, line and hook", async () => {
    const where = await project('echo "change ticket needed" >&2; exit 2');
    const result = await replay(where, RAN);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      `session.jsonl:3: the cassette records call c1 ("kubectl delete pod web-0") as run, but the PreToolUse hook \`.codex/hooks/hook.sh\``,
    );
    expect(result.stderr).toContain("now blocks it: change ticket needed");
  });

  it("the human log shows each hook's start and status", async () => {
    const where = await project('echo "no" >&2; exit 2');
    const file = join(where.root, "session.jsonl");
    writeFileSync(file, `${BLOCKED}\n`);
    const result = await runExec(["--skip-git-repo-check", "--cassette", file, "p"], {
      cwd: where.work,
      env: { ...process.env, CODEX_HOME: where.codexHome },
      stdin: undefined,
    });
    expect(result.stderr).toMatch(
      /\nhook: PreToolUse\n\S+ ERROR codex_core::tools::router: error=Command blocked by PreToolUse hook: no\. Command: kubectl delete pod web-0\nhook: PreToolUse Blocked\ncodex\ndone\n/,
    );
  });

  it("--disable hooks, -c features.hooks=false and an untrusted hook let the call run", async () => {
    const where = await project('echo "no" >&2; exit 2');
    for (const args of [
      ["--disable", "hooks"],
      ["-c", "features.hooks=false"],
    ]) {
      const result = await replay(where, RAN, args);
      expect(result.exitCode).toBe(0);
      expect(commandItems(result.stdout)).toHaveLength(1);
    }
    const untrusted = await project('echo "no" >&2; exit 2', { trust: false });
    expect(commandItems((await replay(untrusted, RAN)).stdout)).toHaveLength(1);
    // ... unless the trust check is bypassed.
    const bypassed = await replay(untrusted, BLOCKED, ["--dangerously-bypass-hook-trust"]);
    expect([bypassed.exitCode, commandItems(bypassed.stdout)]).toEqual([0, []]);
  });

  it("an untrusted project's hooks do not load, with Codex's warning", async () => {
    const where = await project('echo "no" >&2; exit 2');
    writeFileSync(join(where.codexHome, "config.toml"), "");
    const result = await replay(where, RAN);
    expect(commandItems(result.stdout)).toHaveLength(1);
    expect(result.stderr).toMatch(/^warning: Untrusted project-local configuration is disabled\./);
    // --trust trusts it for the run (and writes nothing).
    const trusted = await replay(where, RAN, ["--trust", "--dangerously-bypass-hook-trust"]);
    expect(trusted.exitCode).toBe(1);
  });

  it("the legacy [[hooks]] array: Codex's config error, exit 1, before anything", async () => {
    const where = await project("exit 0");
    writeFileSync(
      join(where.work, ".codex/config.toml"),
      '[[hooks]]\nevent = "PreToolUse"\ncommand = "x"\n',
    );
    const result = await replay(where, RAN);
    expect(result).toEqual({
      stdout: "",
      stderr:
        "Error loading config.toml: invalid type: sequence, expected struct HooksToml\nin `hooks`\n\n",
      exitCode: 1,
    });
  });
});

describe("PostToolUse hooks", () => {
  it("run after a call that ran, with its output as tool_response; a block keeps the item", async () => {
    const where = await project("exit 0");
    writeFileSync(
      join(where.work, ".codex/config.toml"),
      '[[hooks.PostToolUse]]\nmatcher = "Bash"\n\n[[hooks.PostToolUse.hooks]]\ntype = "command"\ncommand = ".codex/hooks/post.sh"\n',
    );
    writeFileSync(
      join(where.work, ".codex/hooks/post.sh"),
      '#!/usr/bin/env bash\ncat > post-input.json\necho \'{"decision":"block","reason":"post says no"}\'\n',
    );
    chmodSync(join(where.work, ".codex/hooks/post.sh"), 0o755);
    const result = await replay(where, RAN, ["--dangerously-bypass-hook-trust"]);
    expect([result.exitCode, commandItems(result.stdout).length]).toEqual([0, 1]);
    expect(result.stderr).toMatch(/ ERROR codex_core::tools::router: error=post says no\n$/);
    const input = JSON.parse(readFileSync(join(where.work, "post-input.json"), "utf8"));
    expect(Object.keys(input)).toEqual([
      "session_id",
      "turn_id",
      "transcript_path",
      "cwd",
      "hook_event_name",
      "model",
      "permission_mode",
      "tool_name",
      "tool_input",
      "tool_response",
      "tool_use_id",
    ]);
    expect(input).toMatchObject({
      session_id: THREAD,
      hook_event_name: "PostToolUse",
      tool_input: { command: "kubectl delete pod web-0" },
      tool_response: 'pod "web-0" deleted\n',
      tool_use_id: "c1",
    });
    const file = join(where.root, "session.jsonl");
    const human = await runExec(
      ["--skip-git-repo-check", "--dangerously-bypass-hook-trust", "--cassette", file, "p"],
      { cwd: where.work, env: { ...process.env, CODEX_HOME: where.codexHome }, stdin: undefined },
    );
    expect(human.stderr).toMatch(
      /pod "web-0" deleted\n\nhook: PostToolUse\n\S+ ERROR codex_core::tools::router: error=post says no\nhook: PostToolUse Blocked\ncodex\n/,
    );
  });
});

describe("hooks that misbehave: Codex's outcome, never a hang", () => {
  it("a hook that hangs is killed at its timeout and the call runs", async () => {
    const where = await project("sleep 60; exit 2", { timeout: 1 });
    const start = Date.now();
    const result = await replay(where, RAN);
    expect(Date.now() - start).toBeLessThan(8000);
    expect([result.exitCode, commandItems(result.stdout).length]).toEqual([0, 1]);
  });

  it("a background child holding stdout open makes the hook time out: the call runs", async () => {
    const where = await project('sleep 60 &\necho "no" >&2\nexit 2', { timeout: 1 });
    const start = Date.now();
    const result = await replay(where, RAN);
    expect(Date.now() - start).toBeLessThan(8000);
    expect([result.exitCode, commandItems(result.stdout).length]).toEqual([0, 1]);
  });

  it("garbage on stdout lets the call run", async () => {
    const where = await project("head -c 65536 /dev/urandom; exit 0");
    const result = await replay(where, RAN);
    expect([result.exitCode, commandItems(result.stdout).length]).toEqual([0, 1]);
  });

  it("megabytes on stdout let the call run; megabytes of reason on stderr with exit 2 block", async () => {
    const big = await project("head -c 8000000 /dev/zero | tr '\\0' x; exit 0");
    const ran = await replay(big, RAN);
    expect([ran.exitCode, commandItems(ran.stdout).length]).toEqual([0, 1]);
    const loud = await project("head -c 8000000 /dev/zero | tr '\\0' x >&2; exit 2");
    const blocked = await replay(loud, BLOCKED);
    expect([blocked.exitCode, commandItems(blocked.stdout).length]).toEqual([0, 0]);
  });

  it("a hook command that does not exist lets the call run", async () => {
    const where = await project("exit 0");
    writeFileSync(
      join(where.work, ".codex/config.toml"),
      '[[hooks.PreToolUse]]\nmatcher = "Bash"\n\n[[hooks.PreToolUse.hooks]]\ntype = "command"\ncommand = ".codex/hooks/missing.sh"\n',
    );
    const result = await replay(where, RAN, ["--dangerously-bypass-hook-trust"]);
    expect([result.exitCode, commandItems(result.stdout).length]).toEqual([0, 1]);
  });
});

describe("replayHooks (a fake runner)", () => {
  const flags = (more: Partial<HookFlags> = {}): HookFlags => ({
    ...NO_HOOK_FLAGS,
    bypassTrust: true,
    trustProject: true,
    ...more,
  });

  it("gives a transcript's hooks the command read back from its display", async () => {
    const where = await project("exit 0");
    const transcript = [
      '{"type":"thread.started","thread_id":"t"}',
      '{"type":"turn.started"}',
      `{"type":"item.completed","item":{"id":"item_0","type":"command_execution","command":"/bin/bash -lc 'kubectl get pods'","aggregated_output":"","exit_code":0,"status":"completed"}}`,
      '{"type":"turn.completed","usage":{"input_tokens":1,"output_tokens":1}}',
    ].join("\n");
    const parsed = parseCassette(transcript, { file: "t.jsonl" });
    if (!parsed.ok) throw new Error("parse");
    const config = await readHookConfig({
      cwd: where.work,
      env: { CODEX_HOME: where.codexHome },
      flags: flags(),
    });
    const inputs: string[] = [];
    const runHook: RunHook = async (_hook, input) => {
      inputs.push(input);
      return { exitCode: 0, stdout: "", stderr: "" };
    };
    const replayed = await replayHooks(parsed.session, {
      config,
      runHook,
      cwd: where.work,
      threadId: "thread",
      turnId: "turn",
      model: "m",
      file: "t.jsonl",
    });
    expect(replayed.ok).toBe(true);
    expect(inputs.map((input) => JSON.parse(input))).toEqual([
      {
        session_id: "thread",
        turn_id: "turn",
        transcript_path: null,
        cwd: where.work,
        hook_event_name: "PreToolUse",
        model: "m",
        permission_mode: "bypassPermissions",
        tool_name: "Bash",
        tool_input: { command: "kubectl get pods" },
        tool_use_id: "call_0",
      },
    ]);
  });

  it("a rewrite shows the new command", async () => {
    const where = await project("exit 0");
    const parsed = parseCassette(RAN, { file: "c.jsonl" });
    if (!parsed.ok) throw new Error("parse");
    const config = await readHookConfig({
      cwd: where.work,
      env: { CODEX_HOME: where.codexHome },
      flags: flags(),
    });
    const replayed = await replayHooks(parsed.session, {
      config,
      runHook: async () => ({
        exitCode: 0,
        stdout: JSON.stringify({
          hookSpecificOutput: {
            hookEventName: "PreToolUse",
            permissionDecision: "allow",
            updatedInput: { command: "kubectl get pod web-0" },
          },
        }),
        stderr: "",
      }),
      cwd: where.work,
      threadId: "t",
      turnId: "u",
      model: "m",
      file: "c.jsonl",
    });
    expect(
      replayed.ok && replayed.session.steps.map((s) => (s.kind === "command" ? s.command : s.kind)),
    ).toEqual(["/bin/bash -lc 'kubectl get pod web-0'", "message"]);
  });
});
