/**
 * The packed packages installed as a new user gets them, for the tests that need that: every
 * package of `packages/*` packed (scripts/pack.mjs) and served with the third-party packages
 * the lock pins by a registry on 127.0.0.1 (local-registry.ts), then installed by name into a
 * fresh project (its own package.json and git repository, no workspace around it).
 */
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { packAll } from "../../scripts/pack.mjs";
import { type LocalRegistry, startLocalRegistry } from "./local-registry.js";

const root = join(import.meta.dirname, "..", "..");
export const INSTALL_TIMEOUT = 150_000;

/** The environment of every command in the project: npm's variables of this run removed. */
export function projectEnv(registry: LocalRegistry, cache: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_|^init_cwd$/i.test(key)),
  );
  return {
    ...env,
    NO_COLOR: "1",
    npm_config_registry: registry.url,
    npm_config_cache: cache,
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
  };
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command (never blocking: the registry answers from this process). */
export async function sh(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeout = 60_000,
): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      cwd,
      env,
      timeout,
      maxBuffer: 32 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === "number" ? failed.code : -1,
      stdout: failed.stdout ?? "",
      stderr: failed.stderr ?? String(error),
    };
  }
}

export interface PackedRegistry {
  registry: LocalRegistry;
  packed: Awaited<ReturnType<typeof packAll>>;
  /** A fresh npm cache for the projects (the registry reads the repository's). */
  npmCache: string;
}

/** Packs every package into `scratch` and serves it with the locked third-party packages. */
export async function startPackedRegistry(scratch: string): Promise<PackedRegistry> {
  const packed = await packAll(root, { out: join(scratch, "tarballs") });
  const cache = await sh("npm", ["config", "get", "cache"], root, process.env);
  const registry = await startLocalRegistry({
    lockFile: join(root, "package-lock.json"),
    packed: packed.map((pack) => ({ ...pack, tarball: pack.tarball as string })),
    cache: cache.stdout.trim(),
  });
  return { registry, packed, npmCache: join(scratch, "npm-cache") };
}

/**
 * A fresh project in `project` (package.json, git) with every packed package installed by
 * name with npm's `strategy`; returns npm's run, and the environment to run commands there.
 */
export async function installPacked(
  project: string,
  strategy: string,
  served: PackedRegistry,
): Promise<{ install: Run; env: NodeJS.ProcessEnv }> {
  const env = projectEnv(served.registry, served.npmCache);
  mkdirSync(project, { recursive: true });
  writeFileSync(
    join(project, "package.json"),
    `${JSON.stringify({ name: "pack-install-demo", private: true, type: "module" }, null, 2)}\n`,
  );
  const init = await sh("git", ["init", "-q"], project, env);
  if (init.code !== 0) throw new Error(`git init: ${init.stderr}`);
  const install = await sh(
    "npm",
    [
      "install",
      `--install-strategy=${strategy}`,
      "--save-dev",
      ...served.packed.map((pack) => `${pack.name}@${pack.version}`),
    ],
    project,
    env,
    INSTALL_TIMEOUT,
  );
  return { install, env };
}
