/** Runs the built `ops-skill` binary, as users do, and gathers what it printed. */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const bin = join(dirname(fileURLToPath(import.meta.url)), "..", "bin", "run.js");

export function runCli(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
