import { describe, expect, it } from "vitest";
import { checkStrictSchema } from "../src/check.js";
import { fixSchema, insertKey } from "../src/fix.js";
import { said } from "./support/said.js";

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: "object",
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
  ...extra,
});

// biome-ignore lint/suspicious/noExplicitAny: fixed schemas are read as plain JSON here.
type Json = any;

function fixed(schema: unknown) {
  const result = fixSchema(schema);
  return { ...result, json: result.schema as Json };
}

describe("fixSchema", () => {
  it("makes an optional $ref nullable with anyOf", () => {
    const { json, changes } = fixed({
      type: "object",
      properties: { owner: { $ref: "#/$defs/person" } },
      additionalProperties: false,
      $defs: { person: obj({ name: { type: "string" } }) },
    });
    expect(json.properties.owner).toEqual({
      anyOf: [{ $ref: "#/$defs/person" }, { type: "null" }],
    });
    expect(json.required).toEqual(["owner"]);
    expect(changes[0]?.description).toContain('`anyOf` the old schema and `{"type": "null"}`');
  });

  it("adds null to the enum of an optional enum", () => {
    const { json } = fixed({
      type: "object",
      properties: { level: { type: "string", enum: ["low", "high"] } },
      additionalProperties: false,
    });
    expect(json.properties.level).toEqual({
      type: ["string", "null"],
      enum: ["low", "high", null],
    });
  });

  it("types a bare enum, then makes it nullable when it was optional", () => {
    const { json, unfixable } = fixed({
      type: "object",
      properties: { level: { enum: ["low", "high"] }, count: { enum: [1, 2.5] } },
      required: ["count"],
    });
    expect(json.properties.level).toEqual({
      type: ["string", "null"],
      enum: ["low", "high", null],
    });
    expect(json.properties.count).toEqual({ type: "number", enum: [1, 2.5] });
    expect(unfixable).toEqual([]);
  });

  it("types a mixed enum with a type list", () => {
    const { json } = fixed(obj({ v: { enum: ["a", 1, null] } }));
    expect(json.properties.v.type).toEqual(["string", "integer", "null"]);
  });

  it("turns an optional const into an enum with null", () => {
    const { json } = fixed({
      type: "object",
      properties: { kind: { type: "string", const: "drift" } },
      additionalProperties: false,
    });
    expect(json.properties.kind).toEqual({ type: ["string", "null"], enum: ["drift", null] });
  });

  it("appends null to an optional anyOf and leaves a nullable one alone", () => {
    const { json, changes } = fixed({
      type: "object",
      properties: {
        a: { anyOf: [{ type: "string" }, { type: "integer" }] },
        b: { type: ["string", "null"] },
      },
      additionalProperties: false,
    });
    expect(json.properties.a.anyOf).toEqual([
      { type: "string" },
      { type: "integer" },
      { type: "null" },
    ]);
    expect(json.properties.b).toEqual({ type: ["string", "null"] });
    expect(changes.map((c) => c.description)).toEqual([
      'added "a" to `required`; it was optional, so its `anyOf` now allows `{"type": "null"}`',
      'added "b" to `required`',
    ]);
  });

  it("moves keywords strict mode refuses into the description", () => {
    const { json, changes } = fixed(
      obj({
        name: { type: "string", description: "Who", minLength: 1, maxLength: 64 },
        tags: { type: "array", items: { type: "string" }, uniqueItems: true },
        home: { type: "string", format: "uri" },
      }),
    );
    expect(json.properties.name).toEqual({
      type: "string",
      description: "Who. Not enforced in strict mode: minLength: 1; maxLength: 64.",
    });
    expect(json.properties.tags.description).toBe(
      "Not enforced in strict mode: uniqueItems: true.",
    );
    expect(json.properties.home).toEqual({
      type: "string",
      description: 'Not enforced in strict mode: format: "uri".',
    });
    expect(changes.map((c) => c.pointer)).toEqual([
      "/properties/name",
      "/properties/tags",
      "/properties/home",
    ]);
    expect(checkStrictSchema(json)).toEqual([]);
  });

  it("keeps supported constraints", () => {
    const schema = obj({
      n: { type: "integer", minimum: 0, maximum: 9 },
      s: { type: "string", pattern: "^a", format: "date" },
      a: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 3 },
    });
    expect(fixSchema(schema)).toEqual({ schema, changes: [], unfixable: [] });
  });

  it("inlines a one-member allOf and leaves a longer one", () => {
    const { json, unfixable } = fixed(
      obj({
        a: { description: "A.", allOf: [{ type: "string", description: "Text." }] },
        b: { allOf: [{ type: "string" }, { type: "string" }] },
      }),
    );
    expect(json.properties.a).toEqual({ description: "A. Text.", type: "string" });
    expect(unfixable.map((u) => [u.code, u.pointer])).toEqual([
      ["schema/unsupported-keyword", "/properties/b/allOf"],
    ]);
  });

  it("turns a nested oneOf into anyOf but not a root one", () => {
    const { json } = fixed(obj({ v: { oneOf: [{ type: "string" }, { type: "integer" }] } }));
    expect(json.properties.v).toEqual({ anyOf: [{ type: "string" }, { type: "integer" }] });
    const root = fixed({ oneOf: [obj({ a: { type: "string" } })] });
    expect(root.unfixable.map((u) => u.code)).toContain("schema/root-object");
  });

  it("moves if/then/else and dependentRequired into the description", () => {
    const { json } = fixed(
      obj(
        { a: { type: "string" } },
        {
          if: { properties: { a: { const: "x" } } },
          // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword.
          then: { required: ["a"] },
          dependentRequired: { a: ["a"] },
        },
      ),
    );
    expect(json.description).toBe(
      'Not enforced in strict mode: if: {"properties":{"a":{"const":"x"}}}; then: {"required":["a"]}; dependentRequired: {"a":["a"]}.',
    );
    expect(checkStrictSchema(json)).toEqual([]);
  });

  it("wraps a $ref that carries a description", () => {
    const { json } = fixed({
      ...obj({ owner: { $ref: "#/$defs/person", description: "Who owns it." } }),
      $defs: { person: obj({ name: { type: "string" } }) },
    });
    expect(json.properties.owner).toEqual({
      description: "Who owns it.",
      anyOf: [{ $ref: "#/$defs/person" }],
    });
    expect(checkStrictSchema(json)).toEqual([]);
  });

  it("closes objects that were open, and says what they were", () => {
    const { json, changes } = fixed({
      type: "object",
      properties: {
        a: {
          type: "object",
          properties: { b: { type: "string" } },
          required: ["b"],
          additionalProperties: true,
        },
      },
      required: ["a"],
      additionalProperties: {},
    });
    expect(json.additionalProperties).toBe(false);
    expect(json.properties.a.additionalProperties).toBe(false);
    expect(changes.map((c) => c.description)).toEqual([
      "set `additionalProperties` to false (was {})",
      "set `additionalProperties` to false (was true)",
    ]);
  });

  it("never guesses: root anyOf, typed maps, patternProperties and free-form objects stay", () => {
    const input = {
      type: "object",
      properties: {
        labels: { type: "object", additionalProperties: { type: "string" } },
        byPattern: { type: "object", patternProperties: { "^x-": { type: "string" } } },
        anything: { type: "object" },
        list: { type: "array" },
        remote: { $ref: "https://example.com/x.json" },
      },
      required: ["labels", "byPattern", "anything", "list", "remote"],
      additionalProperties: false,
    };
    const result = fixed(input);
    expect(result.json.properties.labels).toEqual(input.properties.labels);
    expect(result.json.properties.byPattern.patternProperties).toEqual(
      input.properties.byPattern.patternProperties,
    );
    expect(result.unfixable.map((u) => [u.code, u.pointer])).toEqual([
      ["schema/typed-map", "/properties/labels/additionalProperties"],
      ["schema/additional-properties", "/properties/byPattern"],
      ["schema/pattern-properties", "/properties/byPattern/patternProperties"],
      ["schema/additional-properties", "/properties/anything"],
      ["schema/object-properties", "/properties/anything"],
      ["schema/array-items", "/properties/list"],
      ["schema/ref-remote", "/properties/remote/$ref"],
    ]);
    expect(fixed({ anyOf: [obj({ a: { type: "string" } })] }).unfixable.map(said)).toEqual([
      "schema must have type 'object' and not have 'oneOf'/'anyOf'/'allOf'/'enum'/'not' at the top level. Found 'anyOf'.",
    ]);
  });

  it("returns anything that is not an object as it is", () => {
    expect(fixSchema(null)).toMatchObject({ schema: null, changes: [] });
    expect(fixSchema([1]).unfixable.map((u) => u.code)).toContain("schema/root-object");
  });
});

describe("insertKey", () => {
  it("keeps existing keys in place and puts new ones at their usual place", () => {
    const o: Record<string, unknown> = { description: "d", enum: ["a"] };
    insertKey(o, "type", "string");
    expect(Object.keys(o)).toEqual(["description", "type", "enum"]);
    insertKey(o, "x-custom", 1);
    expect(Object.keys(o)).toEqual(["description", "type", "enum", "x-custom"]);
    insertKey(o, "description", "e");
    expect(Object.keys(o)).toEqual(["description", "type", "enum", "x-custom"]);
    const root: Record<string, unknown> = { properties: {}, $defs: {} };
    insertKey(root, "additionalProperties", false);
    insertKey(root, "required", []);
    insertKey(root, "type", "object");
    expect(Object.keys(root)).toEqual([
      "type",
      "properties",
      "required",
      "additionalProperties",
      "$defs",
    ]);
  });
});
