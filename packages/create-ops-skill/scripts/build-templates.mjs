#!/usr/bin/env node
// Builds templates/ from the catalogue, so the templates never drift from what is tested:
// for each catalogue skill, templates/<skill>/ holds a copy of skills/<skill>/ (as skill/),
// its report schema (schema.json) and template.json (the skill's name and the schema's file
// name); templates/blank/ is the hand-written blank/ of this package; templates/_shared/ holds
// the guard (.codex/hooks/guard.mjs) and the schedule's permission profile. Copies are byte
// for byte, modes kept (test/templates.test.ts checks it).
//
// Usage: node scripts/build-templates.mjs   (run by `npm run build`)
import {
  chmodSync,
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const repo = join(pkg, "..", "..");
const out = join(pkg, "templates");

/** The catalogue's skills and the schema each one's cassettes name (`--output-schema`). */
function catalogue() {
  const skills = [];
  for (const name of readdirSync(join(repo, "skills")).sort()) {
    const tests = join(repo, "skills", name, "tests");
    let schema;
    for (const scenario of readdirSync(tests, { withFileTypes: true })) {
      if (!scenario.isDirectory()) continue;
      const cassette = join(tests, scenario.name, "cassette.jsonl");
      if (!statSync(cassette, { throwIfNoEntry: false })?.isFile()) continue;
      const text = readFileSync(cassette, "utf8");
      const header = JSON.parse(text.slice(0, text.indexOf("\n")));
      const args = header.invocation?.args ?? [];
      const at = args.indexOf("--output-schema");
      if (at !== -1) schema = args[at + 1];
      break;
    }
    if (schema === undefined || !schema.startsWith("schemas/")) {
      throw new Error(`skills/${name}: no cassette names its --output-schema under schemas/`);
    }
    skills.push({ name, schema: schema.slice("schemas/".length) });
  }
  return skills;
}

function copy(from, to) {
  cpSync(from, to, { recursive: true, preserveTimestamps: false });
}

rmSync(out, { recursive: true, force: true });
const skills = catalogue();
for (const { name, schema } of skills) {
  const dir = join(out, name);
  mkdirSync(dir, { recursive: true });
  copy(join(repo, "skills", name), join(dir, "skill"));
  copy(join(repo, "schemas", schema), join(dir, "schema.json"));
  writeFileSync(
    join(dir, "template.json"),
    `${JSON.stringify({ skill: name, schema }, null, 2)}\n`,
  );
}
copy(join(pkg, "blank"), join(out, "blank"));
mkdirSync(join(out, "_shared"), { recursive: true });
copy(join(repo, ".codex", "hooks", "guard.mjs"), join(out, "_shared", "guard.mjs"));
copy(join(repo, "schedule", "day-two.config.toml"), join(out, "_shared", "profile.config.toml"));
chmodSync(
  join(out, "_shared", "guard.mjs"),
  statSync(join(repo, ".codex", "hooks", "guard.mjs")).mode,
);
process.stdout.write(`templates: ${[...skills.map((s) => s.name), "blank"].join(", ")}\n`);
