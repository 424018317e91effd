#!/usr/bin/env node
// Builds templates/ from the catalogue, so the templates never drift from what is tested:
// for each catalogue skill, templates/<skill>/ holds a copy of skills/<skill>/ (as skill/),
// its report schema (schema.json) and template.json (the skill's name and the schema's file
// name); templates/blank/ is the hand-written blank/ of this package, but for its
// scripts/validate-report.sh: a catalogue skill's, with the blank's names and jq checks
// (blank/report-checks.jq; src/validator.ts); templates/_shared/ holds
// the guard (.codex/hooks/guard.cjs) and the schedule's permission profile. Copies are byte
// for byte, modes kept (test/templates.test.ts checks it).
//
// Each template's types/ holds what `ops-skill types` generates for the schema of a skill
// created with the template's own name in the default folder (the generator is deterministic),
// so that common case needs no code generation at create time; any other name generates anew.
// Needs dist/ (tsc) and @ops-skill/schema built.
//
// Usage: node scripts/build-templates.mjs   (run by `npm run build`)
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
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
// The blank template: the package's blank/, with the validator of a catalogue skill made its own.
cpSync(join(pkg, "blank"), join(out, "blank"), {
  recursive: true,
  preserveTimestamps: false,
  filter: (from) => from !== join(pkg, "blank", "report-checks.jq"),
});
{
  const { BLANK_VALIDATOR_FROM, validatorFrom } = await import("../dist/validator.js");
  const from = join(repo, "skills", BLANK_VALIDATOR_FROM, "scripts", "validate-report.sh");
  const blank = JSON.parse(readFileSync(join(pkg, "blank", "template.json"), "utf8"));
  const script = validatorFrom(
    readFileSync(from, "utf8"),
    readFileSync(join(pkg, "blank", "report-checks.jq"), "utf8"),
    { from: BLANK_VALIDATOR_FROM, to: blank.skill },
  );
  if (script === undefined) throw new Error(`${from}: no <<'JQ' heredoc of checks`);
  const to = join(out, "blank", "skill", "scripts", "validate-report.sh");
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(to, script);
  chmodSync(to, statSync(from).mode);
}
mkdirSync(join(out, "_shared"), { recursive: true });
copy(join(repo, ".codex", "hooks", "guard.cjs"), join(out, "_shared", "guard.cjs"));
copy(join(repo, "schedule", "day-two.config.toml"), join(out, "_shared", "profile.config.toml"));
chmodSync(
  join(out, "_shared", "guard.cjs"),
  statSync(join(repo, ".codex", "hooks", "guard.cjs")).mode,
);
// The types of each template's default scaffold.
const { renameText } = await import("../dist/substitute.js");
const { generateTypes } = await import("@ops-skill/schema");
for (const name of [...skills.map((s) => s.name), "blank"]) {
  const dir = join(out, name);
  const meta = JSON.parse(readFileSync(join(dir, "template.json"), "utf8"));
  const schemaFile = `${meta.skill}.schema.json`;
  const schema = renameText(readFileSync(join(dir, "schema.json"), "utf8"), {
    from: meta.skill,
    to: meta.skill,
    skillPath: `.agents/skills/${meta.skill}`,
    upToRoot: "../../../",
    schemaFrom: meta.schema,
    schemaTo: schemaFile,
  });
  const scratch = mkdtempSync(join(tmpdir(), "create-ops-skill-build-"));
  try {
    mkdirSync(join(scratch, "schemas"));
    writeFileSync(join(scratch, "schemas", schemaFile), schema);
    await generateTypes({ cwd: scratch, schemas: [join("schemas", schemaFile)], concurrency: 1 });
    copy(join(scratch, "schemas", "generated"), join(dir, "types"));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
process.stdout.write(`templates: ${[...skills.map((s) => s.name), "blank"].join(", ")}\n`);
