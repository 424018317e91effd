/** Each check on the cases it exists for, and on the near misses it must leave alone. */
import { describe, expect, it } from "vitest";
import { checkSchema, checkSchemaText, checkStrictSchema } from "../src/check.js";
import { schemaRules } from "../src/lint-plugin.js";
import { schemaChecks } from "../src/rules/index.js";
import { said } from "./support/said.js";

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: "object",
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
  ...extra,
});
const str = (extra: Record<string, unknown> = {}) => ({
  type: "string",
  description: "x",
  ...extra,
});

function found(schema: unknown, code: string) {
  return checkSchema(schema)
    .filter((p) => p.code === code)
    .map((p) => [p.pointer, said(p)]);
}

describe("the check list", () => {
  it("has unique ids, one file per check, and errors only for refusals", () => {
    const ids = schemaChecks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const check of schemaChecks) {
      if (check.kind === "quality") expect(check.defaultSeverity).not.toBe("error");
      if (check.defaultSeverity === "error") expect(check.kind).not.toBe("quality");
    }
  });

  it("passes a clean schema without a word", () => {
    expect(checkSchema(obj({ a: str() }))).toEqual([]);
  });

  it("reports each finding at its lint rule's default severity (a config changes it through lint)", () => {
    const schema = { type: "object", properties: { a: { type: "string" } } };
    const problems = checkSchema(schema);
    expect(problems.map((p) => [p.code, p.severity])).toEqual([
      ["schema/additional-properties", "error"],
      ["schema/property-description", "warning"],
      ["schema/required-all", "error"],
    ]);
    const rules = new Map(schemaRules.map((rule) => [rule.meta.id, rule.meta]));
    for (const problem of problems)
      expect(problem.severity).toBe(rules.get(problem.code)?.defaultSeverity);
  });
});

describe("schema/root-object", () => {
  it.each([
    [{ anyOf: [obj({ a: str() })] }, "/anyOf", "Found 'anyOf'."],
    [{ type: "object", oneOf: [obj({ a: str() })] }, "/oneOf", "Found 'oneOf'."],
    [{ type: "string", enum: ["a"] }, "/enum", "Found 'enum'."],
    [{ type: "array", items: str() }, "/type", `got 'type: "array"'.`],
    [{ $ref: "#/$defs/r", $defs: { r: obj({ a: str() }) } }, "", `got 'type: "None"'.`],
    [
      { type: ["object", "null"], properties: {}, required: [], additionalProperties: false },
      "/type",
      `got 'type: "['object', 'null']"'.`,
    ],
  ])("%j", (schema, pointer, message) => {
    const [problem] = found(schema, "schema/root-object");
    expect(problem?.[0]).toBe(pointer);
    expect(problem?.[1]).toContain(message);
  });

  it("reports a root allOf as the keyword the API names, and nothing inside it", () => {
    const problems = checkStrictSchema({
      ...obj({ a: str() }),
      allOf: [
        { required: ["a"] },
        // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword.
        { if: { properties: { a: { const: "x" } } }, then: { minLength: 1 } },
      ],
    });
    expect(problems.map(said)).toEqual(["In context=(), 'allOf' is not permitted."]);
  });
});

describe("schema/additional-properties and schema/typed-map", () => {
  it("asks every object, in anyOf, items and $defs too", () => {
    const schema = {
      ...obj({
        a: {
          anyOf: [{ type: "object", properties: { x: str() }, required: ["x"] }, { type: "null" }],
        },
        b: {
          type: "array",
          items: {
            type: "object",
            properties: { y: str() },
            required: ["y"],
            additionalProperties: true,
          },
        },
        c: { $ref: "#/$defs/c" },
      }),
      $defs: { c: { type: "object", properties: { z: str() }, required: ["z"] } },
    };
    expect(found(schema, "schema/additional-properties").map((f) => f[0])).toEqual([
      "/properties/a/anyOf/0",
      "/properties/b/items/additionalProperties",
      "/$defs/c",
    ]);
    expect(found(schema, "schema/additional-properties")[2]?.[1]).toBe(
      "In context=('$defs', 'c'), 'additionalProperties' is required to be supplied and to be false.",
    );
  });

  it("reports a typed map on its own", () => {
    const schema = obj({
      labels: { type: "object", description: "x", additionalProperties: { type: "string" } },
    });
    expect(found(schema, "schema/typed-map")).toEqual([
      [
        "/properties/labels/additionalProperties",
        "In context=('properties', 'labels'), 'additionalProperties' is required to be supplied and to be false.",
      ],
    ]);
    expect(found(schema, "schema/additional-properties")).toEqual([]);
    expect(found(schema, "schema/object-properties")).toEqual([]);
  });
});

describe("schema/required-all", () => {
  it("names each missing key, with the object's context", () => {
    const schema = { ...obj({ a: str(), "it's": str(), c: str() }), required: ["a", 5] };
    expect(found(schema, "schema/required-all")).toEqual([
      [
        "/properties/it's",
        `In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing "it's".`,
      ],
      [
        "/properties/c",
        "In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'c'.",
      ],
    ]);
  });
});

describe("schema/type-required and schema/boolean-schema", () => {
  it("asks every node for a type, not only properties", () => {
    const schema = obj(
      {
        a: { description: "only a description" },
        b: { type: "array", description: "x", items: { enum: [1, 2] } },
        c: { description: "x", anyOf: [{ const: "x" }, { type: "null" }] },
        d: { $ref: "#/$defs/d" },
      },
      { $defs: { d: { enum: ["x"] } } },
    );
    expect(found(schema, "schema/type-required").map((f) => f[0])).toEqual([
      "/properties/a",
      "/properties/b/items",
      "/properties/c/anyOf/0",
      "/$defs/d",
    ]);
  });

  it("reports true, false and {} as nodes strict mode cannot express", () => {
    const schema = obj({ a: true, b: {}, c: { type: "array", description: "x", items: false } });
    expect(found(schema, "schema/boolean-schema")).toEqual([
      ["/properties/a", expect.stringContaining("A boolean schema (true)")],
      ["/properties/b", "In context=('properties', 'b'), schema must have a 'type' key."],
      ["/properties/c/items", expect.stringContaining("Please ensure it is a valid JSON Schema.")],
    ]);
    expect(found(schema, "schema/type-required")).toEqual([]);
  });
});

describe("schema/object-properties and schema/array-items", () => {
  it("reports free-form objects and arrays without items", () => {
    const schema = obj({
      o: { type: ["object", "null"], description: "x", additionalProperties: false },
      l: { type: "array", description: "x" },
    });
    expect(found(schema, "schema/object-properties")).toEqual([
      ["/properties/o", "In context=('properties', 'o'), object schema missing properties."],
    ]);
    expect(found(schema, "schema/array-items")).toEqual([
      ["/properties/l", "In context=('properties', 'l'), array schema missing items."],
    ]);
  });
});

describe("schema/unsupported-keyword, schema/pattern-properties, schema/unverified-keyword", () => {
  it("names each refused keyword where it stands", () => {
    const schema = obj({
      a: str({ minLength: 1, maxLength: 3 }),
      b: { type: "array", description: "x", items: str(), uniqueItems: true, contains: str() },
      c: { description: "x", oneOf: [str(), { type: "null" }] },
      d: {
        type: "object",
        description: "x",
        properties: {},
        required: [],
        additionalProperties: false,
        patternProperties: { "^x": str() },
      },
    });
    expect(found(schema, "schema/unsupported-keyword")).toEqual([
      ["/properties/a/minLength", "In context=('properties', 'a'), 'minLength' is not permitted."],
      ["/properties/a/maxLength", "In context=('properties', 'a'), 'maxLength' is not permitted."],
      [
        "/properties/b/uniqueItems",
        "In context=('properties', 'b'), 'uniqueItems' is not permitted.",
      ],
      ["/properties/b/contains", "In context=('properties', 'b'), 'contains' is not permitted."],
      ["/properties/c/oneOf", "In context=('properties', 'c'), 'oneOf' is not permitted."],
    ]);
    expect(found(schema, "schema/pattern-properties")).toEqual([
      [
        "/properties/d/patternProperties",
        "In context=('properties', 'd'), 'patternProperties' is not permitted.",
      ],
    ]);
  });

  it("accepts every supported keyword, and warns about unknown ones", () => {
    const schema = obj(
      {
        n: {
          type: "number",
          description: "x",
          minimum: 0,
          maximum: 1,
          exclusiveMinimum: -1,
          exclusiveMaximum: 2,
          multipleOf: 0.5,
        },
        s: { type: "string", description: "x", pattern: "^a", format: "uuid", title: "S" },
        l: { type: "array", description: "x", items: str(), minItems: 1, maxItems: 2 },
        k: { type: "string", description: "x", const: "k" },
        e: { type: "string", description: "x", default: "a", examples: ["a"], "x-unit": "ms" },
      },
      {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        title: "T",
        description: "D",
        $defs: {},
      },
    );
    expect(checkStrictSchema(schema).map((p) => [p.code, p.pointer])).toEqual([
      ["schema/unverified-keyword", "/properties/e/default"],
      ["schema/unverified-keyword", "/properties/e/examples"],
      ["schema/unverified-keyword", "/properties/e/x-unit"],
    ]);
  });
});

describe("schema/format", () => {
  it("accepts the nine formats and rejects the rest", () => {
    const formats = [
      "date-time",
      "time",
      "date",
      "duration",
      "email",
      "hostname",
      "ipv4",
      "ipv6",
      "uuid",
    ];
    const good = obj(Object.fromEntries(formats.map((f) => [f, str({ format: f })])));
    expect(found(good, "schema/format")).toEqual([]);
    const bad = obj({
      u: { type: "array", description: "x", items: str({ format: "uri" }) },
      n: str({ format: 5 }),
    });
    expect(found(bad, "schema/format")).toEqual([
      [
        "/properties/u/items/format",
        "In context=('properties', 'u', 'items'), 'uri' is not a valid format.",
      ],
      ["/properties/n/format", "In context=('properties', 'n'), '5' is not a valid format."],
    ]);
  });
});

describe("references", () => {
  it("accepts # and definitions, in both spellings", () => {
    const schema = {
      ...obj({
        self: { anyOf: [{ $ref: "#" }, { type: "null" }], description: "x" },
        a: { $ref: "#/$defs/a" },
        b: { $ref: "#/definitions/b" },
      }),
      $defs: { a: str() },
      definitions: { b: str() },
    };
    expect(checkStrictSchema(schema)).toEqual([]);
  });

  it("reports keywords beside $ref", () => {
    const schema = {
      ...obj({ a: { $ref: "#/$defs/a", description: "d", title: "t" } }),
      $defs: { a: str() },
    };
    expect(found(schema, "schema/ref-siblings")).toEqual([
      [
        "/properties/a",
        "context=('properties', 'a'), $ref cannot have keywords {'description', 'title'}.",
      ],
    ]);
  });

  it("reports escaped and percent-encoded pointers that do not resolve", () => {
    const schema = {
      ...obj({ a: { $ref: "#/$defs/a%20b" }, b: { $ref: "#/$defs/x~1y" }, c: { $ref: "#anchor" } }),
      $defs: { "a b": str(), "x/y": str() },
    };
    expect(found(schema, "schema/ref-unresolved").map((f) => f[0])).toEqual(["/properties/c/$ref"]);
  });
});

describe("size limits", () => {
  it("counts enum values across the schema", () => {
    const values = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    const schema = obj({ a: str({ enum: values(600, "a") }), b: str({ enum: values(401, "b") }) });
    expect(found(schema, "schema/max-enum-values")).toEqual([
      [
        "",
        "Expected at most 1000 enum values in total within a single schema when using structured outputs, but received 1001. Consider reducing the number of enums, or opt out of structured outputs by setting 'strict: false'.",
      ],
    ]);
    expect(found(obj({ a: str({ enum: values(1000, "a") }) }), "schema/max-enum-values")).toEqual(
      [],
    );
  });

  it("limits long values of a large enum", () => {
    const long = Array.from({ length: 251 }, (_, i) => `${"v".repeat(60)}${i}`);
    expect(found(obj({ a: str({ enum: long }) }), "schema/max-large-enum-length")[0]?.[1]).toMatch(
      /^Expected at most 15000 total characters across enum values when there are more than 250 enum values, but received 15\d{3}\./,
    );
    expect(
      found(obj({ a: str({ enum: long.slice(0, 250) }) }), "schema/max-large-enum-length"),
    ).toEqual([]);
  });

  it("limits the characters of names and values", () => {
    const properties = Object.fromEntries(
      Array.from({ length: 121 }, (_, i) => [String(i).padStart(1000, "p"), str()]),
    );
    const problems = found(obj(properties), "schema/max-string-length");
    expect(problems[0]?.[1]).toBe(
      "Expected at most 120000 total characters across property names, definition names, enum values, and const values, but received 121000.",
    );
  });

  it("counts nesting through $ref, and stops at recursion", () => {
    let def: Record<string, unknown> = obj({ leaf: str() });
    for (let i = 0; i < 8; i++) def = obj({ child: def });
    const schema = {
      ...obj({ deep: { $ref: "#/$defs/deep" }, self: { $ref: "#/$defs/self" } }),
      $defs: {
        deep: def,
        self: obj({
          next: { anyOf: [{ $ref: "#/$defs/self" }, { type: "null" }], description: "x" },
        }),
      },
    };
    // root (1) + deep's 9 objects = 10: fine; one more is too deep.
    expect(found(schema, "schema/max-depth")).toEqual([]);
    const deeper = { ...schema, $defs: { ...schema.$defs, deep: obj({ child: def }) } };
    expect(found(deeper, "schema/max-depth")).toEqual([
      [
        "/$defs/deep/properties/child/properties/child/properties/child/properties/child/properties/child/properties/child/properties/child/properties/child/properties/child/properties/leaf".replace(
          "/properties/leaf",
          "",
        ),
        "11 levels of nesting exceeds limit of 10.",
      ],
    ]);
  });

  it("takes other limits from the options", () => {
    expect(
      checkStrictSchema(obj({ a: str(), b: str() }), { limits: { totalProperties: 1 } })[0]
        ?.message,
    ).toBe("2 parameters exceeds limit of 1.");
  });
});

describe("schema/json-schema and schema/unknown-dialect", () => {
  it("validates against 2020-12 by default", () => {
    const problems = checkStrictSchema(obj({ a: { type: "strnig", description: "x" } }));
    expect(problems.map((p) => [p.code, p.pointer])).toEqual([
      ["schema/json-schema", "/properties/a/type"],
    ]);
    expect(problems[0]?.message).toContain(
      'Not a valid JSON Schema (draft 2020-12): `/properties/a/type` must be equal to one of the allowed values ("array", "boolean", "integer", "null", "number", "object", "string").',
    );
  });

  it("uses draft-07 when $schema says so", () => {
    const tuple = obj({ t: { type: "array", description: "x", items: [str()] } });
    expect(
      checkStrictSchema({ ...tuple, $schema: "http://json-schema.org/draft-07/schema#" }).map(
        (p) => [p.code, p.pointer],
      ),
    ).toEqual([["schema/unverified-keyword", "/properties/t/items"]]);
    expect(checkStrictSchema(tuple).map((p) => p.code)).toContain("schema/json-schema");
  });

  it("notes an unknown dialect", () => {
    const schema = { ...obj({ a: str() }), $schema: "http://json-schema.org/draft-04/schema#" };
    expect(checkSchema(schema).map((p) => [p.code, p.severity])).toEqual([
      ["schema/unknown-dialect", "info"],
    ]);
  });

  it("reports a required that is not an array", () => {
    expect(
      checkStrictSchema({ ...obj({ a: str() }), required: "a" }).map((p) => [p.code, p.pointer]),
    ).toEqual([
      ["schema/json-schema", "/required"],
      ["schema/required-all", "/properties/a"],
    ]);
    expect(
      checkStrictSchema({ ...obj({ a: str() }), $schema: 7 }).map((p) => [p.code, p.pointer]),
    ).toEqual([["schema/json-schema", "/$schema"]]);
  });
});

describe("quality", () => {
  it("schema/status-enum: status-like free strings", () => {
    const schema = obj({
      status: str(),
      check_state: str({ type: ["string", "null"] }),
      result: str({ enum: ["ok"] }),
      level: { type: "integer", description: "x" },
      statusText: str(),
    });
    expect(found(schema, "schema/status-enum").map((f) => f[0])).toEqual([
      "/properties/status",
      "/properties/check_state",
    ]);
  });

  it("schema/timestamp-format: timestamps without a format", () => {
    const schema = obj({
      checked_at: str(),
      updatedAt: str({ format: "date-time" }),
      timestamp: str({ format: "email" }),
      date: str({ format: "date" }),
      start_time: str({ format: "time" }),
      time: str(),
      format: str(),
      attempts: { type: "integer", description: "x" },
      created_at: { type: "integer", description: "epoch seconds" },
    });
    expect(found(schema, "schema/timestamp-format").map((f) => f[0])).toEqual([
      "/properties/checked_at",
      "/properties/timestamp",
      "/properties/time",
    ]);
  });

  it("schema/property-description: looks through $ref and anyOf", () => {
    const schema = {
      ...obj({
        a: { type: "string" },
        b: { $ref: "#/$defs/b" },
        c: { anyOf: [{ $ref: "#/$defs/b" }, { type: "null" }] },
        d: { anyOf: [{ type: "string" }, { type: "null" }] },
      }),
      $defs: { b: str() },
    };
    expect(found(schema, "schema/property-description")).toEqual([
      ["/properties/a", "'a' has no description."],
      ["/properties/d", "'d' has no description."],
    ]);
  });

  it("schema/enum-casing: one casing per enum", () => {
    const schema = obj({
      a: str({ enum: ["OK", "warning"] }),
      b: str({ enum: ["Pod", "PersistentVolumeClaim"] }),
      c: str({ enum: ["not-fixed", "wont_fix", "1.0"] }),
      d: str({ enum: ["critical", "High"] }),
      e: str({ enum: ["camelCase", "other"] }),
    });
    expect(found(schema, "schema/enum-casing")).toEqual([
      [
        "/properties/a/enum",
        'The enum mixes casings ("OK" and "warning"); use one casing for every value.',
      ],
      [
        "/properties/d/enum",
        'The enum mixes casings ("critical" and "High"); use one casing for every value.',
      ],
      [
        "/properties/e/enum",
        'The enum mixes casings ("camelCase" and "other"); use one casing for every value.',
      ],
    ]);
  });
});

describe("positions", () => {
  it("points at the property name for required-all and at the keyword for unsupported keywords", () => {
    const text =
      '{\n  "type": "object",\n  "properties": {\n    "a": { "type": "string", "minLength": 1 }\n  },\n  "additionalProperties": false\n}\n';
    expect(checkSchemaText(text, { kinds: ["strict"] }).map((p) => [p.code, p.range])).toEqual([
      ["schema/required-all", { line: 4, column: 5, endLine: 4, endColumn: 8 }],
      ["schema/unsupported-keyword", { line: 4, column: 30, endLine: 4, endColumn: 41 }],
    ]);
  });
});
