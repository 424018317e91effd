/**
 * The built templates are the catalogue: each `templates/<skill>/` holds `skills/<skill>/`,
 * its schema, the guard and the schedule's profile byte for byte, modes kept (the new name is
 * put in when a skill is created, not in the template); `templates/blank/` is the package's
 * hand-written `blank/`, with a catalogue skill's `validate-report.sh` given its names and checks.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TEMPLATE_NAMES } from "../src/index.js";
import { BLANK_VALIDATOR_FROM, validatorFrom } from "../src/validator.js";
import { packageDir, repoRoot } from "./helpers.js";

const templates = join(packageDir, "templates");

function files(dir: string, prefix = ""): Map<string, { bytes: string; mode: number }> {
  const out = new Map<string, { bytes: string; mode: number }>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) for (const [k, v] of files(path, rel)) out.set(k, v);
    else
      out.set(rel, {
        bytes: readFileSync(path).toString("base64"),
        mode: statSync(path).mode & 0o777,
      });
  }
  return out;
}

const catalogue = readdirSync(join(repoRoot, "skills")).sort();

describe("templates built from the catalogue", () => {
  it("has one template per catalogue skill, and blank", () => {
    expect([...TEMPLATE_NAMES].sort()).toEqual([...catalogue, "blank"].sort());
    expect(readdirSync(templates).sort()).toEqual(["_shared", ...catalogue, "blank"].sort());
  });

  it.each(catalogue)("%s equals skills/%s, its schema, byte for byte", (skill) => {
    const built = join(templates, skill);
    expect(files(join(built, "skill"))).toEqual(files(join(repoRoot, "skills", skill)));
    expect(readdirSync(built).sort()).toEqual(["schema.json", "skill", "template.json", "types"]);
    const meta = JSON.parse(readFileSync(join(built, "template.json"), "utf8"));
    expect(meta.skill).toBe(skill);
    expect(readFileSync(join(built, "schema.json"))).toEqual(
      readFileSync(join(repoRoot, "schemas", meta.schema)),
    );
    // The schema the template names is the one its cassettes record.
    const scenario = readdirSync(join(repoRoot, "skills", skill, "tests"), {
      withFileTypes: true,
    }).find((e) => e.isDirectory());
    const header = readFileSync(
      join(repoRoot, "skills", skill, "tests", scenario?.name ?? "", "cassette.jsonl"),
      "utf8",
    ).split("\n")[0] as string;
    expect(JSON.parse(header).invocation.args).toContain(`schemas/${meta.schema}`);
  });

  it.each([...catalogue, "blank"])(
    "%s: the types built with the package are what `ops-skill types` generates",
    async (name) => {
      const { generateTypes } = await import("@ops-skill/schema");
      const built = join(templates, name);
      const meta = JSON.parse(readFileSync(join(built, "template.json"), "utf8"));
      const manifest = JSON.parse(readFileSync(join(built, "types", ".manifest.json"), "utf8"));
      const schemaFile = `${meta.skill}.schema.json`;
      const record = manifest.schemas[`../${schemaFile}`];
      expect(record.name).toBe(meta.skill);
      // The schema of the template's default scaffold, renamed as createSkill renames it.
      const scratch = mkdtempSync(join(tmpdir(), "create-ops-skill-types-"));
      try {
        const { renameText } = await import("../src/substitute.js");
        const schema = renameText(readFileSync(join(built, "schema.json"), "utf8"), {
          from: meta.skill,
          to: meta.skill,
          skillPath: `.agents/skills/${meta.skill}`,
          upToRoot: "../../../",
          schemaFrom: meta.schema,
          schemaTo: schemaFile,
        });
        mkdirSync(join(scratch, "schemas"));
        writeFileSync(join(scratch, "schemas", schemaFile), schema);
        await generateTypes({
          cwd: scratch,
          schemas: [join("schemas", schemaFile)],
          concurrency: 1,
        });
        expect(files(join(scratch, "schemas", "generated"))).toEqual(files(join(built, "types")));
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it("blank is the package's blank/, its validator the catalogue's with the blank's checks", () => {
    const built = files(join(templates, "blank"));
    for (const path of built.keys()) if (path.startsWith("types/")) built.delete(path);
    const validator = "skill/scripts/validate-report.sh";
    const script = built.get(validator);
    built.delete(validator);
    const source = files(join(packageDir, "blank"));
    source.delete("report-checks.jq");
    expect(built).toEqual(source);
    // The catalogue skill's script, byte for byte but for the blank's names and jq checks.
    const from = join(repoRoot, "skills", BLANK_VALIDATOR_FROM, "scripts", "validate-report.sh");
    const checks = readFileSync(join(packageDir, "blank", "report-checks.jq"), "utf8");
    const meta = JSON.parse(readFileSync(join(packageDir, "blank", "template.json"), "utf8"));
    const expected = validatorFrom(readFileSync(from, "utf8"), checks, {
      from: BLANK_VALIDATOR_FROM,
      to: meta.skill,
    });
    expect(expected).toBeDefined();
    expect(script).toEqual({
      bytes: Buffer.from(expected as string).toString("base64"),
      mode: statSync(from).mode & 0o777,
    });
    expect(expected).toContain(`\n${checks}JQ\n`);
    expect(expected).not.toContain(BLANK_VALIDATOR_FROM);
  });

  it("shares the catalogue's guard and schedule profile", () => {
    expect(files(join(templates, "_shared"))).toEqual(
      new Map([
        [
          "guard.cjs",
          {
            bytes: readFileSync(join(repoRoot, ".codex/hooks/guard.cjs")).toString("base64"),
            mode: statSync(join(repoRoot, ".codex/hooks/guard.cjs")).mode & 0o777,
          },
        ],
        [
          "profile.config.toml",
          {
            bytes: readFileSync(join(repoRoot, "schedule/day-two.config.toml")).toString("base64"),
            mode: statSync(join(repoRoot, "schedule/day-two.config.toml")).mode & 0o777,
          },
        ],
      ]),
    );
  });
});
