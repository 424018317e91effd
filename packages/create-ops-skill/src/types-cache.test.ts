/**
 * The types of a skill named otherwise, derived from those the package was built with, are
 * what the generator makes of its schema, file for file and byte for byte, for every template
 * and names of every kind; where that could fail (a clash), the generator runs instead.
 */
import { describe, expect, it } from "vitest";
import { generateTypesFor } from "./plan.js";
import { renameText } from "./substitute.js";
import { loadTemplate, TEMPLATE_NAMES } from "./templates.js";
import { pascalOf, renamedTypes } from "./types-cache.js";

/** Names no template's files hold: always derived. */
const DERIVED = [
  "my-check",
  "k8s-x2",
  "a1b2-c3d4",
  "z".repeat(64),
  // Names that hold a template's name.
  "drift-check-2",
  "pre-drift-check",
];
/** Names that are words or letters of some template's files: derived, or left to the generator. */
const OTHERS = ["b", "check", "health", "report"];
const NAMES = [...DERIVED, ...OTHERS];

/** The schema of a skill `name` of the template, as planSkill writes it. */
function schemaOf(template: ReturnType<typeof loadTemplate>, name: string): Buffer {
  return Buffer.from(
    renameText(template.schema.toString("utf8"), {
      from: template.skill,
      to: name,
      skillPath: `.agents/skills/${name}`,
      upToRoot: "../../../",
      schemaFrom: template.schemaFile,
      schemaTo: `${name}.schema.json`,
    }),
  );
}

describe("types renamed from the built ones", () => {
  it("names types as the generator does", () => {
    expect(pascalOf("k8s-health")).toBe("K8SHealth");
    expect(pascalOf("a1b2-c3d4")).toBe("A1B2C3D4");
    expect(pascalOf("drift-check")).toBe("DriftCheck");
  });

  it.each(TEMPLATE_NAMES)(
    "%s: equal to a fresh generation for every name",
    async (templateName) => {
      const template = loadTemplate(templateName);
      const derivedNames: string[] = [];
      for (const name of NAMES) {
        const bytes = schemaOf(template, name);
        const derived = renamedTypes(
          template,
          template.skill,
          name,
          `.agents/skills/${name}`,
          bytes,
        );
        if (derived === undefined) continue;
        derivedNames.push(name);
        const fresh = await generateTypesFor(`${name}.schema.json`, bytes);
        expect(fresh.ok).toBe(true);
        if (!fresh.ok) continue;
        expect([...derived.files.keys()], name).toEqual([...fresh.files.keys()]);
        for (const [file, text] of fresh.files)
          expect(derived.files.get(file), `${name}: ${file}`).toBe(text);
      }
      expect(derivedNames).toEqual(expect.arrayContaining(DERIVED));
    },
    120_000,
  );

  it("leaves to the generator a skill whose folder the schema names, away from the default", () => {
    const template = loadTemplate("drift-check");
    const bytes = schemaOf(template, "my-drift");
    expect(
      renamedTypes(template, "drift-check", "my-drift", "ops/my-drift", bytes),
    ).toBeUndefined();
    expect(
      renamedTypes(template, "drift-check", "my-drift", ".agents/skills/my-drift", bytes),
    ).toBeDefined();
  });

  it("leaves to the generator a name whose type could clash with a word of the files", () => {
    const template = loadTemplate("blank");
    // `validate` is a function of the generated validator: the generator would rename around it.
    for (const name of ["validate", "a", "schema0"]) {
      const bytes = schemaOf(template, name);
      expect(
        renamedTypes(template, template.skill, name, `.agents/skills/${name}`, bytes),
      ).toBeUndefined();
    }
    // The same names are derived when nothing clashes (the test above holds the others).
    const bytes = schemaOf(template, "my-check");
    expect(
      renamedTypes(template, template.skill, "my-check", ".agents/skills/my-check", bytes),
    ).toBeDefined();
  });
});
