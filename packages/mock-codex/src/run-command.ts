/**
 * The edge of execute mode: one recorded command run as a process the way Codex runs a shell
 * call (`/bin/bash -lc <cmd>` in the session's directory, stdin closed), stdout and stderr read
 * into one text in the order they arrive (Codex's `aggregated_output`), killed with its process
 * group at the timeout. What the run's events show is decided in exec.ts (`executedCommand`).
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { killProcessGroup } from "@ops-skill/codex/hook-command";

/** What a command left: its exit code and aggregated output, or that it timed out. */
export interface CommandRun {
  exitCode: number | null;
  output: string;
  durationMs: number;
  timedOut: boolean;
}

/** Runs the raw command the model asked for. */
export type RunCommand = (cmd: string) => Promise<CommandRun>;

export interface CommandRunnerOptions {
  /** The session's working directory. */
  cwd: string;
  /** The whole environment of the command (nothing else is inherited). */
  env: Record<string, string | undefined>;
  /** The command and its children are killed after this long. */
  timeoutMs: number;
}

/** The shell Codex wraps every command in. */
export const COMMAND_SHELL = "/bin/bash";

export function processCommandRunner(options: CommandRunnerOptions): RunCommand {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(options.env))
    if (value !== undefined) env[name] = value;
  return (cmd) =>
    new Promise((resolve) => {
      const started = Date.now();
      const child = spawn(COMMAND_SHELL, ["-lc", cmd], {
        cwd: options.cwd,
        env,
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      let output = "";
      let timedOut = false;
      const append = (chunk: string) => {
        output += chunk;
      };
      child.stdout.setEncoding("utf8");
      child.stderr.setEncoding("utf8");
      child.stdout.on("data", append);
      child.stderr.on("data", append);
      const timer = setTimeout(() => {
        timedOut = true;
        killProcessGroup(child.pid);
      }, options.timeoutMs);
      let finished = false;
      const finish = (exitCode: number | null) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        resolve({ exitCode, output, durationMs: Date.now() - started, timedOut });
      };
      child.on("error", (error) => {
        output += `${COMMAND_SHELL}: ${error.message}\n`;
        finish(127);
      });
      // A signal (other than the timeout's) ends the shell as bash reports it: 128 + signal.
      child.on("close", (code, signal) =>
        finish(code ?? (signal === null ? null : 128 + signalNumber(signal))),
      );
    });
}

function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 0;
}
