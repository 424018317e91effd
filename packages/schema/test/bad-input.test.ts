/**
 * Whatever a schema file holds, the checker and the fixer finish with a clear problem: invalid
 * JSON with its line and column, reference cycles, missing and remote references, 10,000
 * properties, 50 levels of nesting, catastrophic patterns. No timing assertions: a hang fails
 * the test by its timeout.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkSchema, checkSchemaText, checkStrictSchema } from "../src/check.js";
import { fixSchema } from "../src/fix.js";
import { deepArrayText, deepSchema, manyPropertiesSchema } from "./fixtures/generated.js";
import { said } from "./support/said.js";

const FIXTURES = join(import.meta.dirname, "fixtures");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

describe("invalid JSON", () => {
  it("reports a trailing comma with its line and column", () => {
    const problems = checkSchemaText(fixture("trailing-comma.schema.json"));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      code: "schema/invalid-json",
      severity: "error",
      range: { line: 5, column: 3 },
    });
    expect(problems[0]?.message).toContain(
      "Trailing commas are not allowed in JSON at line 5, column 3",
    );
  });

  it("reports a comment", () => {
    const [problem] = checkSchemaText(fixture("comment.schema.json"));
    expect(problem?.message).toContain("Comments are not allowed in JSON at line 2, column 3");
  });

  it.each([
    ["", "The file is empty", 1, 1],
    ["\uFEFF{}", "byte-order mark", 1, 1],
    ['{"type": "object"', "Expected '}' to close the object", 1, 18],
    ['{"type": "obj', "Unterminated string", 1, 10],
    ["{'type': 'object'}", "Unexpected character", 1, 2],
    ['{"a": 1}\n{"b": 2}', "Unexpected content after the JSON value", 2, 1],
    ['{"a": [1, 2,]}', "Trailing commas", 1, 13],
    ['{"a": 01}', "Expected ',' between values", 1, 8],
  ])("%j: %s", (text, message, line, column) => {
    const problems = checkSchemaText(text);
    expect(codes(problems)).toEqual(["schema/invalid-json"]);
    expect(problems[0]?.message).toContain(message);
    expect(problems[0]?.range).toMatchObject({ line, column });
  });
});

describe("references", () => {
  it("accepts recursion and reports only the alias loop of a cycle", () => {
    const problems = checkSchemaText(fixture("ref-cycle.schema.json")).filter(
      (p) => p.severity === "error",
    );
    expect(problems.map((p) => [p.code, p.pointer])).toEqual([
      ["schema/ref-unresolved", "/$defs/edge/properties/loop/$ref"],
      ["schema/ref-unresolved", "/$defs/loop/$ref"],
      ["schema/ref-unresolved", "/$defs/loop2/$ref"],
    ]);
    expect(problems[1]?.message).toContain("only leads to other references and back to itself");
  });

  it("fixes around a cycle without looping", () => {
    const schema = JSON.parse(fixture("ref-cycle.schema.json"));
    const result = fixSchema(schema);
    expect(result.unfixable.map((u) => u.code)).toEqual([
      "schema/ref-unresolved",
      "schema/ref-unresolved",
      "schema/ref-unresolved",
    ]);
  });

  it("reports missing definitions in the API's words", () => {
    const problems = checkSchemaText(fixture("ref-missing.schema.json"), { kinds: ["strict"] });
    expect(problems.map(said)).toEqual([
      "In context=('properties', 'finding'), reference to component '#/$defs/finding' which was not found in the schema.",
      "In context=('properties', 'check'), reference to component '#/definitions/check' which was not found in the schema.",
      "In context=('properties', 'nested'), reference can only point to definitions defined at the top level of the schema ('#/properties/finding').",
    ]);
    expect(problems[0]?.range).toMatchObject({ line: 4, column: 26 });
  });

  it("reports remote references and never fetches them", () => {
    const problems = checkSchemaText(fixture("ref-remote.schema.json"), { kinds: ["strict"] });
    expect(codes(problems)).toEqual([
      "schema/ref-remote",
      "schema/ref-remote",
      "schema/ref-remote",
      "schema/ref-remote",
    ]);
    expect(problems[0]?.message).toContain('"https://example.com/schemas/finding.json"');
    expect(problems[0]?.message).toContain("neither Codex nor the API fetches it");
  });
});

describe("size", () => {
  it("checks a 10,000-property schema and reports the property limit", () => {
    const schema = manyPropertiesSchema(10_000);
    const problems = checkStrictSchema(schema);
    expect(problems.map((p) => [p.code, said(p)])).toEqual([
      ["schema/max-properties", "10000 parameters exceeds limit of 5000."],
    ]);
  });

  it("locates problems in a 10,000-property file", () => {
    const schema = manyPropertiesSchema(10_000);
    schema.required = [];
    const problems = checkSchemaText(JSON.stringify(schema, null, 2), {
      kinds: ["strict"],
    });
    const required = problems.filter((p) => p.code === "schema/required-all");
    expect(required).toHaveLength(10_000);
    expect(required[9_999]?.range).toMatchObject({ line: 4 + 4 * 9_999, column: 5 });
  });

  it("fixes a 10,000-property schema except for its size", () => {
    const schema = manyPropertiesSchema(10_000);
    schema.required = [];
    const fixed = fixSchema(schema);
    expect(fixed.unfixable.map((u) => u.code)).toEqual(["schema/max-properties"]);
    expect(fixed.changes).toHaveLength(10_000);
  });

  it("reports 50 levels of nesting at the eleventh object", () => {
    const problems = checkSchema(deepSchema(50));
    expect(problems.map((p) => [p.code, said(p)])).toEqual([
      ["schema/max-depth", "50 levels of nesting exceeds limit of 10."],
    ]);
    expect(problems[0]?.pointer).toBe(`${"/properties/child".repeat(10)}`);
  });

  it("accepts exactly 10 levels", () => {
    expect(checkSchema(deepSchema(10))).toEqual([]);
    expect(codes(checkSchema(deepSchema(11)))).toEqual(["schema/max-depth"]);
  });

  it("survives nesting deeper than any parser stack", () => {
    const problems = checkSchemaText(deepArrayText(100_000));
    expect(codes(problems)).toContain("schema/root-object");
    const deep = checkSchemaText(
      `${'{"type":"object","properties":{"a":'.repeat(30_000)}{"type":"string"}${"}}".repeat(30_000)}`,
    );
    expect(codes(deep)).toContain("schema/max-depth");
    expect(
      said(deep.find((p) => p.code === "schema/max-depth") ?? { pointer: "", message: "" }),
    ).toMatch(/^More than \d+ levels of nesting exceeds limit of 10\.$/);
    expect(codes(deep)).toContain("schema/json-schema");
    expect(fixSchema(JSON.parse(deepArrayText(50_000))).unfixable[0]?.code).toBe(
      "schema/max-depth",
    );
  });
});

describe("patterns", () => {
  it("flags catastrophic patterns and broken ones, never running them", () => {
    const problems = checkSchemaText(fixture("catastrophic-patterns.schema.json"));
    expect(problems.map((p) => [p.code, p.pointer])).toEqual([
      ["schema/pattern-backtracking", "/properties/a/pattern"],
      ["schema/pattern-backtracking", "/properties/b/pattern"],
      ["schema/pattern-backtracking", "/properties/c/pattern"],
      ["schema/pattern-invalid", "/properties/d/pattern"],
    ]);
    expect(problems[0]?.message).toContain("may take exponential time");
    expect(problems[0]?.severity).toBe("warning");
    expect(problems[3]?.severity).toBe("error");
  });
});

describe("values that are not schemas", () => {
  it.each([
    ["null", "schema/root-object"],
    ["[]", "schema/root-object"],
    ['"object"', "schema/root-object"],
    ["true", "schema/root-object"],
    ["42", "schema/root-object"],
  ])("%s", (text, code) => {
    expect(codes(checkSchemaText(text))).toContain(code);
  });

  it("does not trip over prototype keys", () => {
    const text =
      '{"type":"object","properties":{"__proto__":{"type":"string","description":"x"},"constructor":{"type":"string","description":"y"}},"required":["__proto__"],"__proto__":{"x":1}}';
    const problems = checkSchemaText(text);
    expect(problems.map((p) => p.code)).toEqual([
      "schema/additional-properties",
      "schema/required-all",
      "schema/unverified-keyword",
    ]);
    const fixed = fixSchema(JSON.parse(text));
    expect(Object.keys((fixed.schema as { properties: object }).properties)).toEqual([
      "__proto__",
      "constructor",
    ]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
