/** The user's Codex config ($CODEX_HOME/config.toml), where hook and project trust live. */
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { readRegularText } from "@ops-skill/core";
import type { ParsedConfigFile, ParsedConfigModel } from "../../codex-config/load.js";
import { entryOf, type LocatedTable, stringOf, tableOf } from "../../codex-config/tree.js";
import type { RunCache } from "../../engine/cache.js";
import type { ConfigFile, RuleOptionsSchema } from "../../rule.js";
import { layerOf, projectRootOf } from "../config/_config.js";

export interface TrustStore {
  /** Where it is (whether or not it exists). */
  path: string;
  model: ParsedConfigModel | undefined;
}

/** The options of the rules that read the user's Codex config: where it is. */
export const CODEX_HOME_OPTIONS = {
  type: "object",
  properties: {
    codexHome: {
      type: "string",
      minLength: 1,
      description:
        "Where the user's Codex config is read from (default `$CODEX_HOME`, else `~/.codex`).",
    },
  },
  additionalProperties: false,
} as const satisfies RuleOptionsSchema;

/**
 * `options.codexHome` (a relative path is taken from the repository root of a project file, else
 * from the file's folder), else `$CODEX_HOME`, else `~/.codex`.
 */
export function codexHomeFrom(options: Record<string, unknown>, file: ConfigFile): string {
  const fromOptions = options.codexHome;
  if (typeof fromOptions === "string" && fromOptions !== "") {
    const base = layerOf(file) === "project" ? projectRootOf(file) : dirname(file.path);
    return resolve(base, fromOptions);
  }
  const fromEnv = process.env.CODEX_HOME;
  if (fromEnv) return resolve(fromEnv);
  return join(homedir(), ".codex");
}

/** The user's Codex config, read and parsed once per run. */
export function readTrustStore(
  cache: RunCache,
  codexHome: string,
  current: ConfigFile,
  parseConfigFile: (file: ConfigFile) => ParsedConfigFile,
): TrustStore {
  const path = join(codexHome, "config.toml");
  if (resolve(current.path) === path) {
    const parsed = parseConfigFile(current);
    return { path, model: parsed.syntaxError ? undefined : parsed };
  }
  return cache(`hooks/trust-store\u0000${path}`, () => {
    // Not there, no regular file or unreadable: no trust store (never a read that blocks).
    const read = readRegularText(path);
    if (!read.ok) return { path, model: undefined };
    const parsed = parseConfigFile({ path, kind: "config-toml", text: read.text });
    return { path, model: parsed.syntaxError ? undefined : parsed };
  });
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
