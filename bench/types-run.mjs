#!/usr/bin/env node
/**
 * What `ops-skill types [--check]` will run, for the benchmark until the command exists: calls
 * `generateTypes` of the built @ops-skill/schema and prints a JSON summary on stdout. Exits 1
 * when a check finds stale, missing or extra files, 2 on an error.
 *
 *   node bench/types-run.mjs SCHEMAS_DIR OUT_DIR [--check] [--force]
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { generateTypes } from "../packages/schema/dist/codegen/index.js";

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith("--")));
const [schemasDir, outDir] = args.filter((a) => !a.startsWith("--"));
if (!schemasDir || !outDir) {
  process.stderr.write("usage: node bench/types-run.mjs SCHEMAS_DIR OUT_DIR [--check] [--force]\n");
  process.exit(2);
}
try {
  const dir = resolve(schemasDir);
  const schemas = readdirSync(dir)
    .filter((n) => n.endsWith(".schema.json"))
    .sort()
    .map((n) => join(dir, n));
  const result = await generateTypes({
    schemas,
    outDir: resolve(outDir),
    check: flags.has("--check"),
    force: flags.has("--force"),
  });
  const summary = {
    schemas: result.schemas.length,
    cached: result.schemas.filter((s) => s.cached).length,
    written: result.written.length,
    deleted: result.deleted.length,
    stale: result.stale.length,
    missing: result.missing.length,
    extra: result.extra.length,
    upToDate: result.upToDate,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.exitCode = flags.has("--check") && !result.upToDate ? 1 : 0;
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 2;
}
