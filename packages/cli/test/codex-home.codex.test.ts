/**
 * `ops-skill codex-home` under the real Codex (run by `npm run test:codex`): in a plain git clone
 * of this repository (Codex loads no project `.codex/` in a linked git worktree, so the checkout
 * the tests run in cannot be the project), the home the built CLI writes makes `codex exec
 * --profile day-two` run the catalogue's guard hook WITHOUT `--dangerously-bypass-hook-trust`,
 * and the guard blocks `terraform apply`. The same run with an empty home is the control: the
 * hook is skipped without a word and the command runs.
 *
 * The clone holds the repository's last commit (`.codex/` and `schedule/` as committed).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  assistantMessage,
  makeRunDirectory,
  requireCodexBinary,
  runCodexExec,
  shellCall,
  startResponsesServer,
} from "@ops-skill/codex";
import { afterAll, describe, expect, it } from "vitest";
import { repositoryRoot } from "./catalogue-copy.js";
import { runCli } from "./run-cli.js";

const bin = requireCodexBinary();
const runs: string[] = [];
afterAll(() => {
  for (const dir of runs) rmSync(dir, { recursive: true, force: true });
});

const FORBIDDEN = "terraform -chdir=/nonexistent/codex-home-probe apply -auto-approve";
const BLOCKED =
  "Command blocked by PreToolUse hook: the read-only guard blocks `terraform apply` (forbidden by drift-check)";

/** `codex exec --profile day-two` in `cwd` with `codexHome`, the model asking for FORBIDDEN. */
async function execForbidden(run: string, cwd: string, codexHome: string) {
  const server = await startResponsesServer({
    turns: [{ items: [shellCall(FORBIDDEN, "c1")] }, { items: [assistantMessage("done")] }],
  });
  try {
    const exec = await runCodexExec({
      bin,
      cwd,
      codexHome,
      home: join(run, "home"),
      prompt: "Run drift-check.",
      serverUrl: server.url,
      extraArgs: ["--profile", "day-two"],
      skipGitRepoCheck: false,
      timeoutMs: 90_000,
    });
    const commands = exec.events
      .map((event) => (event as { item?: { type?: string; command?: string } }).item)
      .filter((item) => item?.type === "command_execution")
      .map((item) => item?.command ?? "");
    return { exec, commands, followUp: JSON.stringify(server.requests[1]) };
  } finally {
    await server.close();
  }
}

/**
 * A clone of this repository at `name` in a new run folder, the home the built CLI writes for
 * it, and `execForbidden` there: the guard must block, the home must load.
 */
async function cloneAndExec(name: string) {
  const run = makeRunDirectory("codex-home");
  runs.push(run);
  const clone = join(run, name);
  execFileSync("git", ["clone", "--quiet", "--no-hardlinks", repositoryRoot, clone]);
  const home = join(run, "codex-home");
  const written = runCli(["codex-home", home], clone);
  expect(written.stderr).toBe("");
  expect(written.code).toBe(0);
  expect(readdirSync(home).sort()).toEqual(["config.toml", "day-two.config.toml"]);
  const trusted = await execForbidden(run, clone, home);
  expect(trusted.exec.exitCode).toBe(0);
  expect(trusted.exec.stderr).not.toMatch(/Untrusted|unrecognized|bypass|failed to load/i);
  expect(trusted.commands.some((command) => command.includes("apply"))).toBe(false);
  expect(trusted.exec.stderr).toContain(BLOCKED);
  expect(trusted.followUp).toContain(BLOCKED);
  return { run, clone };
}

describe("the home ops-skill codex-home writes, under the real Codex", () => {
  it("runs the trusted guard in a clone without the bypass flag, and the guard blocks terraform apply", async () => {
    const { run, clone } = await cloneAndExec("clone");

    // The control: an empty home trusts nothing, and Codex runs the command without a word.
    const empty = join(run, "empty-home");
    mkdirSync(empty);
    const untrusted = await execForbidden(run, clone, empty);
    expect(untrusted.exec.exitCode).toBe(0);
    expect(untrusted.exec.stderr).not.toContain("Command blocked");
    expect(untrusted.commands.some((command) => command.includes("apply"))).toBe(true);
  });
  it("in a clone whose path has spaces, quotes, a backslash, a newline, a tab and DEL, the home is TOML Codex reads and the guard blocks", async () => {
    // The backslash: Node loads no ES module under such a path; the guard is CommonJS (.cjs).
    await cloneAndExec("we ird \"q\" 'a' back\\slash\nline\ttab\u007fdel");
  });
});
