#!/usr/bin/env node
// Records what the pinned Codex does with the conformance cases and writes each domain's
// verdicts: node conformance/record.mjs [--check] [DOMAIN | DOMAIN/CASE-ID ...]
//
// The recorder (conformance/lib/recorder.ts) and the domains (conformance/<domain>/record.ts)
// are TypeScript; they, @ops-skill/codex and @ops-skill/schema (whose strict-mode checks the mock
// domain's stub plays the API with) are compiled first (a few seconds), so a stale dist/ never
// records old logic. Runs go to $OPS_SKILL_RUNS_DIR, else .cache/runs.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));

/** Compiles @ops-skill/codex, @ops-skill/schema and the recorders; returns record-cli. */
export async function loadRecorder() {
  const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
  for (const project of [
    "packages/codex/tsconfig.json",
    "packages/schema/tsconfig.json",
    "conformance/tsconfig.json",
  ])
    execFileSync(process.execPath, [tsc, "-p", project], { cwd: repoRoot, stdio: "inherit" });
  const entry = join(repoRoot, ".cache", "conformance-lib", "lib", "record-cli.js");
  return import(pathToFileURL(entry).href);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    const recorder = await loadRecorder();
    process.exitCode = await recorder.main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  }
}
