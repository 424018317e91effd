#!/usr/bin/env node
// Packs every publishable package of `packages/*` with `npm pack`, as `npm publish` would
// upload it: `node scripts/pack.mjs [--out <dir>]` (default `.cache/pack`; build first, or
// `npm run pack:all`). Prints each tarball with its size; `--json` prints npm's report.
// The packaging tests call `packAll`.
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";

const run = promisify(execFile);

/**
 * The folders of `packages/*` whose package.json is not private, sorted.
 * @param {string} root
 * @returns {string[]}
 */
export function publishableDirs(root) {
  const packages = join(root, "packages");
  return readdirSync(packages, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(packages, entry.name))
    .filter((dir) => {
      try {
        return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).private !== true;
      } catch {
        return false;
      }
    })
    .sort();
}

/**
 * `npm pack` of every publishable package in one npm run. Each result: the package's folder,
 * name, version, tarball path (absent with `dryRun`), packed files (relative paths), size and
 * unpacked size in bytes, integrity.
 * @typedef {{ dir: string, name: string, version: string, tarball: string | undefined,
 *   files: string[], size: number, unpackedSize: number, integrity: string }} Pack
 * @param {string} root
 * @param {{ out?: string, dryRun?: boolean }} [options]
 * @returns {Promise<Pack[]>}
 */
export async function packAll(root, { out, dryRun = false } = {}) {
  const dirs = publishableDirs(root);
  const args = ["pack", "--json", "--ignore-scripts", ...dirs.map((d) => `--workspace=${d}`)];
  if (dryRun) args.push("--dry-run");
  else {
    if (out === undefined) throw new Error("packAll: give `out`, the folder for the tarballs");
    mkdirSync(out, { recursive: true });
    args.push("--pack-destination", out);
  }
  const { stdout } = await run("npm", args, {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
  /** @type {{ name: string, version: string, filename: string, files: { path: string }[],
   *   size: number, unpackedSize: number, integrity: string }[]} */
  const reports = JSON.parse(stdout);
  return reports.map((report) => {
    const dir = dirs.find(
      (d) => JSON.parse(readFileSync(join(d, "package.json"), "utf8")).name === report.name,
    );
    if (dir === undefined) throw new Error(`npm packed ${report.name}, which is no folder here`);
    return {
      dir,
      name: report.name,
      version: report.version,
      tarball: out === undefined || dryRun ? undefined : join(out, report.filename),
      files: report.files.map((f) => f.path),
      size: report.size,
      unpackedSize: report.unpackedSize,
      integrity: report.integrity,
    };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const { values } = parseArgs({
    options: { out: { type: "string" }, json: { type: "boolean" } },
  });
  const out = resolve(values.out ?? join(root, ".cache", "pack"));
  const packs = await packAll(root, { out });
  if (values.json) process.stdout.write(`${JSON.stringify(packs, null, 2)}\n`);
  else
    for (const pack of packs)
      process.stdout.write(
        `${pack.tarball}  ${kb(pack.size)} packed, ${kb(pack.unpackedSize)} unpacked, ${pack.files.length} files\n`,
      );
}

/** @param {number} bytes */
function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} kB`;
}
