/** Shared by the config/ and hooks/ rules: which layer a file is, and the parsed model. */
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import type { ParsedConfigFile, ParsedConfigModel } from "../../codex-config/load.js";
import type { ConfigFile } from "../../rule.js";

/** The pinned Codex, named in the messages of the config/ and hooks/ rules. */
export { CODEX_VERSION } from "@ops-skill/codex/version";

/** The parsed model, or undefined when the file did not parse (another rule reports that). */
export function modelOf(parsed: ParsedConfigFile): ParsedConfigModel | undefined {
  return parsed.syntaxError ? undefined : parsed;
}

export type ConfigLayer = "project" | "profile" | "user";

/**
 * Which Codex layer a file is, by where it lives: `<repo>/.codex/config.toml` and
 * `<repo>/.codex/hooks.json` are project files, `NAME.config.toml` a profile file; any other
 * path is taken for a user config (`$CODEX_HOME/config.toml`).
 */
export function layerOf(file: ConfigFile): ConfigLayer {
  const name = basename(file.path);
  if (name !== "config.toml" && name.endsWith(".config.toml")) return "profile";
  if (basename(dirname(file.path)) === ".codex" && !isCodexHome(dirname(file.path)))
    return "project";
  return "user";
}

function isCodexHome(dir: string): boolean {
  const home = process.env.CODEX_HOME;
  if (home !== undefined && home !== "" && dir === home) return true;
  return dir === join(homedir(), ".codex");
}

/** The repository a project file belongs to (the parent of its `.codex/`). */
export function projectRootOf(file: ConfigFile): string {
  return dirname(dirname(file.path));
}

export function quoteList(values: readonly string[]): string {
  return values.map((v) => `\`${v}\``).join(", ");
}
