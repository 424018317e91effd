/**
 * The repository's own report schemas (`schemas/*.schema.json`): their types and validators
 * generate, compile under tsc --strict, and accept each skill's example report.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateTypes } from "../../src/codegen/index.js";
import { pascalName } from "../../src/codegen/naming.js";
import { cleanUp, project, REPO, runModule, TSC } from "./helpers.js";

afterAll(cleanUp);

const SCHEMAS = join(REPO, "schemas");
const catalogue = existsSync(SCHEMAS)
  ? readdirSync(SCHEMAS)
      .filter((n) => n.endsWith(".schema.json"))
      .sort()
  : [];

/** Each skill's example report with the schema its SKILL.md names. */
const examples = readdirSync(join(REPO, "skills"), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => {
    const dir = join(REPO, "skills", d.name);
    const skill = join(dir, "SKILL.md");
    const example = join(dir, "tests", "example-report.json");
    if (!existsSync(skill) || !existsSync(example)) return [];
    const schema = /schemas\/([a-z0-9-]+)\.schema\.json/.exec(readFileSync(skill, "utf8"))?.[1];
    return schema && catalogue.includes(`${schema}.schema.json`)
      ? [{ skill: d.name, schema, example }]
      : [];
  });

describe("the catalogue's schemas", () => {
  it("are there", () => expect(catalogue.length).toBeGreaterThan(0));

  const p = project(catalogue.map((n) => join(SCHEMAS, n)));

  it("generate, with no warning", async () => {
    const result = await generateTypes({ cwd: p.dir });
    expect(result.schemas.map((s) => s.name)).toEqual(
      catalogue.map((n) => n.replace(".schema.json", "")),
    );
    expect(result.warnings).toEqual([]);
  });

  it.each(examples)("accept the example report of $skill ($schema)", ({ schema, example }) => {
    const run = runModule(
      p.dir,
      `import { parse${pascalName(schema)} as parse } from "./schemas/generated/${schema}.js";
import { readFileSync } from "node:fs";
const report = parse(readFileSync(${JSON.stringify(example)}, "utf8"));
process.stdout.write(typeof report);`,
    );
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("object");
  });

  it("compile under tsc --strict", () => {
    const lines = catalogue.map((n, i) => {
      const name = n.replace(".schema.json", "");
      return `import { type ${pascalName(name)} as R${i}, parse${pascalName(name)} as p${i} } from "./schemas/generated/${name}.js";\nexport const f${i} = (t: string): R${i} => p${i}(t);`;
    });
    writeFileSync(join(p.dir, "catalogue.mts"), `${lines.join("\n")}\n`);
    writeFileSync(
      join(p.dir, "tsconfig.catalogue.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "nodenext",
          noEmit: true,
          skipLibCheck: false,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          types: [],
        },
        files: ["catalogue.mts"],
      }),
    );
    const run = spawnSync(TSC, ["-p", join(p.dir, "tsconfig.catalogue.json")], {
      encoding: "utf8",
    });
    expect(`${run.stdout}${run.stderr}`).toBe("");
    expect(run.status).toBe(0);
  });
});
