/**
 * The Codex config kind: `config.toml`, `NAME.config.toml` and `hooks.json` in the `.codex/`
 * folder of each directory linted (or of the repository; a `.codex/` folder given is its own),
 * and any `.toml` or `hooks.json`
 * given; parsed by the Codex config model, linted by the `config/` and `hooks/` rules
 * (`defineConfigRule`). A file that cannot be read is still handed to its rules, which say
 * what Codex does with it. This is the engine's one use of the config model.
 */
import { readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import type { LintedConfigFile as ParsedConfigFile } from "../../hook-scripts/config-model.js";
import { CODEX_CONFIG_KIND, configFileOf, type FileKind, type KindFile } from "../../rule.js";

export type { ParsedConfigFile };

export const codexConfigKind: FileKind<ParsedConfigFile> = {
  id: CODEX_CONFIG_KIND,
  matches: (path) => path.endsWith(".toml") || basename(path) === "hooks.json",
  discover: async ({ dirs }) => {
    const found: string[] = [];
    for (const dir of dirs) found.push(...(await codexConfigFilesIn(dir)));
    return found;
  },
  parse: parseCodexConfig,
  parsesUnreadable: true,
  label: (path) => (path.endsWith(".json") ? "Codex hooks (hooks.json)" : "Codex config (TOML)"),
};

/** The file parsed by the config model (the TOML and JSON parsers load with the first file). */
export async function parseCodexConfig(file: KindFile): Promise<ParsedConfigFile> {
  const { parseLintedConfigFile } = await import("../../hook-scripts/config-model.js");
  return parseLintedConfigFile(configFileOf(file));
}

/**
 * `config.toml`, `NAME.config.toml` and `hooks.json` in a directory's `.codex/` folder, or in
 * the directory itself when it is a `.codex/` folder (`ops-skill lint .codex`).
 */
async function codexConfigFilesIn(dir: string): Promise<string[]> {
  const codexDir = basename(dir) === ".codex" ? dir : join(dir, ".codex");
  const names = await readdir(codexDir).catch(() => [] as string[]);
  return names
    .filter((n) => n === "config.toml" || n.endsWith(".config.toml") || n === "hooks.json")
    .sort()
    .map((n) => join(codexDir, n));
}
