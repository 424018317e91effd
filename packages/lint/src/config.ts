/**
 * User configuration: `ops-skill.config.json` or an `"ops-skill"` key in package.json, found
 * from the working directory upward. Rule severities, rule options and ignore globs, and where
 * `ops-skill types` writes. (Also `@ops-skill/lint/config`, for tools that need only this.)
 */
import { readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import type { Severity } from "@ops-skill/core";
import { lilconfig } from "lilconfig";

export type SeveritySetting = Severity | "warn" | "off" | 0 | 1 | 2;
export type RuleSetting = SeveritySetting | [SeveritySetting, Record<string, unknown>?];

export interface LintConfig {
  rules: Record<string, RuleSetting>;
  ignores: string[];
  /** `ops-skill types`: `outDir` as written (relative to the config file's folder). */
  types?: { outDir?: string };
}

export interface LoadedConfig {
  config: LintConfig;
  /** The file it came from; undefined when no config was found. */
  filepath: string | undefined;
  /** Where relative ignore globs are anchored. */
  baseDir: string;
}

export class ConfigError extends Error {
  constructor(
    readonly filepath: string,
    message: string,
  ) {
    super(`${filepath}: ${message}`);
  }
}

const MODULE_NAME = "ops-skill";

export async function loadConfig(cwd: string, explicitPath?: string): Promise<LoadedConfig> {
  const explorer = lilconfig(MODULE_NAME, {
    searchPlaces: ["ops-skill.config.json", "package.json"],
    loaders: { ".json": jsonLoader, noExt: jsonLoader },
    packageProp: MODULE_NAME,
  });
  let result: Awaited<ReturnType<typeof explorer.search>>;
  try {
    result = explicitPath ? await explorer.load(explicitPath) : await explorer.search(cwd);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    // A file that cannot be read (ENOENT, EACCES, EISDIR...) is the user's to fix; anything
    // else is an internal error and is not passed off as a problem of the config.
    if (typeof (error as NodeJS.ErrnoException).code === "string")
      throw new ConfigError(explicitPath ?? cwd, (error as Error).message);
    throw error;
  }
  if (!result || result.isEmpty)
    return {
      config: { rules: {}, ignores: [], types: {} },
      filepath: result?.filepath,
      baseDir: cwd,
    };
  return {
    config: validateConfig(result.config, result.filepath),
    filepath: result.filepath,
    baseDir: dirname(result.filepath),
  };
}

async function jsonLoader(filepath: string, content: string): Promise<unknown> {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch (error) {
    throw new ConfigError(filepath, `invalid JSON: ${(error as Error).message}`);
  }
  // The "ops-skill" key is looked up in a package.json: it must be an object to have keys.
  if (
    basename(filepath) === "package.json" &&
    (typeof value !== "object" || value === null || Array.isArray(value))
  )
    throw new ConfigError(
      filepath,
      `a package.json must hold a JSON object (it holds ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value})`,
    );
  return value;
}

const SEVERITIES = new Set<unknown>(["error", "warning", "warn", "info", "off", 0, 1, 2]);

export function validateConfig(raw: unknown, filepath: string): LintConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new ConfigError(filepath, "the configuration must be an object");
  const { rules = {}, ignores = [], types = {}, ...rest } = raw as Record<string, unknown>;
  const unknownKeys = Object.keys(rest).filter((k) => k !== "$schema");
  if (unknownKeys.length > 0)
    throw new ConfigError(
      filepath,
      `unknown key ${unknownKeys.map((k) => `"${k}"`).join(", ")} (expected "rules", "ignores", "types")`,
    );
  if (typeof types !== "object" || types === null || Array.isArray(types))
    throw new ConfigError(filepath, `"types" must be an object`);
  const { outDir, ...typesRest } = types as Record<string, unknown>;
  const unknownTypesKeys = Object.keys(typesRest);
  if (unknownTypesKeys.length > 0)
    throw new ConfigError(
      filepath,
      `unknown key ${unknownTypesKeys.map((k) => `"types.${k}"`).join(", ")} (expected "types.outDir")`,
    );
  if (outDir !== undefined && (typeof outDir !== "string" || outDir.trim() === ""))
    throw new ConfigError(filepath, `"types.outDir" must be a non-empty path`);
  if (typeof rules !== "object" || rules === null || Array.isArray(rules))
    throw new ConfigError(filepath, `"rules" must be an object`);
  if (!Array.isArray(ignores) || !ignores.every((g) => typeof g === "string" && g !== ""))
    throw new ConfigError(filepath, `"ignores" must be an array of non-empty glob strings`);
  for (const [id, setting] of Object.entries(rules as Record<string, unknown>)) {
    const severity = Array.isArray(setting) ? setting[0] : setting;
    if (!SEVERITIES.has(severity)) {
      throw new ConfigError(
        filepath,
        `rule "${id}": severity must be one of "error", "warning", "info", "off" (got ${JSON.stringify(severity)})`,
      );
    }
    if (
      Array.isArray(setting) &&
      setting[1] !== undefined &&
      (typeof setting[1] !== "object" || setting[1] === null)
    ) {
      throw new ConfigError(filepath, `rule "${id}": options must be an object`);
    }
  }
  return {
    rules: rules as Record<string, RuleSetting>,
    ignores: ignores as string[],
    types: outDir === undefined ? {} : { outDir },
  };
}

export function normalizeSeverity(setting: SeveritySetting): Severity | "off" {
  if (setting === "warn" || setting === 1) return "warning";
  if (setting === 2) return "error";
  if (setting === 0) return "off";
  return setting;
}

/** Reads a JSON file for callers that need the raw text too (kept here for one JSON loader). */
export async function readJson(path: string): Promise<unknown> {
  return jsonLoader(path, await readFile(path, "utf8"));
}
