/**
 * The schema checks as `schema/` lint rules: `ops-skill lint` and `ops-skill schema check` run
 * them on `*.schema.json` files with the same engine, config, formatters and exit codes.
 */
import { existsSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { SkillFile } from "@ops-skill/core";
import { defineFileRule, type FileKind, type LintPlugin, type Rule } from "@ops-skill/lint";
import { globSync } from "tinyglobby";
import type { SchemaCheck } from "./check-types.js";
import { buildSchemaModelFromText, type SchemaModel } from "./model.js";
import { schemaChecks } from "./rules/index.js";

export const SCHEMA_FILE_KIND = "json-schema";
const SCHEMA_FILE = /\.schema\.json$/;
/** A schema path a skill names, e.g. `../../schemas/drift-report.schema.json`. */
const SCHEMA_MENTION = /[\w./-]*[\w-]\.schema\.json/g;

/** Schema files a skill mentions anywhere in its SKILL.md, that exist. */
export function schemasReferencedBy(skill: SkillFile): string[] {
  const found = new Set<string>();
  for (const match of skill.text.matchAll(SCHEMA_MENTION)) {
    const path = resolve(skill.dir, match[0]);
    if (existsSync(path)) found.add(path);
  }
  return [...found];
}

/** `schemas/**\/*.schema.json` below a directory (or in it, when it is a `schemas` folder). */
function schemasIn(dir: string): string[] {
  const root = basename(dir) === "schemas" ? dir : join(dir, "schemas");
  if (!existsSync(root)) return [];
  return globSync("**/*.schema.json", {
    cwd: root,
    absolute: true,
    ignore: ["**/node_modules/**"],
  });
}

export const schemaFileKind: FileKind<SchemaModel> = {
  id: SCHEMA_FILE_KIND,
  matches: (path) => SCHEMA_FILE.test(path),
  discover: ({ dirs, skills }) => [
    ...dirs.flatMap(schemasIn),
    ...skills.flatMap(schemasReferencedBy),
  ],
  parse: ({ text }) => buildSchemaModelFromText(text),
};

function toRule(check: SchemaCheck): Rule {
  const { id, description, defaultSeverity, fixable } = check;
  return defineFileRule<SchemaModel>(
    { id, description, defaultSeverity, fixable },
    SCHEMA_FILE_KIND,
    ({ parsed, report }) => {
      // A file that is not JSON has nothing else to check.
      if (parsed.root === undefined && id !== "schema/invalid-json") return;
      const syntax = parsed.document?.problems[0];
      for (const finding of check.check(parsed)) {
        const range =
          id === "schema/invalid-json" && syntax
            ? syntax.range
            : parsed.locate(finding.pointer, finding.at);
        report({
          message:
            finding.pointer && finding.pointer !== ""
              ? `${finding.message} (at ${finding.pointer})`
              : finding.message,
          ...(range ?? { line: 1, column: 1 }),
          ...(finding.hint !== undefined ? { hint: finding.hint } : {}),
        });
      }
    },
  );
}

export const schemaRules: readonly Rule[] = schemaChecks.map(toRule);

/** What the CLI hands the lint engine so it lints report schemas too. */
export const schemaLintPlugin: LintPlugin = { rules: schemaRules, fileKinds: [schemaFileKind] };
