/** The user's Codex config ($CODEX_HOME/config.toml), where hook and project trust live. */
import { join, resolve } from "node:path";
import { readRegularText } from "@ops-skill/core";
import type { ConfigFile, ParsedConfigFile, ParsedConfigModel } from "./load.js";
import { entryOf, type LocatedTable, stringOf, tableOf } from "./tree.js";

export interface TrustStore {
  /** Where it is (whether or not it exists). */
  path: string;
  model: ParsedConfigModel | undefined;
}

/**
 * The trust store under `codexHome`; `current` is the file being read, when it is the store
 * itself. Parsing is the caller's (so the parsers load only where there is a config file);
 * so is caching (the linter keeps one store per run).
 */
export function readTrustStore(
  codexHome: string,
  current: ConfigFile | undefined,
  parseConfigFile: (file: ConfigFile) => ParsedConfigFile,
): TrustStore {
  const path = join(codexHome, "config.toml");
  if (current && resolve(current.path) === path) {
    const parsed = parseConfigFile(current);
    return { path, model: parsed.syntaxError ? undefined : parsed };
  }
  // Not there, no regular file or unreadable: no trust store (never a read that blocks).
  const read = readRegularText(path);
  if (!read.ok) return { path, model: undefined };
  const parsed = parseConfigFile({ path, kind: "config-toml", text: read.text });
  return { path, model: parsed.syntaxError ? undefined : parsed };
}

/** The `[hooks.state."<key>"]` table of a hook, if the store has one. */
export function hookState(store: TrustStore, key: string): LocatedTable | undefined {
  return tableOf(tableOf(tableOf(store.model?.root, "hooks"), "state"), key);
}

export function isHookTrusted(store: TrustStore, key: string, hash: string): boolean {
  return stringOf(entryOf(hookState(store, key), "trusted_hash")?.value) === hash;
}

export function isProjectTrusted(store: TrustStore, projectRoot: string): boolean {
  const project = tableOf(tableOf(store.model?.root, "projects"), projectRoot);
  return stringOf(entryOf(project, "trust_level")?.value) === "trusted";
}

/**
 * A TOML basic string, for the keys and values of the trust tables (a checkout's path may hold
 * anything): JSON's escapes are TOML's, but JSON leaves DEL (U+007F) raw, which TOML forbids in
 * a string (Codex refuses the file: "invalid basic string").
 */
export function tomlBasicString(text: string): string {
  return JSON.stringify(text).replaceAll("\u007f", "\\u007F");
}
