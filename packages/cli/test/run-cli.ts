/** Runs the built `ops-skill` binary, as users do, and gathers what it printed. */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const bin = join(dirname(fileURLToPath(import.meta.url)), "..", "bin", "run.js");

export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
    // The json format carries each file's text (ESLint's `source`): a 10 MB file is 10 MB more.
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface HostileRun {
  /** As a user the permission bits stop: uid 65534 through `setpriv` when the tests run as root. */
  unprivileged?: boolean;
  /** Killed after this long (a run that hangs fails instead of stalling the suite). */
  timeoutMs?: number;
  /** Address space the process may use, in bytes (`prlimit --as`): a run that balloons dies. */
  addressSpace?: number;
}

/** `runCli` under the limits a hostile input is checked with. */
export function runCliBounded(args: string[], cwd: string, limits: HostileRun = {}) {
  const node = [process.execPath, bin, ...args];
  const bounded = limits.addressSpace ? ["prlimit", `--as=${limits.addressSpace}`, ...node] : node;
  const asRoot = process.getuid?.() === 0;
  const command =
    limits.unprivileged && asRoot
      ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", ...bounded]
      : bounded;
  const started = Date.now();
  const result = spawnSync(command[0] as string, command.slice(1), {
    cwd,
    encoding: "utf8",
    timeout: limits.timeoutMs ?? 60_000,
    killSignal: "SIGKILL",
    // Its own home: as another user, the tests' home is not its to read.
    env: { ...process.env, NO_COLOR: "1", HOME: join(cwd, ".home") },
  });
  return {
    code: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
    ms: Date.now() - started,
  };
}
