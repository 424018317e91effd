/**
 * `ops-skill init`: writes `ops-skill.config.json` in the working directory with `"$schema"`
 * (editor completion) and the default settings, atomically through core's one writer, and
 * never over a file that exists.
 */
import { join } from "node:path";
import { writeFileSafely } from "@ops-skill/core";
import { CONFIG_SCHEMA_URL } from "../config-schema.js";
import type { RunLintOutcome } from "../run.js";

export const CONFIG_FILE_NAME = "ops-skill.config.json";

/** The file `init` writes: the schema, and settings that change nothing from the defaults. */
export function defaultConfigText(): string {
  return `${JSON.stringify(
    { $schema: CONFIG_SCHEMA_URL, rules: {}, ignores: [], types: { outDir: "schemas/generated" } },
    null,
    2,
  )}\n`;
}

export async function initConfig(cwd: string): Promise<RunLintOutcome> {
  const path = join(cwd, CONFIG_FILE_NAME);
  const written = await writeFileSafely(path, defaultConfigText(), {
    root: cwd,
    mayReplace: () => "it exists already",
  });
  if (written.ok && written.status === "written" && written.created)
    return {
      output: `Wrote ${CONFIG_FILE_NAME}: rules at their defaults ("rules": { "<id>": "error" } raises one; \`ops-skill rules\` lists them).\n`,
      errorOutput: "",
      exitCode: 0,
    };
  const why = written.ok ? "it exists already" : written.reason;
  return {
    output: "",
    errorOutput: `ops-skill: ${CONFIG_FILE_NAME} not written: ${why}\n`,
    exitCode: 2,
  };
}
