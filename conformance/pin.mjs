#!/usr/bin/env node
// Moves the pinned Codex: npm run codex:pin -- <version>
//
// 1. writes <version> into packages/codex/src/version.ts, the one definition of the pin;
// 2. installs @openai/codex@<version> into .cache/codex-<version> (unless it is there);
// 3. re-records every conformance domain against it, into the working tree;
// 4. prints, per domain, the cases whose verdict changed (and which fields), then what still
//    names the old version: measured tables, docs and the SARIF goldens, which tests hold to
//    the pin.
// Nothing is committed. To go back: `git checkout -- packages/codex/src/version.ts conformance`.
// A failure before the recording restores version.ts.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadRecorder } from "./record.mjs";

const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const VERSION_FILE = join(repoRoot, "packages", "codex", "src", "version.ts");
const DEFINITION = /export const CODEX_VERSION = "([^"]+)";/;
/** Where a version is measured rather than defined: re-measure after moving the pin. */
const MEASURED = [
  {
    file: "packages/codex/src/config/known-keys.generated.ts",
    pattern: /KNOWN_KEYS_CODEX_VERSION = "([^"]+)"/,
    how: "node conformance/config/measure-known-keys.mjs, then measure-project-keys.mjs",
  },
];

function fail(message) {
  process.stderr.write(`codex:pin: ${message}\n`);
  process.exit(2);
}

const [version, ...rest] = process.argv.slice(2);
if (version === undefined || rest.length > 0 || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version))
  fail("usage: npm run codex:pin -- <version>   (an @openai/codex release, e.g. 0.171.0)");

const original = readFileSync(VERSION_FILE, "utf8");
const previous = DEFINITION.exec(original)?.[1];
if (previous === undefined) fail(`no CODEX_VERSION definition in ${VERSION_FILE}`);
writeFileSync(
  VERSION_FILE,
  original.replace(DEFINITION, `export const CODEX_VERSION = "${version}";`),
);
process.stdout.write(`pin: Codex ${previous} -> ${version} (packages/codex/src/version.ts)\n`);

let recorder;
try {
  recorder = await loadRecorder();
  const bin = await recorder.pinnedCodex(version);
  process.stdout.write(`installed: ${bin}\n`);
} catch (error) {
  writeFileSync(VERSION_FILE, original);
  fail(`${error instanceof Error ? error.message : String(error)} (version.ts restored)`);
}

// Progress goes to stderr, one line per case; the account of what changed to stdout.
const reports = await recorder.recordSelection(recorder.parseSelection([]), {
  codexVersion: version,
});
process.stdout.write(`\nverdicts re-recorded with Codex ${version}:\n`);
for (const report of reports) {
  process.stdout.write(`${report.domain}\n`);
  for (const line of recorder.describeReport(report)) process.stdout.write(`  ${line}\n`);
}

const stale = [];
for (const { file, pattern, how } of MEASURED) {
  const found = pattern.exec(readFileSync(join(repoRoot, file), "utf8"))?.[1];
  if (found !== version) stale.push(`  ${file}: measured with ${found}; re-run ${how}`);
}
let docs = [];
try {
  docs = execFileSync(
    "git",
    ["grep", "-l", "-F", previous, "--", "*.md", "*.sarif", ":!.changeset/**"],
    {
      cwd: repoRoot,
      encoding: "utf8",
    },
  )
    .split("\n")
    .filter(Boolean);
} catch {
  // git grep exits 1 when nothing matches.
}
process.stdout.write("\nstill naming the old version (test/codex-version.test.ts checks them):\n");
for (const line of stale) process.stdout.write(`${line}\n`);
if (docs.length > 0) {
  const shown = docs.slice(0, 8).join(", ");
  const more = docs.length > 8 ? `, and ${docs.length - 8} more` : "";
  process.stdout.write(`  ${docs.length} docs and goldens name ${previous}: ${shown}${more}\n`);
}
if (stale.length === 0 && docs.length === 0) process.stdout.write("  nothing\n");
process.stdout.write(
  "\nNext: npm run build && npm test (the verdict tests compare the linter with the new recordings;\n" +
    "the SARIF goldens name the version: UPDATE_GOLDENS=1 npx vitest run packages/lint/src/formatters).\n",
);
