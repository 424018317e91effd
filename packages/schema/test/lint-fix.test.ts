/**
 * The schema fixes `lint --fix` applies: the `schema/` rules' findings carry `schema fix`'s
 * edits as their `fix`, the lint engine's `applyFixes` turns them into the same text as
 * `schema fix --write`, and a rule is `fixable` exactly when its findings carry a fix.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Diagnostic } from "@ops-skill/core";
import { applyFixes } from "@ops-skill/lint";
import { describe, expect, it } from "vitest";
import { runSchemaFix } from "../src/fix-command.js";
import { fixSchemaText } from "../src/fix-text.js";
import { parseJsonDocument } from "../src/json-document.js";
import { schemaRules } from "../src/lint-plugin.js";
import { buildSchemaModelFromText } from "../src/model.js";

const here = import.meta.dirname;
const fixtures = join(here, "fixtures");
const docs = join(here, "..", "..", "..", "docs", "rules", "schema");

/** The `schema/` rules over one schema text, as the lint engine runs them on a file. */
function lintSchema(text: string, file = "/report.schema.json"): Diagnostic[] {
  const parsed = buildSchemaModelFromText(text);
  const diagnostics: Diagnostic[] = [];
  for (const rule of schemaRules) {
    if (rule.target !== "file" || rule.fileKind !== "json-schema") continue;
    rule.check({
      file: { path: file, text },
      parsed,
      options: {},
      // One file, one rule at a time: nothing to share, so nothing is kept.
      cache: (_key, compute) => compute(),
      report: (d) => {
        const line = d.line ?? 1;
        const column = d.column ?? 1;
        diagnostics.push({
          ruleId: rule.meta.id,
          severity: rule.meta.defaultSeverity,
          message: d.message,
          file,
          line,
          column,
          endLine: d.endLine ?? line,
          endColumn: d.endColumn ?? column + 1,
          ...(d.fix ? { fix: d.fix } : {}),
        });
      },
    });
  }
  return diagnostics;
}

/** `lint --fix` on one schema: apply the fixes that do not overlap, lint again, repeat. */
function lintFix(text: string): { text: string; passes: number } {
  let current = text;
  for (let pass = 0; pass < 10; pass++) {
    const { text: next, applied } = applyFixes(current, lintSchema(current));
    if (applied === 0) return { text: current, passes: pass };
    current = next;
  }
  return { text: current, passes: 10 };
}

const schemaFixtures = [
  join(fixtures, "tutorial-drift-report.schema.json"),
  ...readdirSync(join(fixtures, "fix-text"))
    .filter((name) => name.endsWith(".schema.json"))
    .map((name) => join(fixtures, "fix-text", name)),
];

/** The JSON examples of the schema rules' docs pages. */
const docExamples = readdirSync(docs).flatMap((name) =>
  [...readFileSync(join(docs, name), "utf8").matchAll(/```json\n([\s\S]*?)```/g)].map(
    (match) => match[1] as string,
  ),
);

describe("lint --fix on schemas", () => {
  it.each(schemaFixtures)("gives schema fix's text in one pass: %s", async (path) => {
    const text = readFileSync(path, "utf8");
    const expected = fixSchemaText(parseJsonDocument(text)).text;
    const fixed = lintFix(text);
    expect(fixed.text).toBe(expected);
    expect(fixed.passes).toBe(expected === text ? 0 : 1);
    // What `schema fix --write` writes, byte for byte.
    const dir = mkdtempSync(join(tmpdir(), "ops-skill-lint-fix-"));
    try {
      const file = join(dir, "report.schema.json");
      writeFileSync(file, text);
      await runSchemaFix({ file, cwd: dir, write: true });
      expect(readFileSync(file, "utf8")).toBe(fixed.text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("puts the fix only on findings it removes: an allOf of two keeps its finding, without a fix", () => {
    const text = JSON.stringify(
      {
        type: "object",
        properties: {
          a: { description: "x", allOf: [{ type: "string" }, { type: "string", minLength: 1 }] },
          b: { type: "string", description: "x" },
        },
        required: ["a"],
        additionalProperties: false,
      },
      null,
      2,
    );
    const diagnostics = lintSchema(text);
    const allOf = diagnostics.find(
      (d) => d.ruleId === "schema/unsupported-keyword" && d.message.includes("'allOf'"),
    );
    expect(allOf).toBeDefined();
    expect(allOf?.fix).toBeUndefined();
    const required = diagnostics.find((d) => d.ruleId === "schema/required-all");
    expect(required?.fix?.edits.length).toBeGreaterThan(0);
    // Fixed as far as it goes; the allOf is the author's to decide.
    const fixed = lintSchema(lintFix(text).text);
    expect(fixed.map((d) => d.ruleId)).toContain("schema/unsupported-keyword");
    expect(fixed.map((d) => d.ruleId)).not.toContain("schema/required-all");
    expect(fixed.filter((d) => d.fix)).toEqual([]);
  });

  it("gives no fix for text that is not JSON", () => {
    const diagnostics = lintSchema('{ "type": "object", }');
    expect(diagnostics.map((d) => [d.ruleId, d.fix])).toEqual([["schema/invalid-json", undefined]]);
  });

  it("a rule is fixable exactly when its findings carry a fix", () => {
    const withFix = new Set<string>();
    const found = new Set<string>();
    for (const text of [...docExamples, ...schemaFixtures.map((p) => readFileSync(p, "utf8"))])
      for (const d of lintSchema(text)) {
        found.add(d.ruleId);
        if (d.fix) withFix.add(d.ruleId);
      }
    const fixable = schemaRules.filter((r) => r.meta.fixable).map((r) => r.meta.id);
    expect(fixable.length).toBeGreaterThan(0);
    for (const id of fixable) expect(found.has(id), id).toBe(true);
    expect([...withFix].sort()).toEqual(fixable.sort());
  });
});
