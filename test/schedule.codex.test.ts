/**
 * The catalogue's schedule under the real Codex (run by `npm run test:codex`): a Codex home
 * built from `schedule/` as the scheduled job has it (the `day-two` profile file, the project
 * and the guard hook trusted with the hashes of `schedule/trust.json`), and `codex exec
 * --profile day-two` WITHOUT `--dangerously-bypass-hook-trust`:
 *
 * - the profile loads without a warning;
 * - the guard hook runs and blocks `terraform apply` (the model reads the guard's reason);
 * - commands can write nowhere (the working directory, /tmp, $HOME; TMPDIR is unset here, so
 *   ":tmpdir" grants nothing) but reach the network,
 *   and a heredoc and process substitution (pipes, no temporary file) work there.
 *
 * The project is a fresh git repository holding the catalogue's `.codex/` and `schedule/` (a copy): measured,
 * Codex 0.169.0 loads no project `.codex/` config at all in a linked git worktree (no hook runs
 * there, trusted or not, even with the bypass flag), so the checkout this test runs in must
 * not decide what it shows.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import {
  assistantMessage,
  makeRunDirectory,
  requireCodexBinary,
  runCodexExec,
  shellCall,
  startResponsesServer,
} from "@ops-skill/codex";
import { buildCodexHome } from "@ops-skill/testing";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const bin = requireCodexBinary();
const runs: string[] = [];
afterAll(() => {
  for (const dir of runs) rmSync(dir, { recursive: true, force: true });
});

/** A git repository holding a copy of the catalogue's `.codex/` and `schedule/`. */
function project(run: string): string {
  const dir = join(run, "project");
  mkdirSync(dir, { recursive: true });
  for (const part of [".codex", "schedule"]) {
    cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  }
  execFileSync("git", ["init", "--quiet", dir]);
  return dir;
}

/** The Codex home the scheduled job runs with, built from `schedule/` for `projectDir`. */
function scheduleHome(run: string, projectDir: string): string {
  const home = buildCodexHome({
    root: projectDir,
    dir: join(run, "codex-home"),
    profile: "day-two",
  });
  expect(home.problems).toEqual([]);
  return home.codexHome;
}

const FORBIDDEN = "terraform -chdir=/nonexistent/catalogue-probe apply -auto-approve";

describe("the day-two schedule under the real Codex", () => {
  it("blocks terraform apply with the trusted guard, writes nowhere, reaches the network", async () => {
    const run = makeRunDirectory("schedule");
    runs.push(run);
    const listener = createServer((socket) => socket.end("pong\n"));
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const port = (listener.address() as { port: number }).port;
    const probe = [
      `touch schedule-probe.txt 2>/dev/null && echo cwd=written || echo cwd=refused`,
      `touch /tmp/schedule-probe-${port} 2>/dev/null && echo tmp=written || echo tmp=refused`,
      `touch "$HOME/probe" 2>/dev/null && echo home=written || echo home=refused`,
      `exec 3<>/dev/tcp/127.0.0.1/${port} && read -r line <&3 && echo "net=$line" || echo net=refused`,
      // What the skills use instead of scratch files: a heredoc, process substitution.
      "cat <<'REPORT'\nheredoc=ok\nREPORT\ncat <(echo procsub=ok)",
    ].join("; ");
    const server = await startResponsesServer({
      turns: [
        { items: [shellCall(FORBIDDEN, "c1")] },
        { items: [shellCall(probe, "c2")] },
        { items: [assistantMessage("done")] },
      ],
    });
    try {
      const cwd = project(run);
      const exec = await runCodexExec({
        bin: bin,
        cwd,
        codexHome: scheduleHome(run, cwd),
        home: join(run, "home"),
        prompt: "Run the day-two probe.",
        serverUrl: server.url,
        extraArgs: ["--profile", "day-two"],
        skipGitRepoCheck: false,
        timeoutMs: 90_000,
      });
      expect(exec.exitCode).toBe(0);
      // No warning about the config: the profile and the trusted project load cleanly (the
      // stub model's missing metadata is the only warning item, as in every offline run).
      expect(exec.stderr).not.toMatch(/warning|Untrusted|unrecognized/i);
      const warnings = exec.events
        .map((event) => (event as { item?: { type?: string; message?: string } }).item)
        .filter((item) => item?.type === "error")
        .map((item) => item?.message);
      expect(warnings).toEqual([
        "Model metadata for `gpt-5.4` not found. Defaulting to fallback metadata; this can degrade performance and cause issues.",
      ]);

      // The guard blocked the forbidden call: no command item, the model read the reason.
      const commands = exec.events
        .map((event) => (event as { item?: { type?: string; command?: string } }).item)
        .filter((item) => item?.type === "command_execution");
      expect(commands.some((item) => item?.command?.includes("apply"))).toBe(false);
      expect(exec.stderr).toContain(
        "Command blocked by PreToolUse hook: the read-only guard blocks `terraform apply` (forbidden by drift-check)",
      );
      const second = JSON.stringify(server.requests[1]);
      expect(second).toContain("Command blocked by PreToolUse hook: the read-only guard blocks");

      // The probe ran under the profile: nothing writable, the network reachable.
      const third = JSON.stringify(server.requests[2]);
      expect(third).toContain("cwd=refused");
      expect(third).toContain("tmp=refused");
      expect(third).toContain("home=refused");
      expect(third).toContain("net=pong");
      expect(third).toContain("heredoc=ok");
      expect(third).toContain("procsub=ok");
    } finally {
      await server.close();
      listener.close();
    }
  });
});
