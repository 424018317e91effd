/** Shared by the hooks/ rules that read the user's Codex config: where it is. */
import { dirname, resolve } from "node:path";
import {
  type ConfigFile as CodexConfigFile,
  defaultCodexHome,
  layerOf,
  type ParsedConfigFile,
  projectRootOf,
  readTrustStore,
  type TrustStore,
} from "@ops-skill/codex/config";
import type { RunCache } from "../../engine/cache.js";
import type { ConfigFile, RuleOptionsSchema } from "../../rule.js";

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
  return resolve(defaultCodexHome());
}

/** The user's Codex config, read and parsed once per run (every hook of a run asks it). */
export function trustStoreOf(
  cache: RunCache,
  codexHome: string,
  current: ConfigFile,
  parseConfigFile: (file: CodexConfigFile) => ParsedConfigFile,
): TrustStore {
  if (resolve(current.path) === resolve(codexHome, "config.toml"))
    return readTrustStore(codexHome, current, parseConfigFile);
  return cache(`hooks/trust-store\u0000${resolve(codexHome)}`, () =>
    readTrustStore(codexHome, undefined, parseConfigFile),
  );
}
