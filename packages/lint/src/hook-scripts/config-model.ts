/**
 * The Codex config model as the linter's rules get it: Codex's own model
 * (`@ops-skill/codex/config-parse`) with the hook-script readers beside it. Loaded by the engine
 * only when there is a config file, so neither the parsers nor the script readers are on the
 * start-up path of a run without one.
 */
import {
  type ConfigFile,
  type ParsedConfigFile,
  parseConfigFile,
} from "@ops-skill/codex/config-parse";
import { interpreterLanguage, readHookScript, scriptLanguage } from "./hook-script.js";

export interface HookScriptReaders {
  read: typeof readHookScript;
  language: typeof scriptLanguage;
  interpreterLanguage: typeof interpreterLanguage;
}

/** A parsed config file with the readers the hooks/ rules use on the scripts it names. */
export type LintedConfigFile = ParsedConfigFile & { hookScripts: HookScriptReaders };

const HOOK_SCRIPT_READERS: HookScriptReaders = {
  read: readHookScript,
  language: scriptLanguage,
  interpreterLanguage,
};

export function parseLintedConfigFile(file: ConfigFile): LintedConfigFile {
  return { ...parseConfigFile(file), hookScripts: HOOK_SCRIPT_READERS };
}
