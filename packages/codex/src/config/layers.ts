/** Which Codex config layer a file is, by where it lives, and the parsed model of a file. */
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
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
