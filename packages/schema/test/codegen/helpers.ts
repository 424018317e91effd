import { spawnSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = join(HERE, "..", "..", "..", "..");
export const FIXTURES = join(HERE, "fixtures");
export const GOOD = join(FIXTURES, "good");
export const BAD = join(FIXTURES, "bad");
export const TSC = join(REPO, "node_modules", ".bin", "tsc");

const temps: string[] = [];

/** A fresh temporary directory, removed by `cleanUp`. */
export function tempDir(prefix = "ops-skill-codegen-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

export function cleanUp(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface Project {
  /** The project root (the `cwd` of generateTypes). */
  dir: string;
  schemasDir: string;
  outDir: string;
}

/**
 * A project in a temporary directory: `schemas/` with the given schemas (file name to text, or
 * fixture paths to copy), and `node_modules` linked to the repository's, so that the generated
 * modules can import ajv and tsc can find nothing else.
 */
export function project(schemas: Record<string, string> | string[] = []): Project {
  const dir = tempDir();
  const schemasDir = join(dir, "schemas");
  mkdirSync(schemasDir);
  if (Array.isArray(schemas))
    for (const file of schemas) cpSync(file, join(schemasDir, file.split(/[\\/]/).pop() as string));
  else
    for (const [name, text] of Object.entries(schemas)) writeFileSync(join(schemasDir, name), text);
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"), "dir");
  return { dir, schemasDir, outDir: join(schemasDir, "generated") };
}

export const goodFixtures = (): string[] =>
  readdirSync(GOOD)
    .filter((n) => n.endsWith(".schema.json"))
    .sort()
    .map((n) => join(GOOD, n));

/** Every file of a directory (not recursive), by name. */
export function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let names: string[] = [];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isFile()) out.set(name, readFileSync(path));
  }
  return out;
}

/** Modification times, in nanoseconds, of every file of a directory. */
export function mtimes(dir: string): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const name of readdirSync(dir).sort())
    out.set(name, statSync(join(dir, name), { bigint: true }).mtimeNs);
  return out;
}

/** Runs `node` with an ES module given as text, in `cwd`; returns its exit code and output. */
export function runModule(cwd: string, source: string, args: string[] = []) {
  const script = join(cwd, `driver-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(script, source);
  const child = spawnSync(process.execPath, [script, ...args], { cwd, encoding: "utf8" });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}
