/**
 * Every check has a page in docs/rules/schema/ whose heading, summary and table match its
 * metadata, and whose examples do what they say: the incorrect one triggers the check, the
 * correct one passes every check.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkSchemaText } from "../src/check.js";
import { outputSchemaArguments } from "../src/mentions/scan.js";
import { unreadableFileRule } from "../src/mentions/unreadable-file.js";
import { schemaChecks } from "../src/rules/index.js";

const repo = join(import.meta.dirname, "..", "..", "..");
const docsDir = join(repo, "docs");

function section(text: string, heading: string): string {
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) return "";
  const rest = text.slice(start + heading.length + 2);
  const next = rest.search(/\n#{2,3} /);
  return next < 0 ? rest : rest.slice(0, next);
}

function jsonBlock(text: string): string | undefined {
  return /```json\n([\s\S]*?)```/.exec(text)?.[1];
}

describe("schema check docs", () => {
  for (const check of schemaChecks) {
    const name = check.id.slice("schema/".length);
    describe(check.id, () => {
      const path = join(docsDir, "rules", "schema", `${name}.md`);

      it("has a page that matches its metadata", () => {
        expect(existsSync(path), `missing docs/rules/schema/${name}.md`).toBe(true);
        const text = readFileSync(path, "utf8");
        expect(text.split("\n")[0]).toBe(`# ${check.id}`);
        expect(text).toContain(`\n> ${check.description}\n`);
        expect(text).toContain(`| Default severity | ${check.defaultSeverity} |`);
        expect(text).toContain(`| Fixable | ${check.fixable ? "yes" : "no"} |`);
        for (const heading of [
          "## Why",
          "## Examples",
          "### Incorrect",
          "### Correct",
          "## What the API does",
        ]) {
          expect(text, heading).toContain(`\n${heading}\n`);
        }
      });

      it("has examples that do what they say", () => {
        const text = readFileSync(path, "utf8");
        const incorrect = jsonBlock(section(text, "### Incorrect"));
        const correct = jsonBlock(section(text, "### Correct"));
        if (incorrect !== undefined) {
          expect(checkSchemaText(incorrect).map((p) => p.code)).toContain(check.id);
        }
        if (correct !== undefined) expect(checkSchemaText(correct)).toEqual([]);
        // The size limits are described in words; every other page shows JSON.
        if (!check.id.startsWith("schema/max-")) {
          expect(incorrect).toBeDefined();
          expect(correct).toBeDefined();
        }
      });

      it("is listed in docs/schema.md", () => {
        const readme = readFileSync(join(docsDir, "schema.md"), "utf8");
        expect(readme).toContain(
          `| [\`${check.id}\`](rules/schema/${name}.md) | ${check.defaultSeverity} | ${check.fixable ? "yes" : "no"} | ${check.kind} |`,
        );
      });
    });
  }

  it("has no page without a check", () => {
    const ids = new Set([...schemaChecks.map((c) => c.id), unreadableFileRule.meta.id]);
    for (const file of readdirSync(join(docsDir, "rules", "schema"))) {
      expect(ids.has(`schema/${file.replace(/\.md$/, "")}`), file).toBe(true);
    }
  });

  describe(unreadableFileRule.meta.id, () => {
    const { id, description, defaultSeverity, fixable } = unreadableFileRule.meta;
    const path = join(docsDir, "rules", `${id}.md`);

    it("has a page that matches its metadata, in the lint rules' form", () => {
      const text = readFileSync(path, "utf8");
      expect(text.split("\n")[0]).toBe(`# ${id}`);
      expect(text).toContain(`\n> ${description}\n`);
      expect(text).toContain(`| Default severity | ${defaultSeverity} |`);
      expect(text).toContain(`| Fixable | ${fixable ? "yes" : "no"} |`);
      expect(text).toContain("| Category | schema |");
      for (const heading of [
        "## Why",
        "## Examples",
        "### Incorrect",
        "### Correct",
        "## Options",
        "## What Codex does",
      ])
        expect(text, heading).toContain(`\n${heading}\n`);
    });

    it("has examples that name a schema with --output-schema", () => {
      const text = readFileSync(path, "utf8");
      for (const heading of ["### Incorrect", "### Correct"]) {
        const block = /```bash\n([\s\S]*?)```/.exec(section(text, heading))?.[1] ?? "";
        expect(outputSchemaArguments(block), heading).toHaveLength(1);
      }
    });

    it("is listed in docs/schema.md", () => {
      const readme = readFileSync(join(docsDir, "schema.md"), "utf8");
      expect(readme).toContain(
        `| [\`${id}\`](rules/schema/unreadable-file.md) | ${defaultSeverity} | no | codex |`,
      );
    });
  });
});
