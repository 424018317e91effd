#!/usr/bin/env node
// (Re)writes the content hashes the catalogue keeps, from the files they hash:
//
// - schedule/trust.json: the `trusted_hash` of each PreToolUse handler of .codex/hooks.json, as
//   Codex computes it (the Codex config model of @ops-skill/codex), so the scheduled
//   `codex exec` runs the guard;
// - each scenario's cassette header (skills/<skill>/tests/<scenario>/cassette.jsonl, line 1):
//   `inputs.skills` (the skill's SKILL.md), `inputs.schema` (the `--output-schema` file) and
//   `inputs.hooks` (.codex/hooks.json), each `sha256:<hex>`. Other lines stay byte for byte.
//
// Usage: node scripts/catalogue-hashes.mjs [--check]
//   --check  write nothing; exit 1 and name each file that is out of date.
// Needs the packages built (`npm run build`). Deterministic: the same files give the same bytes.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { rehashCassette, SCHEDULE_HOOKS_FILE, scheduleTrustText } from "@ops-skill/codex/config";
import { parseConfigFile } from "@ops-skill/codex/config-parse";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const check = process.argv.includes("--check");
const unknown = process.argv.slice(2).filter((arg) => arg !== "--check");
if (unknown.length > 0) {
  process.stderr.write(`usage: node scripts/catalogue-hashes.mjs [--check]\n`);
  process.exit(2);
}

const stale = [];

function update(path, text) {
  const before = existsSync(path) ? readFileSync(path, "utf8") : undefined;
  if (before === text) return;
  stale.push(relative(root, path));
  if (!check) writeFileSync(path, text);
}

// --- schedule/trust.json ----------------------------------------------------------------------

const HOOKS_FILE = SCHEDULE_HOOKS_FILE;
const hooksPath = join(root, HOOKS_FILE);
const hooksBytes = readFileSync(hooksPath);
const model = parseConfigFile({
  path: hooksPath,
  kind: "hooks-json",
  text: hooksBytes.toString("utf8"),
});
if (model.syntaxError) {
  process.stderr.write(`${HOOKS_FILE}: ${model.syntaxError.message}\n`);
  process.exit(1);
}
update(join(root, "schedule/trust.json"), scheduleTrustText(model.hooks.groups, HOOKS_FILE));

// --- cassette headers -------------------------------------------------------------------------

const skillsDir = join(root, "skills");
for (const skill of readdirSync(skillsDir).sort()) {
  const tests = join(skillsDir, skill, "tests");
  if (!existsSync(tests) || !statSync(tests).isDirectory()) continue;
  for (const scenario of readdirSync(tests).sort()) {
    const cassette = join(tests, scenario, "cassette.jsonl");
    if (scenario.startsWith(".") || !existsSync(cassette)) continue;
    const text = readFileSync(cassette, "utf8");
    const rewritten = rehashCassette(text, {
      skill: {
        path: `skills/${skill}/SKILL.md`,
        bytes: readFileSync(join(skillsDir, skill, "SKILL.md")),
      },
      schemaBytes: (path) => readFileSync(join(root, path)),
      hooks: { path: HOOKS_FILE, bytes: hooksBytes },
    });
    update(cassette, rewritten);
  }
}

if (check && stale.length > 0) {
  process.stderr.write(
    `out of date (run node scripts/catalogue-hashes.mjs):\n${stale.map((f) => `  ${f}\n`).join("")}`,
  );
  process.exit(1);
}
process.stdout.write(
  stale.length === 0
    ? "hashes up to date\n"
    : `${check ? "would write" : "wrote"} ${stale.join(", ")}\n`,
);
