import { describe, expect, it } from "vitest";
import { generationDialect, referenceProblems } from "../../src/codegen/compile.js";
import { TypesGenerationError } from "../../src/codegen/errors.js";
import { parseManifest, serializeManifest } from "../../src/codegen/manifest.js";
import { nameProblem, pascalName, schemaBaseName } from "../../src/codegen/naming.js";
import { formatDeclarations } from "../../src/codegen/typescript.js";
import { findKeyword, toEsm } from "../../src/codegen/validator.js";
import { buildSchemaModel } from "../../src/model.js";

/** Generation reads schemas through the one schema model (`src/model.ts`). */
const checkRefs = (schema: unknown) => referenceProblems(buildSchemaModel(schema));
const dialectOf = (schema: unknown) => generationDialect(buildSchemaModel(schema));

describe("names", () => {
  it.each([
    ["disk-report", "DiskReport"],
    ["k8s-health", "K8SHealth"],
    ["slo_burn.v2", "SloBurnV2"],
    ["backupVerify", "BackupVerify"],
  ])("%s gives the type %s, as json-schema-to-typescript would name it", (name, type) => {
    expect(pascalName(name)).toBe(type);
  });

  it("takes the name from the file name", () => {
    expect(schemaBaseName("disk-report.schema.json")).toBe("disk-report");
    expect(schemaBaseName("disk-report.json")).toBe("disk-report");
  });

  it("refuses names that cannot name a type or would collide with a validator's files", () => {
    expect(nameProblem("disk-report")).toBeUndefined();
    expect(nameProblem("2fa")).toMatch(/must start with a letter/);
    expect(nameProblem("disk report")).toMatch(/must start with a letter/);
    expect(nameProblem("disk--report")).toMatch(/single/);
    expect(nameProblem("disk.validate")).toMatch(/ends with ".validate"/);
  });
});

describe("formatDeclarations", () => {
  it("indents by bracket depth, ignoring brackets in strings and comments", () => {
    const raw = [
      "/**",
      " * A { brace and a ( paren in a comment.",
      " */",
      "export interface A {",
      'kind: ("{" | "}" | "it\'s")',
      "nested: {",
      "/**",
      " * Nested comment.",
      " */",
      "deep: [string, {",
      "x: number",
      "}]",
      "}",
      "// a line comment with {",
      "}",
      "",
      "",
      "export type B = string",
      "",
    ].join("\n");
    expect(formatDeclarations(raw)).toBe(
      [
        "/**",
        " * A { brace and a ( paren in a comment.",
        " */",
        "export interface A {",
        '  kind: ("{" | "}" | "it\'s")',
        "  nested: {",
        "    /**",
        "     * Nested comment.",
        "     */",
        "    deep: [string, {",
        "      x: number",
        "    }]",
        "  }",
        "  // a line comment with {",
        "}",
        "",
        "export type B = string",
        "",
      ].join("\n"),
    );
  });

  it("is idempotent and normalises line endings", () => {
    const once = formatDeclarations("export interface A {\r\nb: {\r\nc: string\r\n}\r\n}\r\n");
    expect(once).toBe("export interface A {\n  b: {\n    c: string\n  }\n}\n");
    expect(formatDeclarations(once)).toBe(once);
  });
});

describe("toEsm", () => {
  it("turns ajv's requires into imports of runtime packages, each once", () => {
    const standalone = [
      '"use strict";',
      "export const validate = validate10;",
      'const func0 = require("ajv/dist/runtime/ucs2length").default;',
      'const formats0 = require("ajv-formats/dist/formats").fullFormats["date-time"];',
      'const formats1 = require("ajv-formats/dist/formats").fullFormats.uuid;',
      'function validate10(data) { return data !== "require(\\"x\\")"; }',
      "",
    ].join("\n");
    const { code, packages } = toEsm(standalone);
    expect(packages).toEqual(["ajv", "ajv-formats"]);
    expect(code).toBe(
      [
        'import * as __ns0 from "ajv/dist/runtime/ucs2length.js";',
        'import * as __ns1 from "ajv-formats/dist/formats.js";',
        "",
        "// The CommonJS exports of a module: Node gives them as the default export, bundlers may give them as the namespace.",
        "const __cjs = (ns) => (ns.default && ns.default.__esModule ? ns.default : ns);",
        "const __m0 = __cjs(__ns0);",
        "const __m1 = __cjs(__ns1);",
        "export const validate = validate10;",
        "const func0 = __m0.default;",
        'const formats0 = __m1.fullFormats["date-time"];',
        "const formats1 = __m1.fullFormats.uuid;",
        'function validate10(data) { return data !== "require(\\"x\\")"; }',
        "",
      ].join("\n"),
    );
  });

  it("refuses a require of anything but ajv and ajv-formats", () => {
    expect(() => toEsm('const x = require("fs");\n')).toThrow(/not a runtime package we allow/);
  });

  it("leaves code without requires alone", () => {
    expect(toEsm('"use strict";\nexport const validate = v;\n')).toEqual({
      code: "export const validate = v;\n",
      packages: [],
    });
  });
});

describe("references, through the schema model", () => {
  it("looks at schema positions only: $ref as a property name or in data is not a reference", () => {
    const schema = {
      type: "object",
      properties: {
        $ref: { type: "string" },
        kind: { enum: [{ $ref: "#/nowhere" }], const: { $ref: "x" }, default: { $ref: "y" } },
        ok: { $ref: "#/$defs/a~1b" },
        list: { type: "array", items: [{ $ref: "#/$defs/a~1b" }], prefixItems: [{ $ref: "#" }] },
      },
      $defs: { "a/b": { type: "string" } },
    };
    expect(checkRefs(schema)).toEqual([]);
  });

  it("finds refs in every kind of subschema, with their pointers", () => {
    const schema = {
      allOf: [{ $ref: "#/definitions/missing" }],
      additionalProperties: { $ref: "#anchor" },
      patternProperties: { "^x-": { $ref: "other.json" } },
      dependencies: { a: { $ref: "#/%ZZ" }, b: ["c"] },
      definitions: { nested: { $id: "https://example.com/nested", not: { $ref: 3 } } },
    };
    expect(checkRefs(schema).map((p) => p.pointer)).toEqual([
      "/allOf/0/$ref",
      "/additionalProperties/$ref",
      "/patternProperties/^x-/$ref",
      "/dependencies/a/$ref",
      "/definitions/nested/$id",
      "/definitions/nested/not/$ref",
    ]);
  });

  it("finds the first place a keyword is used", () => {
    const model = (schema: unknown) => buildSchemaModel(schema);
    expect(findKeyword(model({ properties: { a: { minimun: 1 } } }), "minimun")).toBe(
      "/properties/a/minimun",
    );
    expect(findKeyword(model({ enum: [{ minimun: 1 }] }), "minimun")).toBeUndefined();
  });
});

describe("dialects", () => {
  it("the dialect $schema names, 2020-12 without one (as schema check reads it); others refused", () => {
    expect(dialectOf({ $schema: "https://json-schema.org/draft/2020-12/schema" })).toBe("2020-12");
    expect(dialectOf({ $schema: "https://json-schema.org/draft/2019-09/schema" })).toBe("2019-09");
    expect(dialectOf({ $schema: "http://json-schema.org/draft-07/schema#" })).toBe("draft-07");
    expect(dialectOf({})).toBe("2020-12");
    expect(dialectOf({ $schema: 7 })).toMatchObject({ pointer: "/$schema" });
    expect(dialectOf({ $schema: "http://json-schema.org/draft-04/schema#" })).toMatchObject({
      pointer: "/$schema",
    });
  });
});

describe("positions and messages", () => {
  it("formats one problem or several", () => {
    expect(
      new TypesGenerationError([{ file: "a.json", line: 2, column: 3, message: "m" }]).message,
    ).toBe("a.json:2:3: m");
    expect(
      new TypesGenerationError([
        { file: "a.json", message: "m" },
        { file: "b.json", line: 1, message: "n" },
      ]).message,
    ).toBe("2 problems:\n  a.json: m\n  b.json:1: n");
  });
});

describe("manifest", () => {
  it("serialises with sorted keys whatever the insertion order", () => {
    const a = serializeManifest({
      generator: "g",
      schemas: {
        "../b.schema.json": {
          name: "b",
          sha256: "2",
          packages: [],
          outputs: { "b.js": 2, "b.d.ts": 1 },
        },
        "../a.schema.json": { name: "a", sha256: "1", packages: ["ajv"], outputs: { "a.js": 1 } },
      },
      shared: { "z.js": 1, "_runtime.js": 2 },
    });
    const parsed = parseManifest(a);
    expect(Object.keys(parsed?.schemas ?? {})).toEqual(["../a.schema.json", "../b.schema.json"]);
    expect(Object.keys(parsed?.schemas["../b.schema.json"]?.outputs ?? {})).toEqual([
      "b.d.ts",
      "b.js",
    ]);
    expect(Object.keys(parsed?.shared ?? {})).toEqual(["_runtime.js", "z.js"]);
    expect(serializeManifest(parsed as NonNullable<typeof parsed>)).toBe(a);
  });

  it("reads anything else as no manifest", () => {
    expect(parseManifest(undefined)).toBeUndefined();
    expect(parseManifest("{")).toBeUndefined();
    expect(
      parseManifest('{"generator": "g", "schemas": {"x": null}, "shared": {}}'),
    ).toBeUndefined();
    expect(parseManifest("[]")).toBeUndefined();
  });
});
