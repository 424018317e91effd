/**
 * The schema rules as a deferred lint plugin: `ops-skill lint` imports this small module and
 * loads the checks only when the run has schema files (a `*.schema.json` path, a `schemas/`
 * folder, or a skill that mentions a `.schema.json`), so linting skills alone stays fast.
 */
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import type { DeferredLintPlugin } from "@ops-skill/lint";

export const deferredSchemaLintPlugin: DeferredLintPlugin = {
  rulePrefix: "schema/",
  claims: (path) => path.endsWith(".schema.json"),
  needed: ({ dirs, skills }) =>
    dirs.some((dir) => existsSync(basename(dir) === "schemas" ? dir : join(dir, "schemas"))) ||
    skills.some((skill) => skill.text.includes(".schema.json")),
  load: async () => (await import("./lint-plugin.js")).schemaLintPlugin,
};
