/**
 * `ops-skill types [--check]` as a function: generate types and validators for the report
 * schemas, or (with `check`) fail when the committed ones are stale — the CI guard.
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { findProjectRoot } from "@ops-skill/core";
import { generateTypes, TypesGenerationError, TypesWriteError } from "./codegen/index.js";

export interface RunTypesOptions {
  cwd: string;
  schemas?: readonly string[];
  /** Output directory; by default `types.outDir` of the config, else `schemas/generated`. */
  outDir?: string;
  /** A config file to read instead of searching from `cwd` (`ops-skill.config.json`). */
  configPath?: string;
  check?: boolean;
  force?: boolean;
}

export interface RunTypesOutcome {
  output: string;
  errorOutput: string;
  /**
   * 0 done (or up to date); 1 stale files in check mode, or a schema that cannot be generated;
   * 2 a config file that cannot be used, or a file that cannot be written.
   */
  exitCode: 0 | 1 | 2;
}

export async function runTypes(options: RunTypesOptions): Promise<RunTypesOutcome> {
  // Defaults (`schemas/`, `schemas/generated`) are the repository's, from any subdirectory.
  const cwd =
    options.schemas && options.schemas.length > 0
      ? options.cwd
      : await findProjectRoot(options.cwd);
  let outDir = options.outDir;
  let outDirSource = "--out";
  if (outDir === undefined) {
    // The config loader is read only when no directory was given.
    const { ConfigError, loadConfig } = await import("@ops-skill/lint/config");
    try {
      const loaded = await loadConfig(options.cwd, options.configPath);
      const configured = loaded.config.types?.outDir;
      if (configured !== undefined) {
        outDir = resolve(loaded.baseDir, configured);
        outDirSource = `"types.outDir" in ${loaded.filepath}`;
      }
    } catch (error) {
      if (error instanceof ConfigError)
        return { output: "", errorOutput: `ops-skill: ${error.message}\n`, exitCode: 2 };
      throw error;
    }
  }
  if (outDir !== undefined) {
    let isDirectory: boolean | undefined;
    try {
      isDirectory = statSync(outDir, { throwIfNoEntry: false })?.isDirectory();
    } catch {
      isDirectory = false; // a file on the way (ENOTDIR), a loop, no permission
    }
    if (isDirectory === false)
      return {
        output: "",
        errorOutput: `ops-skill: ${outDir} (${outDirSource}) is not a directory\n`,
        exitCode: 2,
      };
  }
  let result: Awaited<ReturnType<typeof generateTypes>>;
  try {
    result = await generateTypes({
      cwd,
      ...(options.schemas && options.schemas.length > 0 ? { schemas: options.schemas } : {}),
      ...(outDir ? { outDir } : {}),
      check: options.check ?? false,
      force: options.force ?? false,
    });
  } catch (error) {
    if (error instanceof TypesGenerationError)
      return { output: "", errorOutput: `${error.message}\nNothing was written.\n`, exitCode: 1 };
    if (error instanceof TypesWriteError)
      return {
        output: "",
        errorOutput: `${error.message
          .split("\n")
          .map((line) => `ops-skill: ${line}\n`)
          .join("")}${
          error.partial
            ? "The files before it were written; run `ops-skill types` again once it is fixed.\n"
            : "Nothing was written.\n"
        }`,
        exitCode: 2,
      };
    throw error;
  }
  const warnings = result.warnings.map((w) => `warning: ${w}\n`).join("");
  const count = `${result.schemas.length} schema${result.schemas.length === 1 ? "" : "s"}`;
  if (options.check) {
    if (result.upToDate)
      return {
        output: `Types and validators for ${count} are up to date.\n`,
        errorOutput: warnings,
        exitCode: 0,
      };
    const lines = [
      ...result.stale.map((f) => `  stale:   ${f}`),
      ...result.missing.map((f) => `  missing: ${f}`),
      ...result.extra.map((f) => `  extra:   ${f}`),
    ];
    return {
      output: "",
      errorOutput: `${warnings}Generated files in ${result.outDir} are out of date:\n${lines.join("\n")}\nRun \`ops-skill types\` and commit the result.\n`,
      exitCode: 1,
    };
  }
  const what = result.upToDate
    ? `Types and validators for ${count} are up to date.`
    : `Wrote ${result.written.length} file${result.written.length === 1 ? "" : "s"}${result.deleted.length > 0 ? `, deleted ${result.deleted.length}` : ""} for ${count} in ${result.outDir}.`;
  const runtime =
    result.runtimePackages.length > 0
      ? ` The generated validators import ${result.runtimePackages.join(" and ")}.`
      : "";
  return { output: `${what}${runtime}\n`, errorOutput: warnings, exitCode: 0 };
}
