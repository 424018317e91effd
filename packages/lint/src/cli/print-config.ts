/**
 * `ops-skill lint --print-config <file>`, as ESLint's: the effective config for that file as
 * JSON, without linting: the config file it comes from, whether `ignores` drops the file, and
 * every rule with the severity and options it runs with there.
 */
import { resolve } from "node:path";
import { ConfigError, loadConfig, normalizeSeverity } from "../config.js";
import { enabledRules, UsageError } from "../engine/rules.js";
import { ignoreMatcher } from "../engine/run.js";
import { visibleLine } from "../formatters/visible.js";
import type { Rule } from "../rule.js";
import type { RunLintOutcome } from "../run.js";

export async function printConfig(options: {
  cwd: string;
  file: string;
  configPath?: string | undefined;
  rules: readonly Rule[];
}): Promise<RunLintOutcome> {
  try {
    return await printed(options);
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof UsageError)) throw error;
    return { output: "", errorOutput: `ops-skill: ${visibleLine(error.message)}\n`, exitCode: 2 };
  }
}

async function printed(options: {
  cwd: string;
  file: string;
  configPath?: string | undefined;
  rules: readonly Rule[];
}): Promise<RunLintOutcome> {
  const loaded = await loadConfig(options.cwd, options.configPath);
  // Checks the config as a run would: unknown rules and bad options are usage errors.
  enabledRules(options.rules, loaded, []);
  const file = resolve(options.cwd, options.file);
  const isIgnored = await ignoreMatcher(loaded);
  const rules: Record<string, [string] | [string, Record<string, unknown>]> = {};
  for (const { meta } of [...options.rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    const setting = loaded.config.rules[meta.id];
    const [severity, ruleOptions] = Array.isArray(setting) ? setting : [setting, undefined];
    const effective = severity === undefined ? meta.defaultSeverity : normalizeSeverity(severity);
    rules[meta.id] =
      ruleOptions && Object.keys(ruleOptions).length > 0 ? [effective, ruleOptions] : [effective];
  }
  const config = {
    file,
    configFile: loaded.filepath ?? null,
    ignored: isIgnored(file),
    rules,
    ignores: loaded.config.ignores,
    types: loaded.config.types ?? {},
  };
  return { output: `${JSON.stringify(config, null, 2)}\n`, errorOutput: "", exitCode: 0 };
}
