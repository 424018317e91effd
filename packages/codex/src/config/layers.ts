/** Which Codex config layer a file is, by where it lives, and the parsed model of a file. */
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import { codexIoError, type FileProblem, isSpecialFile } from "@ops-skill/core";
import type { ConfigFile, ParsedConfigFile, ParsedConfigModel } from "./load.js";

/** The parsed model, or undefined when the file did not parse (a syntax finding says so). */
export function modelOf<T extends ParsedConfigFile>(
  parsed: T,
): (T & ParsedConfigModel) | undefined {
  return parsed.syntaxError ? undefined : (parsed as T & ParsedConfigModel);
}

export type ConfigLayer = "project" | "profile" | "user";

/**
 * Which Codex layer a file is, by where it lives: `<repo>/.codex/config.toml` and
 * `<repo>/.codex/hooks.json` are project files, `NAME.config.toml` a profile file; any other
 * path is taken for a user config (`$CODEX_HOME/config.toml`).
 */
export function layerOf(file: Pick<ConfigFile, "path">): ConfigLayer {
  const name = basename(file.path);
  if (name !== "config.toml" && name.endsWith(".config.toml")) return "profile";
  if (basename(dirname(file.path)) === ".codex" && !isCodexHome(dirname(file.path)))
    return "project";
  return "user";
}

/** `$CODEX_HOME` when set, else `~/.codex`: where Codex reads the user's config. */
export function defaultCodexHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CODEX_HOME;
  return fromEnv ? fromEnv : join(homedir(), ".codex");
}

function isCodexHome(dir: string): boolean {
  const home = process.env.CODEX_HOME;
  if (home !== undefined && home !== "" && dir === home) return true;
  return dir === join(homedir(), ".codex");
}

/** The repository a project file belongs to (the parent of its `.codex/`). */
export function projectRootOf(file: Pick<ConfigFile, "path">): string {
  return dirname(dirname(file.path));
}

/**
 * Codex's refusal to start when a config file it loads cannot be read (measured:
 * conformance/config `unreadable-*`): the file is checked before it is read, so a FIFO, a
 * folder or a device is "not a file"; an OS error is Rust's words for it. Undefined for a file
 * that is not there or that only ops-skill's size cap left unread.
 */
export function configReadError(
  file: Pick<ConfigFile, "path">,
  unread: Pick<FileProblem, "kind" | "code" | "problem">,
  layer: ConfigLayer = layerOf(file),
): string | undefined {
  if (unread.kind === "missing" || unread.kind === "too-large") return undefined;
  const why = isSpecialFile(unread.kind)
    ? `path \`${file.path}\` is not a file`
    : (codexIoError(unread) ?? unread.problem);
  const which = layer === "project" ? "project config file" : "config file";
  return `Error loading config.toml: Failed to read ${which} ${file.path}: ${why}`;
}
