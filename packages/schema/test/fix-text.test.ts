import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffFromEdits } from "../src/diff.js";
import { fixSchema } from "../src/fix.js";
import { fixSchemaText } from "../src/fix-text.js";
import { parseJsonDocument } from "../src/json-document.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "fix-text");
const read = (name: string) => readFileSync(join(fixtures, name), "utf8");

const fixText = (text: string) => fixSchemaText(parseJsonDocument(text));

/** Applies a unified diff to `text` the way `patch` does, checking every old line it names. */
function applyUnifiedDiff(text: string, diff: string): string {
  const old = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const lines = diff.split("\n");
  const out: string[] = [];
  let at = 0;
  let i = 2; // after the --- and +++ lines
  while (i < lines.length && lines[i] !== "") {
    const header = /^@@ -(\d+),(\d+) \+(\d+),(\d+) @@$/.exec(lines[i] as string);
    if (!header) throw new Error(`not a hunk header: ${lines[i]}`);
    const oldStart = Number(header[2]) === 0 ? Number(header[1]) : Number(header[1]) - 1;
    while (at < oldStart) out.push(old[at++] as string);
    i++;
    while (i < lines.length && /^[ +-]/.test(lines[i] as string)) {
      const line = lines[i] as string;
      const noEol = lines[i + 1] === "\\ No newline at end of file";
      const content = `${line.slice(1)}${noEol ? "" : "\n"}`;
      if (line[0] !== "+") {
        if (old[at] !== content)
          throw new Error(`line ${at + 1} is not ${JSON.stringify(content)}`);
        at++;
      }
      if (line[0] !== "-") out.push(content);
      i += noEol ? 2 : 1;
    }
  }
  while (at < old.length) out.push(old[at++] as string);
  return out.join("");
}

describe("fixSchemaText: a fix edits only what it changes", () => {
  const cases = readdirSync(fixtures)
    .filter((f) => f.endsWith(".schema.json") && f !== "strict.schema.json")
    .map((f) => f.replace(".schema.json", ""));

  it.each(cases)("%s: the fixed text and its diff are the expected files", (name) => {
    const text = read(`${name}.schema.json`);
    const result = fixText(text);
    expect(result.changes.length).toBeGreaterThan(0);
    expect(result.text).toBe(read(`${name}.fixed.json`));
    const diff = diffFromEdits(text, result.edits, {
      fromFile: `a/${name}.schema.json`,
      toFile: `b/${name}.schema.json`,
    });
    expect(diff).toBe(read(`${name}.diff`));
    expect(applyUnifiedDiff(text, diff)).toBe(result.text);
    // The same schema as the fixer makes from the parsed value.
    expect(JSON.parse(result.text)).toEqual(fixSchema(JSON.parse(text)).schema);
  });

  it("keeps CRLF line endings, number literals and string escapes", () => {
    const fixed = fixText(read("crlf-numbers.schema.json")).text;
    expect(fixed.split("\r\n")).toHaveLength(fixed.split("\n").length);
    for (const literal of ["1e400", "-0.0", "1.50", "Caf\\u00e9", '\\"quoted\\"'])
      expect(fixed).toContain(literal);
  });

  it("keeps duplicate keys it does not change, and removes those of a key it moves", () => {
    const fixed = fixText(read("duplicate-keys.schema.json")).text;
    expect(fixed).toContain('"description": "First description.",\n');
    expect(fixed).toContain('"description": "The description that counts.",\n');
    expect(fixed).not.toContain('"format": "uri-reference"');
    expect(fixed).toContain('"format": "hostname"');
  });

  it("renames oneOf without touching its members, and re-indents an inlined allOf member", () => {
    const oneOf = fixText(read("four-spaces-oneof.schema.json"));
    expect(oneOf.edits.find((e) => e.text === '"anyOf"')).toBeDefined();
    expect(read("tabs-allof.fixed.json")).toContain('\t\t\t"properties": {\n\t\t\t\t"cluster"');
  });

  it("changes nothing at 0 changes, even with literals JSON.stringify would rewrite", () => {
    const text = read("strict.schema.json");
    const result = fixText(text);
    expect(result.changes).toEqual([]);
    expect(result.edits).toEqual([]);
    expect(result.text).toBe(text);
  });
});

// Random schemas in random layouts: the edited text always parses to exactly the fixed schema,
// and the diff printed rebuilds it.
const leaf = fc.oneof(
  fc.record({ type: fc.constantFrom("string", "integer", "number", "boolean") }),
  fc.record({ enum: fc.uniqueArray(fc.constantFrom("a", "b", "c", 1, 2), { minLength: 1 }) }),
  fc.record({ type: fc.constant("string"), const: fc.constantFrom("x", "y") }),
  fc.record({ type: fc.constant("string"), format: fc.constantFrom("date-time", "hostname", "x") }),
  fc.record({ type: fc.constant("string"), minLength: fc.nat(5), description: fc.string() }),
  fc.record({ $ref: fc.constant("#/$defs/shared"), description: fc.constantFrom("d", "e.") }),
  fc.constant({ type: "number", maximum: 1e308 }),
);
const node: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  schema: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    tie("object"),
    fc.record({ oneOf: fc.array(tie("schema"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ allOf: fc.tuple(tie("object")) }),
    fc.record({ type: fc.constant("array"), items: tie("schema") }),
  ),
  object: fc
    .record(
      {
        type: fc.constant("object"),
        description: fc.string({ maxLength: 8 }),
        properties: fc.dictionary(
          fc.constantFrom("a", "b", "c", "1", "x y", "__proto__"),
          tie("schema"),
          { maxKeys: 4 },
        ),
        required: fc.subarray(["a", "b", "c"]),
        additionalProperties: fc.boolean(),
      },
      { requiredKeys: ["properties"] },
    )
    .map((o) => o as unknown),
})).schema;

function layout(value: unknown, indent: string, eol: string, spread: boolean, depth = 0): string {
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  const pad = indent.repeat(depth + 1);
  const entries = Array.isArray(value)
    ? value.map((v) => layout(v, indent, eol, spread, depth + 1))
    : Object.entries(value).map(
        ([k, v]) => `${JSON.stringify(k)}: ${layout(v, indent, eol, spread, depth + 1)}`,
      );
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) return `${open}${close}`;
  if (!spread || depth >= 2) return `${open}${entries.join(", ")}${close}`;
  return `${open}${eol}${pad}${entries.join(`,${eol}${pad}`)}${eol}${indent.repeat(depth)}${close}`;
}

describe("fixSchemaText on generated schemas", () => {
  it("gives the fixed schema, as minimal edits whose diff applies", () => {
    fc.assert(
      fc.property(
        node.filter((s) => typeof s === "object" && s !== null && !Array.isArray(s)),
        fc.constantFrom("  ", "    ", "\t"),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        (schema, indent, eol, spread) => {
          const withDefs = { ...(schema as object), $defs: { shared: { type: "string" } } };
          const text = `${layout(withDefs, indent, eol, spread)}${eol}`;
          const result = fixText(text);
          expect(JSON.parse(result.text)).toEqual(fixSchema(JSON.parse(text)).schema);
          if (result.changes.length === 0) expect(result.text).toBe(text);
          expect(applyUnifiedDiff(text, diffFromEdits(text, result.edits))).toBe(result.text);
          // Untouched lines keep their line ending.
          if (eol === "\r\n")
            expect(result.text.split("\n").length).toBe(result.text.split("\r\n").length);
        },
      ),
      { numRuns: 300, seed: 13 },
    );
  });
});
