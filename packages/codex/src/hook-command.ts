import { spawn } from "node:child_process";
import { codexEnvironment } from "./exec.js";

export interface RunHookCommandOptions {
  /** The hook's `command`, as `hooks/list` reports it. */
  command: string;
  /** The session's working directory. */
  cwd: string;
  codexHome: string;
  home: string;
  /** The event's JSON, written to the hook's stdin. */
  input: string;
  /** The hook's timeout; it is killed (with its process group) after this long. */
  timeoutSec: number;
  /**
   * The environment the hook gets: Codex's own (default: the offline runner's,
   * `codexEnvironment(codexHome, home)`; mock-codex gives the one it was started with).
   */
  env?: NodeJS.ProcessEnv;
}

/**
 * What a hook left: its exit code, stdout and stderr, or why it has none (`spawn`: it could not
 * start; `timeout`: killed at its timeout; `signal`: it ended by a signal).
 */
export interface HookCommandResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  failure?: "spawn" | "timeout" | "signal";
}

/** Kills a detached child and everything it started (its process group), if still there. */
export function killProcessGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/**
 * Runs a command hook the way Codex 0.169.0 does: `$SHELL -lc <command>` in the session's
 * working directory with Codex's environment, the event's JSON on stdin, stdout and stderr read
 * until both close (a background child holding one open keeps the hook running), killed at the
 * timeout. Its output is what the hook-output judge reads.
 */
export function runHookCommand(options: RunHookCommandOptions): Promise<HookCommandResult> {
  return new Promise((resolve) => {
    const env = options.env ?? codexEnvironment(options.codexHome, options.home);
    const child = spawn(env.SHELL || "/bin/sh", ["-lc", options.command], {
      cwd: options.cwd,
      env,
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.stdin.on("error", () => {
      // A hook that never reads its input closes the pipe early; that is not a failure.
    });
    child.stdin.end(options.input);
    const timer = setTimeout(() => {
      timedOut = true;
      killProcessGroup(child.pid);
    }, options.timeoutSec * 1000);
    child.on("error", () => {
      clearTimeout(timer);
      resolve({ exitCode: null, stdout: "", stderr: "", failure: "spawn" });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (timedOut) resolve({ exitCode: null, stdout: "", stderr: "", failure: "timeout" });
      else if (code === null) resolve({ exitCode: null, stdout, stderr, failure: "signal" });
      else resolve({ exitCode: code, stdout, stderr });
    });
  });
}
