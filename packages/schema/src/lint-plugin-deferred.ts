/**
 * The schema rules as a deferred lint plugin: `ops-skill lint` imports this small module and
 * loads the checks only when the run has schema files: a `*.schema.json` path, a JSON file
 * given that reads as a schema, a `schemas/` folder, a skill that runs `--output-schema` (in
 * its code or its scripts) or names a `*.schema.json`, or a workflow of the repository that
 * runs `--output-schema`. Linting skills alone stays fast: each skill is looked at once, while
 * the engine has its files in memory, with a substring search.
 */
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { findProjectRoot } from "@ops-skill/core";
import type { DeferredLintPlugin } from "@ops-skill/lint";
import {
  directoriesOf,
  isWorkflowPath,
  type SkillMentions,
  skillMentions,
  workflowsMentioning,
} from "./mentions/files.js";
import { sniffJsonSchema } from "./sniff.js";

/** The file kind of report schemas (`schema check` takes every file it is given as one). */
export const SCHEMA_FILE_KIND = "json-schema";

export const deferredSchemaLintPlugin: DeferredLintPlugin = {
  rulePrefix: "schema/",
  claims: (path) => path.endsWith(".schema.json") || isWorkflowPath(path),
  sniff: ({ text }) => {
    const why = sniffJsonSchema(text);
    return why === undefined ? undefined : { kind: SCHEMA_FILE_KIND, why };
  },
  scan: skillMentions,
  needed: async ({ dirs, scans }) => {
    if (dirs.some((dir) => existsSync(basename(dir) === "schemas" ? dir : join(dir, "schemas"))))
      return true;
    for (const { data } of scans) {
      const mentions = data as SkillMentions;
      if (mentions.files.length > 0 || mentions.named.length > 0) return true;
    }
    const roots = new Set<string>();
    for (const dir of directoriesOf(dirs)) roots.add(await findProjectRoot(dir));
    for (const root of roots) if (workflowsMentioning(root).length > 0) return true;
    return false;
  },
  load: async () => (await import("./lint-plugin.js")).schemaLintPlugin,
};
