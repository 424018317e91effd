/**
 * The drift report schema as the most-cited tutorials write it: valid JSON Schema, and six
 * strict-mode problems the API would report one request at a time.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkSchema, checkSchemaText, checkStrictSchema } from "../src/check.js";
import { formatSchemaDiff } from "../src/diff.js";
import { fixSchema } from "../src/fix.js";
import { said } from "./support/said.js";

const text = readFileSync(
  join(import.meta.dirname, "fixtures", "tutorial-drift-report.schema.json"),
  "utf8",
);
const schema = JSON.parse(text) as Record<string, unknown>;

describe("the tutorial drift report schema", () => {
  it("has exactly six strict-mode errors, all found in one run", () => {
    const errors = checkSchemaText(text).filter((p) => p.severity === "error");
    expect(errors.map((p) => [p.code, p.pointer, p.range?.line, p.range?.column, said(p)])).toEqual(
      [
        [
          "schema/additional-properties",
          "",
          1,
          1,
          "In context=(), 'additionalProperties' is required to be supplied and to be false.",
        ],
        [
          "schema/type-required",
          "/properties/status",
          7,
          15,
          "In context=('properties', 'status'), schema must have a 'type' key.",
        ],
        [
          "schema/required-all",
          "/properties/summary",
          16,
          5,
          "In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'summary'.",
        ],
        [
          "schema/additional-properties",
          "/properties/findings/items",
          23,
          16,
          "In context=('properties', 'findings', 'items'), 'additionalProperties' is required to be supplied and to be false.",
        ],
        [
          "schema/type-required",
          "/properties/findings/items/properties/change",
          30,
          21,
          "In context=('properties', 'findings', 'items', 'properties', 'change'), schema must have a 'type' key.",
        ],
        [
          "schema/required-all",
          "/properties/findings/items/properties/detail",
          34,
          11,
          "In context=('properties', 'findings', 'items'), 'required' is required to be supplied and to be an array including every key in properties. Missing 'detail'.",
        ],
      ],
    );
  });

  it("is otherwise valid JSON Schema, with only quality warnings", () => {
    const rest = checkSchema(schema).filter((p) => p.severity !== "error");
    expect(rest.every((p) => p.severity === "warning")).toBe(true);
    expect(checkStrictSchema(schema)).toHaveLength(6);
  });

  it("fixes into a schema with no errors", () => {
    const result = fixSchema(schema);
    expect(result.unfixable).toEqual([]);
    expect(checkStrictSchema(result.schema)).toEqual([]);
    expect(result.changes).toEqual([
      {
        pointer: "/properties/status",
        description: 'added `"type": "string"` (from the enum values)',
      },
      {
        pointer: "/properties/findings/items/properties/change",
        description: 'added `"type": "string"` (from the enum values)',
      },
      { pointer: "", description: "added `additionalProperties: false`" },
      { pointer: "/properties/findings/items", description: "added `additionalProperties: false`" },
      {
        pointer: "/properties/summary",
        description:
          'added "summary" to `required`; it was optional, so its type is now ["string","null"]',
      },
      {
        pointer: "/properties/findings/items/properties/detail",
        description:
          'added "detail" to `required`; it was optional, so its type is now ["string","null"]',
      },
    ]);
  });

  it("leaves the input alone and fixes the same way twice", () => {
    const before = JSON.stringify(schema);
    const first = fixSchema(schema);
    expect(JSON.stringify(schema)).toBe(before);
    expect(JSON.stringify(fixSchema(schema).schema)).toBe(JSON.stringify(first.schema));
    expect(fixSchema(first.schema).changes).toEqual([]);
  });

  it("keeps the input's key order and puts new keys where a person would", () => {
    const fixed = fixSchema(schema).schema as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    expect(Object.keys(fixed)).toEqual([
      "$schema",
      "title",
      "description",
      "type",
      "properties",
      "required",
      "additionalProperties",
    ]);
    expect(Object.keys(fixed.properties?.status ?? {})).toEqual(["description", "type", "enum"]);
    expect(fixed.required).toEqual(["status", "checked_at", "findings", "summary"]);
  });

  it("shows the fix as a unified diff", () => {
    const diff = formatSchemaDiff(schema, fixSchema(schema).schema, {
      fromFile: "a/drift-report.schema.json",
      toFile: "b/drift-report.schema.json",
    });
    expect(diff.split("\n").slice(0, 3)).toEqual([
      "--- a/drift-report.schema.json",
      "+++ b/drift-report.schema.json",
      "@@ -6,6 +6,7 @@",
    ]);
    expect(diff).toContain('+      "type": "string",\n');
    expect(diff).toContain(
      '-      "type": "string",\n+      "type": [\n+        "string",\n+        "null"\n+      ],\n',
    );
    expect(diff).toContain('+  "additionalProperties": false\n');
  });
});
