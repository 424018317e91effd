/**
 * Keeps rules, their tests and their docs pages in step (typescript-eslint's docs test is
 * the model): every rule has a test file and a docs page whose heading, summary and metadata
 * table match the rule's metadata, and no page or rule file stands alone.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkGoldens } from "@ops-skill/core";
import { describe, expect, it } from "vitest";
import { DOCS_BASE_URL, RULE_CATEGORIES } from "../src/rule.js";
import { allRules } from "../src/rules/index.js";
import { renderRulesIndex } from "./rules-index.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const repoDir = join(packageDir, "..", "..");
const docsDir = join(repoDir, "docs", "rules");

describe("rule metadata, tests and docs", () => {
  it("has rules", () => {
    expect(allRules.length).toBeGreaterThan(10);
  });

  it("has unique ids", () => {
    const ids = allRules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const rule of allRules) {
    const { id, category, description, defaultSeverity, fixable, docsUrl } = rule.meta;
    describe(id, () => {
      it("lives in src/rules/<category>/<name>.ts with a test beside it", () => {
        expect(id).toMatch(/^[a-z]+\/[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(RULE_CATEGORIES).toContain(category);
        expect(existsSync(join(packageDir, "src", "rules", `${id}.ts`))).toBe(true);
        expect(
          existsSync(join(packageDir, "src", "rules", `${id}.test.ts`)),
          `missing src/rules/${id}.test.ts`,
        ).toBe(true);
      });

      it("builds its docs URL from its id", () => {
        expect(docsUrl).toBe(`${DOCS_BASE_URL}${id}.md`);
      });

      it("has a docs page that matches its metadata", () => {
        const page = join(docsDir, `${id}.md`);
        expect(existsSync(page), `missing docs/rules/${id}.md`).toBe(true);
        const text = readFileSync(page, "utf8");
        const lines = text.split("\n");
        expect(lines[0]).toBe(`# ${id}`);
        expect(text).toContain(`\n> ${description}\n`);
        expect(text).toMatch(new RegExp(`\\| Default severity \\| ${defaultSeverity} \\|`));
        expect(text).toMatch(new RegExp(`\\| Fixable \\| ${fixable ? "yes" : "no"} \\|`));
        expect(text).toMatch(new RegExp(`\\| Category \\| ${category} \\|`));
        for (const section of [
          "## Why",
          "## Examples",
          "### Incorrect",
          "### Correct",
          "## Options",
          "## What Codex does",
        ]) {
          expect(text, `section "${section}"`).toContain(`\n${section}\n`);
        }
      });

      it("states its security severity on its page if it has one, and only then", () => {
        const text = readFileSync(join(docsDir, `${id}.md`), "utf8");
        const row = /\n\| Security severity \| ([0-9.]+) \|\n/.exec(text)?.[1];
        const severity = rule.meta.securitySeverity;
        expect(row).toBe(severity === undefined ? undefined : severity.toFixed(1));
        if (severity !== undefined) {
          expect(severity).toBeGreaterThan(0);
          expect(severity).toBeLessThanOrEqual(10);
        }
      });

      it("documents the options its schema declares, and only those", () => {
        const text = readFileSync(join(docsDir, `${id}.md`), "utf8");
        const section = text.split("\n## Options\n")[1]?.split("\n## ")[0]?.trim() ?? "";
        const declared = Object.keys(rule.meta.options?.properties ?? {});
        if (declared.length === 0) expect(section).toMatch(/^None\./);
        for (const option of declared) expect(section).toContain(`\`${option}\``);
      });
    });
  }

  it("has no docs page without a rule", () => {
    const ids = new Set(allRules.map((r) => r.meta.id));
    for (const category of readdirSync(docsDir, { withFileTypes: true })) {
      // schema/ pages belong to @ops-skill/schema, whose own test keeps them in step.
      if (!category.isDirectory() || category.name === "schema") continue;
      for (const file of readdirSync(join(docsDir, category.name))) {
        expect(
          ids.has(`${category.name}/${file.replace(/\.md$/, "")}`),
          `docs/rules/${category.name}/${file} has no rule`,
        ).toBe(true);
      }
    }
  });

  it("lists every rule in docs/rules/README.md (UPDATE_GOLDENS=1 rewrites it)", async () => {
    const rendered = renderRulesIndex(allRules.map((r) => r.meta));
    const update = process.env.UPDATE_GOLDENS === "1";
    const report = await checkGoldens(docsDir, new Map([["README.md", rendered]]), { update });
    expect(report.failures).toEqual([]);
    const [verdict] = report.verdicts;
    if (!update)
      expect(verdict?.status === "differs" ? verdict.expected : verdict?.status).toBe(
        verdict?.status === "differs" ? rendered : "same",
      );
  });
});
