import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CODEX_NPM_PACKAGE, CODEX_VERSION } from "./version.js";

/** Environment variable that points at a Codex binary to use instead of the repo cache. */
export const CODEX_BIN_ENV = "OPS_SKILL_CODEX_BIN";

/**
 * Environment variable that moves the scratch space of Codex runs. Codex treats the projects of
 * a git worktree differently from the main checkout's (no project hooks, even trusted), and
 * warns about its helper binaries under the system temp dir, so from a worktree runs go to a
 * directory outside the repository and outside the temp dir.
 */
export const RUNS_DIR_ENV = "OPS_SKILL_RUNS_DIR";

function isWorkspaceRoot(dir: string): boolean {
  const manifest = join(dir, "package.json");
  if (!existsSync(manifest)) return false;
  try {
    const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { workspaces?: unknown };
    return parsed.workspaces !== undefined;
  } catch {
    return false;
  }
}

function walkUpToWorkspaceRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (isWorkspaceRoot(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The monorepo root: the nearest ancestor whose package.json declares `workspaces`, looked for
 * from `startDir`, else from this module's own location, else the current directory.
 */
export function findRepoRoot(startDir?: string): string {
  const starts = [startDir, dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    if (start === undefined) continue;
    const root = walkUpToWorkspaceRoot(start);
    if (root !== undefined) return root;
  }
  throw new Error("could not find the ops-skill repository root (a package.json with workspaces)");
}

/**
 * `<repo>/.cache/codex-<version>`: where `installCodex` puts a Codex release (gitignored,
 * ~400 MB each). Without a version, `<repo>/.cache/codex`, an install of any version that
 * `findCodexBinary` also looks at.
 */
export function codexCacheDir(repoRoot: string = findRepoRoot(), version?: string): string {
  return join(repoRoot, ".cache", version === undefined ? "codex" : `codex-${version}`);
}

/** The `codex` launcher npm puts in an install prefix. */
function binaryIn(prefix: string): string {
  return join(prefix, "node_modules", ".bin", "codex");
}

/**
 * Scratch space for Codex runs: `$OPS_SKILL_RUNS_DIR` if set, else `<repo>/.cache/runs` (outside
 * the system temp dir, where Codex warns).
 */
export function runsCacheDir(
  repoRoot: string = findRepoRoot(),
  env: NodeJS.ProcessEnv = process.env,
): string {
  const fromEnv = env[RUNS_DIR_ENV];
  return fromEnv !== undefined && fromEnv !== ""
    ? resolve(fromEnv)
    : join(repoRoot, ".cache", "runs");
}

export interface FindCodexBinaryOptions {
  repoRoot?: string;
  env?: NodeJS.ProcessEnv;
  /** The release wanted; the pinned one when omitted. */
  version?: string;
}

/**
 * `$OPS_SKILL_CODEX_BIN` if set, else the first installed of `.cache/codex-<version>` and
 * `.cache/codex`, else undefined. The version of what is found is not checked here
 * (`ensureCodex` does).
 */
export function findCodexBinary(options: FindCodexBinaryOptions = {}): string | undefined {
  const env = options.env ?? process.env;
  const fromEnv = env[CODEX_BIN_ENV];
  if (fromEnv !== undefined && fromEnv !== "") {
    if (!existsSync(fromEnv))
      throw new Error(`${CODEX_BIN_ENV} points at a missing file: ${fromEnv}`);
    return fromEnv;
  }
  return cachedBinaries(options.repoRoot, options.version ?? CODEX_VERSION)[0];
}

/**
 * `findCodexBinary`, or an error saying how to install it: for the tests and tools that need
 * the real Codex and have nothing to do without it.
 */
export function requireCodexBinary(options: FindCodexBinaryOptions = {}): string {
  const bin = findCodexBinary(options);
  if (bin === undefined) {
    throw new Error(
      "Codex is not installed: run `npm run test:codex`, which installs it into .cache/codex",
    );
  }
  return bin;
}

/** The installs in the repo cache that may hold `version`, most specific first. */
function cachedBinaries(repoRoot: string | undefined, version: string): string[] {
  const root = repoRoot ?? findRepoRoot();
  return [binaryIn(codexCacheDir(root, version)), binaryIn(codexCacheDir(root))].filter((bin) =>
    existsSync(bin),
  );
}

/** The version a Codex binary reports (`codex --version` prints `codex-cli 0.169.0`). */
export function readCodexVersion(bin: string): string {
  const result = spawnSync(bin, ["--version"], { encoding: "utf8", timeout: 30_000 });
  if (result.error !== undefined) throw new Error(`cannot run ${bin}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${bin} --version failed (${result.status}): ${result.stderr}`);
  }
  const match = /codex-cli\s+(\S+)/.exec(result.stdout);
  if (!match?.[1]) throw new Error(`unexpected \`${bin} --version\` output: ${result.stdout}`);
  return match[1];
}

export interface InstallCodexOptions {
  repoRoot?: string;
  version?: string;
  /** Where npm's output goes; defaults to this process's stderr. */
  log?: (chunk: string) => void;
}

/**
 * Installs `@openai/codex@<version>` into `<repo>/.cache/codex-<version>` with
 * `npm i --prefix` and returns the binary path. Never a package dependency.
 */
export async function installCodex(options: InstallCodexOptions = {}): Promise<string> {
  const repoRoot = options.repoRoot ?? findRepoRoot();
  const version = options.version ?? CODEX_VERSION;
  const prefix = codexCacheDir(repoRoot, version);
  mkdirSync(prefix, { recursive: true });
  const log = options.log ?? ((chunk: string) => process.stderr.write(chunk));
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const args = [
    "i",
    "--prefix",
    prefix,
    "--save-exact",
    "--no-audit",
    "--no-fund",
    `${CODEX_NPM_PACKAGE}@${version}`,
  ];
  await new Promise<void>((resolvePromise, reject) => {
    const child = spawn(npm, args, { cwd: prefix, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (chunk: Buffer) => log(chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => log(chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`npm ${args.join(" ")} exited ${code}`)),
    );
  });
  const bin = binaryIn(prefix);
  const installed = readCodexVersion(bin);
  if (installed !== version) {
    throw new Error(`installed Codex reports ${installed}, expected ${version}`);
  }
  return bin;
}

/**
 * A Codex binary of `version` (the pinned one by default): `$OPS_SKILL_CODEX_BIN` (which must be
 * that version), else a cached install of it, else a fresh install into `.cache/codex-<version>`.
 */
export async function ensureCodex(options: InstallCodexOptions = {}): Promise<string> {
  const version = options.version ?? CODEX_VERSION;
  const fromEnv = process.env[CODEX_BIN_ENV];
  if (fromEnv !== undefined && fromEnv !== "") {
    const found = findCodexBinary(
      options.repoRoot === undefined ? {} : { repoRoot: options.repoRoot },
    );
    const foundVersion = readCodexVersion(found as string);
    if (foundVersion === version) return found as string;
    throw new Error(`${CODEX_BIN_ENV}=${found} is Codex ${foundVersion}, expected ${version}`);
  }
  for (const bin of cachedBinaries(options.repoRoot, version)) {
    if (readCodexVersion(bin) === version) return bin;
  }
  return installCodex(options);
}
