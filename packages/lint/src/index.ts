export { CONFIG_FILE_NAME, defaultConfigText, initConfig } from "./cli/init.js";
export { printConfig } from "./cli/print-config.js";
export { describeRules } from "./cli/rules-info.js";
export { readStdin, STDIN_NAME } from "./cli/stdin.js";
export {
  ConfigError,
  DEFAULT_IGNORED_FOLDERS,
  type LintConfig,
  type LoadedConfig,
  loadConfig,
  loadedConfig,
  type RuleSetting,
  validateConfig,
} from "./config.js";
export { CONFIG_SCHEMA_URL, configSchema } from "./config-schema.js";
export {
  type AppliedDirective,
  type Directive,
  type DirectiveKind,
  parseDirectives,
} from "./engine/directives.js";
export { applyFixes } from "./engine/fix.js";
export {
  type FileResult,
  type LintOptions,
  type LintResult,
  lint,
  UsageError,
} from "./engine/lint.js";
export type { Concurrency } from "./engine/parallel.js";
export { ignoreMatcher } from "./engine/run.js";
export { serveLintWorker } from "./engine/worker.js";
export { exitCodeFor } from "./exit-code.js";
export {
  type ForbiddenCommand,
  forbiddenCommands,
  isMutatingCommand,
} from "./forbidden-commands.js";
export { type FormatContext, type Formatter, formatters } from "./formatters/index.js";
export {
  type CandidateRuleContext,
  type ConfigFile,
  type ConfigRuleContext,
  type DeferredLintPlugin,
  type DirectiveRuleContext,
  type DiscoveredFile,
  DOCS_BASE_URL,
  defineCandidateRule,
  defineConfigRule,
  defineDirectiveRule,
  defineFileRule,
  defineSkillRule,
  docsUrlFor,
  type FileKind,
  type FileRuleContext,
  type KindFile,
  type LintedSkill,
  type LintPlugin,
  type ProjectSkill,
  type ReportDescriptor,
  RULE_CATEGORIES,
  type Rule,
  type RuleCategory,
  type RuleMeta,
  type RuleOptionsSchema,
  type SkillRuleContext,
  type SkillScan,
} from "./rule.js";
export { allRules } from "./rules/index.js";
export { type RunLintOptions, type RunLintOutcome, runLint } from "./run.js";
export {
  type SimpleCommand,
  type SkillCommand,
  simpleCommands,
  skillCommands,
} from "./skill-commands.js";
