/** What a lint rule is: one file, its metadata, and a check over one kind of target. */
import type { Diagnostic, Fix, Severity, SkillCandidate, SkillFile } from "@ops-skill/core";

export const RULE_CATEGORIES = [
  "codex",
  "spec",
  "quality",
  "ops",
  "hooks",
  "config",
  "schema",
] as const;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];

export const DOCS_BASE_URL = "https://github.com/ops-skill/ops-skill/blob/main/docs/rules/";

export function docsUrlFor(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}

export interface RuleMeta {
  /** `<category>/<name>`; the rule's file is `src/rules/<category>/<name>.ts`. */
  id: string;
  category: RuleCategory;
  /** One sentence: what the rule reports. */
  description: string;
  defaultSeverity: Severity;
  fixable: boolean;
  docsUrl: string;
  /**
   * Each finding's range is a secret: the engine masks it in the source formatters get (code
   * frames) and in every message of the run.
   */
  redactsRange?: boolean;
}

export interface ReportDescriptor {
  message: string;
  /** Another file of the skill the finding is in (absolute); defaults to the file being linted. */
  file?: string;
  /** 1-based; defaults to the start of the file. */
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  fix?: Fix;
  hint?: string;
}

interface BaseContext {
  report(descriptor: ReportDescriptor): void;
  /** Options from the user's config for this rule (`["warn", {...}]`). */
  options: Record<string, unknown>;
}

/** A SKILL.md that was read, with where it was found. */
export interface LintedSkill {
  skill: SkillFile;
  candidate: SkillCandidate;
}

export interface SkillRuleContext extends BaseContext {
  skill: SkillFile;
  candidate: SkillCandidate;
  /** Every skill of this run that Codex would load, for rules that compare skills. */
  project: readonly LintedSkill[];
}

export interface CandidateRuleContext extends BaseContext {
  candidate: SkillCandidate;
}

/** A Codex config or hooks file found in the repository or given as a path. */
export interface ConfigFile {
  path: string;
  kind: "config-toml" | "hooks-json";
  text: string;
}

export interface ConfigRuleContext<T = unknown> extends BaseContext {
  file: ConfigFile;
  /** The parsed form the config rules share (see the rules' own parser module). */
  parsed: T;
}

/** A file of a kind a plugin adds (an `--output-schema` JSON schema), parsed by the plugin. */
export interface FileRuleContext<T = unknown> extends BaseContext {
  file: { path: string; text: string };
  parsed: T;
}

export type Rule =
  | { meta: RuleMeta; target: "skill"; check(context: SkillRuleContext): void }
  | { meta: RuleMeta; target: "candidate"; check(context: CandidateRuleContext): void }
  | { meta: RuleMeta; target: "config"; check(context: ConfigRuleContext): void }
  | { meta: RuleMeta; target: "file"; fileKind: string; check(context: FileRuleContext): void };

/**
 * A kind of file another package teaches the engine to lint: how to recognise it, which
 * files of the kind belong to a run, and how to parse it once for all its rules.
 */
export interface FileKind<T = unknown> {
  id: string;
  /** Whether a path given on the command line is of this kind. */
  matches(path: string): boolean;
  /**
   * Files of this kind that belong to a run: `dirs` are the directories given (or the
   * project root when none was), `skills` the SKILL.md files linted.
   */
  discover?(input: {
    dirs: readonly string[];
    skills: readonly SkillFile[];
    cwd: string;
  }): string[];
  parse(file: { path: string; text: string }): T;
}

/** Rules and file kinds from another package (`@ops-skill/schema` adds `schema/` rules). */
export interface LintPlugin {
  rules: readonly Rule[];
  fileKinds: readonly FileKind[];
}

/**
 * A plugin loaded only when a run needs it, so a lint of skills alone never pays for
 * importing it. The cheap tests below run first; `load` only when one says yes.
 */
export interface DeferredLintPlugin {
  /** Every rule id of the plugin starts with this, so config may name them before loading. */
  rulePrefix: string;
  /** Whether a path given on the command line is one of the plugin's files. */
  claims(path: string): boolean;
  /** Whether the plugin's files may be among this run's directories or skills. */
  needed(input: { dirs: readonly string[]; skills: readonly SkillFile[] }): boolean;
  load(): Promise<LintPlugin>;
}

type RuleInput = Omit<RuleMeta, "docsUrl" | "category" | "fixable"> & { fixable?: boolean };

function metaOf(input: RuleInput): RuleMeta {
  const category = input.id.split("/")[0] as RuleCategory;
  if (!(RULE_CATEGORIES as readonly string[]).includes(category))
    throw new Error(`unknown rule category in ${input.id}`);
  return { ...input, fixable: input.fixable ?? false, category, docsUrl: docsUrlFor(input.id) };
}

export function defineSkillRule(meta: RuleInput, check: (context: SkillRuleContext) => void): Rule {
  return { meta: metaOf(meta), target: "skill", check };
}

/** For discovery: runs on every candidate file, including ones that are not read. */
export function defineCandidateRule(
  meta: RuleInput,
  check: (context: CandidateRuleContext) => void,
): Rule {
  return { meta: metaOf(meta), target: "candidate", check };
}

export function defineFileRule<T>(
  meta: RuleInput,
  fileKind: string,
  check: (context: FileRuleContext<T>) => void,
): Rule {
  return {
    meta: metaOf(meta),
    target: "file",
    fileKind,
    check: check as (context: FileRuleContext) => void,
  };
}

export function defineConfigRule<T>(
  meta: RuleInput,
  check: (context: ConfigRuleContext<T>) => void,
): Rule {
  return {
    meta: metaOf(meta),
    target: "config",
    check: check as (context: ConfigRuleContext) => void,
  };
}

export type { Diagnostic };
