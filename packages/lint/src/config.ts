/**
 * User configuration: `ops-skill.config.json` or an `"ops-skill"` key in package.json, found
 * from the working directory upward (lilconfig's search, which stops at the home folder), each
 * file read through core's one reader: a FIFO, a folder or an unreadable file in their place
 * is a configuration error naming it, never a read that blocks. Rule severities, rule options
 * and ignore globs, where `ops-skill types` writes, and the doctor's settings. (Also `@ops-skill/lint/config`, for
 * tools that need only this.)
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import type { Severity } from "@ops-skill/core";
import { readRegularText } from "@ops-skill/core/read-file";

export type SeveritySetting = Severity | "warn" | "off" | 0 | 1 | 2;
export type RuleSetting = SeveritySetting | [SeveritySetting, Record<string, unknown>?];

export interface LintConfig {
  rules: Record<string, RuleSetting>;
  ignores: string[];
  /** `ops-skill types`: `outDir` as written (relative to the config file's folder). */
  types?: { outDir?: string };
  /**
   * `ops-skill doctor`: the tokens a month every scheduled run may take (the cost check), and
   * the files or folders of schedules it reads, besides those it finds, when given none
   * (relative to the config file's folder).
   */
  doctor?: { monthlyTokenBudget?: number; schedules?: string[] };
}

/**
 * Folders never searched, whatever the config says (ESLint's default ignores): the lint's glob
 * arguments and the doctor's search for schedules skip them.
 */
export const DEFAULT_IGNORED_FOLDERS: readonly string[] = ["node_modules", ".git"];

export interface LoadedConfig {
  config: LintConfig;
  /** The file it came from; undefined when no config was found. */
  filepath: string | undefined;
  /** Where relative ignore globs are anchored. */
  baseDir: string;
  /** `--quiet`: the rules set to warning or info do not run (ESLint 9's `--quiet`). */
  quiet?: boolean;
}

export class ConfigError extends Error {
  constructor(
    readonly filepath: string,
    message: string,
  ) {
    super(`${filepath}: ${message}`);
  }
}

/**
 * A loaded config built in code, as `loadConfig` would return it for these settings (tests,
 * and tools that lint with settings of their own): no rules set and no ignores by default.
 */
export function loadedConfig(
  baseDir: string,
  config: Partial<LintConfig> = {},
  filepath?: string,
): LoadedConfig {
  return { config: { rules: {}, ignores: [], ...config }, filepath, baseDir };
}

const MODULE_NAME = "ops-skill";
const CONFIG_FILE = "ops-skill.config.json";

export async function loadConfig(cwd: string, explicitPath?: string): Promise<LoadedConfig> {
  const found = await (explicitPath
    ? load(resolve(cwd, explicitPath), true)
    : search(resolve(cwd)));
  if (!found || found.config === undefined)
    return {
      config: { rules: {}, ignores: [], types: {} },
      filepath: found?.filepath,
      baseDir: cwd,
    };
  return {
    config: validateConfig(found.config, found.filepath),
    filepath: found.filepath,
    baseDir: dirname(found.filepath),
  };
}

/**
 * The nearest folder from `start` up (to the home folder, or the root when `start` is not
 * below it) holding `ops-skill.config.json`, or a package.json with an `"ops-skill"` key.
 */
async function search(start: string): Promise<{ filepath: string; config: unknown } | undefined> {
  const stop = resolve(homedir());
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, CONFIG_FILE);
    if (existsSync(file)) {
      const found = await load(file, false);
      if (found) return found;
    }
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const found = await load(manifest, false);
      if (found) return found;
    }
    if (dir === stop || dirname(dir) === dir) return undefined;
  }
}

/**
 * A config file's content: the `"ops-skill"` key of a package.json (undefined when it has
 * none), or the whole file (an empty one, given or found, is a configuration error).
 */
async function load(
  filepath: string,
  given: boolean,
): Promise<{ filepath: string; config: unknown } | undefined> {
  const read = readRegularText(filepath);
  if (!read.ok) throw new ConfigError(filepath, read.problem);
  // Editors on some systems save a byte order mark; it is no part of the JSON.
  const text = read.text.startsWith("\uFEFF") ? read.text.slice(1) : read.text;
  await refuseDeepNesting(filepath, text);
  if (filepath.endsWith("package.json")) {
    const manifest = jsonLoader(filepath, text);
    const config =
      typeof manifest === "object" && manifest !== null && !Array.isArray(manifest)
        ? (manifest as Record<string, unknown>)[MODULE_NAME]
        : undefined;
    if (config === undefined || config === null)
      return given ? { filepath, config: undefined } : undefined;
    return { filepath, config };
  }
  // An empty file (or one of only comments) is no config, as ESLint and markdownlint-cli2
  // judge a config they cannot parse: a usage error naming it, never settings made up.
  const config = text.trim() === "" ? undefined : await jsoncLoader(filepath, text);
  if (config === undefined)
    throw new ConfigError(filepath, "no JSON object in the file (write {} for no settings)");
  return { filepath, config };
}

/** Deeper than this, a config is refused: it holds a few levels, and deep values overflow the stack. */
const MAX_NESTING = 64;

/**
 * Refuses a config whose arrays and objects nest deeper than `MAX_NESTING`, naming the line and
 * column where they do (one pass over the text, strings and JSONC comments skipped).
 */
async function refuseDeepNesting(filepath: string, text: string): Promise<void> {
  let depth = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x22) {
      // A string: to its closing quote, escapes skipped.
      for (k++; k < text.length && text.charCodeAt(k) !== 0x22; k++)
        if (text.charCodeAt(k) === 0x5c) k++;
    } else if (c === 0x2f && text.charCodeAt(k + 1) === 0x2f) {
      const end = text.indexOf("\n", k);
      k = end < 0 ? text.length : end;
    } else if (c === 0x2f && text.charCodeAt(k + 1) === 0x2a) {
      const end = text.indexOf("*/", k + 2);
      k = end < 0 ? text.length : end + 1;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_NESTING) {
        const { LineIndex } = await import("@ops-skill/core");
        const { line, column } = new LineIndex(text).positionAt(k);
        throw new ConfigError(
          filepath,
          `nested more than ${MAX_NESTING} levels deep at ${line}:${column}`,
        );
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

/**
 * `ops-skill.config.json` is read as JSONC, as editors read it (comments and trailing commas
 * allowed); a syntax error names its line and column. package.json stays strict JSON.
 */
async function jsoncLoader(filepath: string, content: string): Promise<unknown> {
  try {
    return JSON.parse(content);
  } catch {
    // Comments, trailing commas or an error: the JSONC parser (loaded only then) says which.
  }
  const [{ parse, printParseErrorCode }, { LineIndex }] = await Promise.all([
    import("jsonc-parser"),
    import("@ops-skill/core"),
  ]);
  const errors: import("jsonc-parser").ParseError[] = [];
  const value = parse(content, errors, { allowTrailingComma: true });
  const [first] = errors;
  if (first === undefined) return value;
  const { line, column } = new LineIndex(content).positionAt(first.offset);
  throw new ConfigError(
    filepath,
    `invalid JSON at ${line}:${column}: ${JSONC_ERRORS[printParseErrorCode(first.error)] ?? printParseErrorCode(first.error)}`,
  );
}

/** jsonc-parser's error codes in words. */
const JSONC_ERRORS: Record<string, string> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "invalid number",
  PropertyNameExpected: "a property name (in double quotes) is expected",
  ValueExpected: "a value is expected",
  ColonExpected: "a colon is expected",
  CommaExpected: "a comma is expected",
  CloseBraceExpected: "a closing brace is expected",
  CloseBracketExpected: "a closing bracket is expected",
  EndOfFileExpected: "the end of the file is expected",
  InvalidCommentToken: "invalid comment",
  UnexpectedEndOfComment: "unclosed comment",
  UnexpectedEndOfString: "unclosed string",
  UnexpectedEndOfNumber: "unfinished number",
  InvalidUnicode: "invalid unicode escape",
  InvalidEscapeCharacter: "invalid escape character",
  InvalidCharacter: "invalid character in a string",
};

function jsonLoader(filepath: string, content: string): unknown {
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
  const { rules = {}, ignores = [], types = {}, doctor, ...rest } = raw as Record<string, unknown>;
  const unknownKeys = Object.keys(rest).filter((k) => k !== "$schema");
  if (unknownKeys.length > 0)
    throw new ConfigError(
      filepath,
      `unknown key ${unknownKeys.map((k) => `"${k}"`).join(", ")} (expected "rules", "ignores", "types", "doctor")`,
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
  const doctorSettings = validateDoctor(doctor, filepath);
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
    ...(doctorSettings === undefined ? {} : { doctor: doctorSettings }),
  };
}

function validateDoctor(doctor: unknown, filepath: string): LintConfig["doctor"] {
  if (doctor === undefined) return undefined;
  if (typeof doctor !== "object" || doctor === null || Array.isArray(doctor))
    throw new ConfigError(filepath, `"doctor" must be an object`);
  const { monthlyTokenBudget, schedules, ...rest } = doctor as Record<string, unknown>;
  const unknownKeys = Object.keys(rest);
  if (unknownKeys.length > 0)
    throw new ConfigError(
      filepath,
      `unknown key ${unknownKeys.map((k) => `"doctor.${k}"`).join(", ")} (expected "doctor.monthlyTokenBudget", "doctor.schedules")`,
    );
  if (
    monthlyTokenBudget !== undefined &&
    (typeof monthlyTokenBudget !== "number" ||
      !Number.isSafeInteger(monthlyTokenBudget) ||
      monthlyTokenBudget < 0)
  )
    throw new ConfigError(filepath, `"doctor.monthlyTokenBudget" must be a whole number of tokens`);
  if (
    schedules !== undefined &&
    (!Array.isArray(schedules) || !schedules.every((s) => typeof s === "string" && s !== ""))
  )
    throw new ConfigError(filepath, `"doctor.schedules" must be an array of non-empty paths`);
  return {
    ...(monthlyTokenBudget === undefined ? {} : { monthlyTokenBudget }),
    ...(schedules === undefined ? {} : { schedules: schedules as string[] }),
  };
}

export function normalizeSeverity(setting: SeveritySetting): Severity | "off" {
  if (setting === "warn" || setting === 1) return "warning";
  if (setting === 2) return "error";
  if (setting === 0) return "off";
  return setting;
}

/** Reads a JSON file through the one reader (kept here for one JSON loader). */
export async function readJson(path: string): Promise<unknown> {
  const read = readRegularText(path);
  if (!read.ok) throw new ConfigError(path, read.problem);
  return jsonLoader(path, read.text);
}
