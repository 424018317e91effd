/**
 * The schema checks as `schema/` lint rules: `ops-skill lint` and `ops-skill schema check` run
 * them with the same engine, config, formatters and exit codes. Two kinds of files:
 *
 * - `json-schema`: report schemas, whatever their name: `*.schema.json` files given, JSON
 *   files given that read as a schema, `schemas/**\/*.schema.json` of a directory, the
 *   `*.schema.json` paths a SKILL.md names, and every file a `--output-schema` argument names;
 * - `output-schema-mention`: the files that run `codex exec --output-schema` (a skill's
 *   SKILL.md and scripts, the repository's workflows), checked by `schema/unreadable-file`.
 */
import { type Dirent, readdirSync } from "node:fs";
import { basename, join, relative, sep } from "node:path";
import { findProjectRoot, type SkillFile } from "@ops-skill/core";
import {
  type DiscoveredFile,
  defineFileRule,
  type FileKind,
  type LintPlugin,
  type Rule,
  type SkillScan,
} from "@ops-skill/lint";
import type { SchemaCheck } from "./check-types.js";
import { findingsOf } from "./findings.js";
import { SCHEMA_FILE_KIND } from "./lint-plugin-deferred.js";
import {
  directoriesOf,
  isWorkflowPath,
  MAX_SCHEMA_FILE_BYTES,
  readSmallFile,
  type SkillMentions,
  skillMentions,
  workflowsMentioning,
} from "./mentions/files.js";
import { resolveMention, schemaMentionsIn } from "./mentions/sources.js";
import { OUTPUT_SCHEMA_MENTION_KIND, unreadableFileRule } from "./mentions/unreadable-file.js";
import { buildSchemaModelFromText, type SchemaModel } from "./model.js";
import { schemaChecks } from "./rules/index.js";
import { sniffJsonSchema } from "./sniff.js";

export { OUTPUT_SCHEMA_MENTION_KIND, SCHEMA_FILE_KIND };

const SCHEMA_FILE = /\.schema\.json$/;

/** Schema files a skill names by a `*.schema.json` path anywhere in its SKILL.md, that exist. */
export function schemasReferencedBy(skill: SkillFile): string[] {
  return skillMentions(skill).named;
}

/**
 * `schemas/**\/*.schema.json` below a directory (or in it, when it is a `schemas` folder), in
 * name order: every entry so named that is not a folder, a FIFO or a device too (the engine
 * reports what it will not read, rather than passing it by). Links are not followed into
 * folders; `node_modules` is left out.
 */
function schemasIn(dir: string): string[] {
  const root = basename(dir) === "schemas" ? dir : join(dir, "schemas");
  let entries: Dirent[];
  try {
    entries = readdirSync(root, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => SCHEMA_FILE.test(entry.name) && !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !path.slice(root.length).split(sep).includes("node_modules"))
    .sort();
}

/** The files of a run that run `--output-schema`: the skills' and the repositories' workflows. */
async function mentionFiles(input: {
  dirs: readonly string[];
  scans: readonly SkillScan[];
}): Promise<DiscoveredFile[]> {
  const found: DiscoveredFile[] = [];
  for (const { data } of input.scans)
    for (const path of (data as SkillMentions).files)
      found.push({ path, why: "runs --output-schema" });
  const roots = new Set<string>();
  for (const dir of directoriesOf(input.dirs)) roots.add(await findProjectRoot(dir));
  for (const root of roots)
    for (const path of workflowsMentioning(root))
      found.push({ path, why: "a workflow that runs --output-schema" });
  return found;
}

export const schemaFileKind: FileKind<SchemaModel> = {
  id: SCHEMA_FILE_KIND,
  matches: (path) => SCHEMA_FILE.test(path),
  sniff: ({ text }) => sniffJsonSchema(text),
  discover: async ({ dirs, scans, cwd }) => {
    const shown = (path: string) => relative(cwd, path) || path;
    const found: DiscoveredFile[] = [];
    for (const dir of dirs)
      for (const path of schemasIn(dir)) found.push({ path, why: "in a schemas/ folder" });
    for (const scan of scans)
      for (const path of (scan.data as SkillMentions).named)
        found.push({ path, why: `named in ${shown(scan.path)}` });
    for (const source of await mentionFiles({ dirs, scans })) {
      const text = readSmallFile(source.path, MAX_SCHEMA_FILE_BYTES);
      if (text === undefined) continue;
      for (const mention of await schemaMentionsIn(source.path, text)) {
        if (mention.unresolvable !== undefined) continue;
        const resolution = resolveMention(mention);
        if (resolution.status === "file")
          found.push({
            path: resolution.path,
            why: `the --output-schema argument at ${shown(source.path)}:${mention.line}`,
          });
      }
    }
    return found;
  },
  parse: ({ text }) => buildSchemaModelFromText(text),
};

export const outputSchemaMentionKind: FileKind<Awaited<ReturnType<typeof schemaMentionsIn>>> = {
  id: OUTPUT_SCHEMA_MENTION_KIND,
  matches: (path) => isWorkflowPath(path),
  discover: mentionFiles,
  parse: ({ path, text }) => schemaMentionsIn(path, text),
};

/** A schema check as a `schema/` lint rule: its findings as `findingsOf` makes them. */
function toRule(check: SchemaCheck): Rule {
  const { id, description, defaultSeverity, fixable } = check;
  return defineFileRule<SchemaModel>(
    { id, description, defaultSeverity, fixable },
    SCHEMA_FILE_KIND,
    ({ parsed, report }) => {
      for (const { message, range, hint, fix } of findingsOf(check, parsed))
        report({
          message,
          ...(range ?? { line: 1, column: 1 }),
          ...(hint !== undefined ? { hint } : {}),
          ...(fix !== undefined ? { fix } : {}),
        });
    },
  );
}

export const schemaRules: readonly Rule[] = [...schemaChecks.map(toRule), unreadableFileRule];

/** What the CLI hands the lint engine so it lints report schemas too. */
export const schemaLintPlugin: LintPlugin = {
  rules: schemaRules,
  fileKinds: [schemaFileKind, outputSchemaMentionKind],
  scan: skillMentions,
};
