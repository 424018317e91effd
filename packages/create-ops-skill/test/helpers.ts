/** Runs the built `create-ops-skill` and `ops-skill` binaries, as users do; snapshots trees. */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, watch } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const packageDir = join(here, "..");
export const repoRoot = join(packageDir, "..", "..");
export const createBin = join(packageDir, "bin", "create-ops-skill.js");
export const opsSkillBin = join(repoRoot, "packages", "cli", "bin", "run.js");

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(
  bin: string,
  args: string[],
  cwd: string,
  options: { env?: NodeJS.ProcessEnv; unprivileged?: boolean; fileSizeLimit?: number } = {},
): Run {
  // A file size limit is the full-disk probe: the first write past it is short, the next EFBIG.
  const limit =
    options.fileSizeLimit === undefined ? [] : ["prlimit", `--fsize=${options.fileSizeLimit}`];
  const node = [...limit, process.execPath, bin, ...args];
  const command =
    options.unprivileged && process.getuid?.() === 0
      ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", ...node]
      : node;
  const result = spawnSync(command[0] as string, command.slice(1), {
    cwd,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: "1", CI: "", ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export const create = (args: string[], cwd: string, options?: Parameters<typeof run>[3]) =>
  run(createBin, args, cwd, options);
export const opsSkill = (args: string[], cwd: string) => run(opsSkillBin, args, cwd);

/** A fresh folder under the system's temporary directory, optionally a git repository. */
export function tempRepo(git = true): string {
  const dir = mkdtempSync(join(tmpdir(), "create-ops-skill-test-"));
  if (git) spawnSync("git", ["init", "-q", dir]);
  return dir;
}

/** Every entry under `dir` (`.git` included) with its kind, mode and content hash. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (path: string, rel: string) => {
    const stat = lstatSync(path);
    const mode = (stat.mode & 0o7777).toString(8);
    if (stat.isDirectory()) {
      out[`${rel}/`] = `dir ${mode}`;
      for (const name of readdirSync(path).sort()) walk(join(path, name), `${rel}/${name}`);
    } else if (stat.isSymbolicLink()) out[rel] = `link ${readlinkSync(path)}`;
    else out[rel] = `file ${mode} ${createHash("sha256").update(readFileSync(path)).digest("hex")}`;
  };
  walk(dir, "");
  return out;
}

/**
 * The tables `--trust` writes into a Codex config, as `config` holds them: the project trusted,
 * and the guard hook with the hash of the repository's schedule/trust.json. Empty when all hold.
 */
export function missingTrust(config: string, repo: string): string[] {
  const trust = JSON.parse(readFileSync(join(repo, "schedule/trust.json"), "utf8")) as {
    hooks: { key: string; trusted_hash: string }[];
  };
  const hook = trust.hooks[0] as { key: string; trusted_hash: string };
  return [
    `[projects.${JSON.stringify(repo)}]\ntrust_level = "trusted"\n`,
    `[hooks.state.${JSON.stringify(`${repo}/${hook.key}`)}]\ntrusted_hash = ${JSON.stringify(hook.trusted_hash)}\n`,
  ].filter((table) => !config.includes(table));
}

/** Runs `bin`, sends SIGINT once `ready(tmp)` holds, and returns how it ended. */
export async function interrupt(
  bin: string,
  repo: string,
  args: string[],
  ready: (tmp: string) => boolean,
  tmp: string,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: repo,
    env: { ...process.env, TMPDIR: tmp, NO_COLOR: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  let sent = false;
  const send = () => {
    if (!sent && ready(tmp)) {
      sent = true;
      child.kill("SIGINT");
    }
  };
  const watchers = [watch(repo, send), watch(tmp, send)];
  const poll = setInterval(send, 1);
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
    child.on("exit", (c, s) => resolve([c, s])),
  );
  clearInterval(poll);
  for (const w of watchers) w.close();
  return { code, signal, stderr };
}
