/** What a lint rule is: one file, its metadata, and a check over one kind of target. */
import type { ConfigFile } from "@ops-skill/codex/config";
import type {
  CodexListing,
  Diagnostic,
  FileProblem,
  Fix,
  Severity,
  SkillCandidate,
  SkillFile,
} from "@ops-skill/core";
import type { AppliedDirective } from "./engine/directives.js";

export const RULE_CATEGORIES = [
  "codex",
  "spec",
  "quality",
  "ops",
  "hooks",
  "config",
  "schema",
  "internal",
] as const;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];

export const DOCS_BASE_URL = "https://github.com/ops-skill/ops-skill/blob/main/docs/rules/";

export function docsUrlFor(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}

export interface RuleMeta {
  /** `<category>/<name>`; the rule's file is `src/rules/<category>/<name>.ts`. */
  id: string;
  /** The rule's category; `doctor` for the checks of `ops-skill doctor`, reported in the same formats. */
  category: RuleCategory | "doctor";
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
  /**
   * For rules whose findings are security problems (a secret that would leak, a flag that
   * turns approvals or the sandbox off, a mutation nobody approves, a guard hook that cannot
   * guard): a CVSS-like score from 0.1 to 10, SARIF's `security-severity` for code scanning
   * (9.0 and up critical, 7.0 high, 4.0 medium, below low). Its docs page says it too.
   */
  securitySeverity?: number;
  /**
   * The JSON Schema of the options object the rule takes (`["warning", {...}]` in the config),
   * checked when the config loads; a rule without one takes no options.
   */
  options?: RuleOptionsSchema;
}

/** A rule's options: an object of named properties, each described by a JSON Schema. */
export interface RuleOptionsSchema {
  type: "object";
  properties: Record<string, Record<string, unknown> & { description: string }>;
  additionalProperties: false;
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
  /**
   * A value kept for the rest of the run (of this thread): computed by `compute` the first
   * time `key` is asked for, then the same value for every rule and file. Keys start with the
   * rule's id or helper's name; the value must not be changed by those who read it.
   */
  cache<T>(key: string, compute: () => T): T;
}

/** A SKILL.md that was read, with where it was found. */
export interface LintedSkill {
  skill: SkillFile;
  candidate: SkillCandidate;
  /** The Codex config files of its project (see `SkillRuleContext.projectConfig`). */
  projectConfig?: readonly import("./hook-scripts/config-model.js").LintedConfigFile[];
}

/**
 * What a rule knows of every skill of the run Codex would load (rules that compare skills):
 * where it is and how Codex lists it. Plain data: skills may be read on other threads.
 */
export interface ProjectSkill {
  /** Absolute path of the SKILL.md. */
  path: string;
  /** The skills root it was found below, when discovery found it by a scan. */
  root: string | undefined;
  listing: CodexListing;
}

export interface SkillRuleContext extends BaseContext {
  skill: SkillFile;
  candidate: SkillCandidate;
  /** Every skill of this run that Codex would load, in discovery order. */
  project: readonly ProjectSkill[];
  /**
   * The Codex config files of the skill's project (`.codex/config.toml`, `.codex/hooks.json`
   * at the repository root), parsed; empty or absent when it has none. For rules that ask
   * what the project's hooks block.
   */
  projectConfig?: readonly import("./hook-scripts/config-model.js").LintedConfigFile[];
}

export interface CandidateRuleContext extends BaseContext {
  candidate: SkillCandidate;
}

export type { ConfigFile } from "@ops-skill/codex/config";

export interface ConfigRuleContext<T = unknown> extends BaseContext {
  file: ConfigFile;
  /** The parsed form the config rules share (see the rules' own parser module). */
  parsed: T;
}

/**
 * A file of a kind as the engine read it: its text, or (for a kind that `parsesUnreadable`)
 * `text` "" and why it could not be read.
 */
export interface KindFile {
  path: string;
  text: string;
  unread?: FileProblem;
}

/** A file of one of the engine's file kinds (a Codex config file, a JSON schema), parsed once. */
export interface FileRuleContext<T = unknown> extends BaseContext {
  file: KindFile;
  parsed: T;
}

/**
 * What a directive rule sees: the inline directives of a SKILL.md after the engine applied
 * them to the findings of the skill rules. Directive rules run last, so no directive can
 * silence what they report.
 */
export interface DirectiveRuleContext extends BaseContext {
  skill: SkillFile;
  directives: readonly AppliedDirective[];
  /** Every rule id of this run, on or off, built in or a plugin's. */
  knownRuleIds: ReadonlySet<string>;
  /** A rule's severity in this run after the user's config; `off` when it does not run. */
  severityOf(ruleId: string): Severity | "off";
  /** The rules about directives themselves (like this one): no directive silences them. */
  directiveRuleIds: ReadonlySet<string>;
  /** The rules that report on a SKILL.md's lines: the only ones a directive can silence. */
  skillRuleIds: ReadonlySet<string>;
  /**
   * The rules `--quiet` leaves out (set to warning or info): a directive naming one counts as
   * used, as in ESLint 9, since the rule did not run.
   */
  notRun?: ReadonlySet<string>;
}

export type Rule =
  | { meta: RuleMeta; target: "skill"; check(context: SkillRuleContext): void }
  | { meta: RuleMeta; target: "candidate"; check(context: CandidateRuleContext): void }
  | { meta: RuleMeta; target: "file"; fileKind: string; check(context: FileRuleContext): void }
  | { meta: RuleMeta; target: "directives"; check(context: DirectiveRuleContext): void }
  /** Reported by the engine itself (an internal error), never by a check of its own. */
  | { meta: RuleMeta; target: "engine" };

/** A file a kind finds for a run, with why (for `--debug`). */
export interface DiscoveredFile {
  path: string;
  why: string;
}

/**
 * A kind of file the engine lints: how to recognise it, which files of the kind belong to a
 * run, how to parse it once for all its rules (those defined with `defineFileRule` for its
 * `id`), and, when its rules carry fixes, `--fix` applies them, lints again and writes the
 * file. Built-in kinds are listed in `src/kinds/index.ts`; a plugin adds its own.
 */
export interface FileKind<T = unknown> {
  id: string;
  /** Whether a path given on the command line is of this kind, by its name. */
  matches(path: string): boolean;
  /**
   * Whether a `.json` file given on the command line, of no kind by its name, is of this kind
   * by its content: why it is, or undefined.
   */
  sniff?(file: { path: string; text: string }): string | undefined;
  /**
   * Files of this kind that belong to a run: `dirs` are the directories given (or the
   * project root when none was), `scans` what the plugin's `scan` kept of each skill linted.
   */
  discover?(input: {
    dirs: readonly string[];
    scans: readonly SkillScan[];
    cwd: string;
  }): (string | DiscoveredFile)[] | Promise<(string | DiscoveredFile)[]>;
  parse(file: KindFile): T | Promise<T>;
  /**
   * A file found that cannot be read (a FIFO, no permission, over the size cap) is parsed all
   * the same, with `text` "" and `unread`, so the kind's own rules say what Codex does with it.
   * Without this, `quality/file-not-read` reports it (and a file given is a usage error).
   */
  parsesUnreadable?: boolean;
  /** What a file of the kind is, for `--debug` (default: the kind's id). */
  label?(path: string): string;
  /**
   * For a kind that lints its files its own way instead of the engine's loop over files
   * (skills: found as Codex finds them, linted on worker threads, with inline directives).
   */
  lintAll?(run: import("./engine/run.js").KindRun): Promise<void>;
}

/** What a plugin's `scan` kept of one skill: plain data, since skills may be read on other threads. */
export interface SkillScan<T = unknown> {
  /** The SKILL.md. */
  path: string;
  data: T;
}

/** Rules and file kinds from another package (`@ops-skill/schema` adds `schema/` rules). */
export interface LintPlugin {
  rules: readonly Rule[];
  fileKinds: readonly FileKind[];
  /** Like `DeferredLintPlugin.scan`: what the plugin's kinds need of each skill. */
  scan?(skill: SkillFile): unknown;
}

/**
 * A plugin loaded only when a run needs it, so a lint of skills alone never pays for
 * importing it. The cheap tests below run first; `load` only when one says yes.
 */
export interface DeferredLintPlugin {
  /** Every rule id of the plugin starts with this, so config may name them before loading. */
  rulePrefix: string;
  /** Whether a path given on the command line is one of the plugin's files, by its name. */
  claims(path: string): boolean;
  /** Like `FileKind.sniff`, before loading: the kind a given `.json` file is of, and why. */
  sniff?(file: { path: string; text: string }): { kind: string; why: string } | undefined;
  /**
   * Called once per skill while its files are in memory (after its rules ran): what it returns
   * (plain data, structured-clonable) reaches `needed` and the plugin's kinds as `scans`, so
   * they need not read the skill's files again.
   */
  scan?(skill: SkillFile): unknown;
  /** Whether the plugin's files may be among this run's directories or skills. */
  needed(input: {
    dirs: readonly string[];
    scans: readonly SkillScan[];
  }): boolean | Promise<boolean>;
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

/** For the inline directives of a SKILL.md, once the engine has applied them. */
export function defineDirectiveRule(
  meta: RuleInput,
  check: (context: DirectiveRuleContext) => void,
): Rule {
  return { meta: metaOf(meta), target: "directives", check };
}

/**
 * A rule the engine reports itself, about the run rather than the file's content
 * (`internal/crash`). It has no check, and config cannot turn it off.
 */
export function defineEngineRule(meta: RuleInput): Rule {
  return { meta: metaOf(meta), target: "engine" };
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

/** The file kind of Codex config and hooks files (`src/kinds/codex-config/`). */
export const CODEX_CONFIG_KIND = "codex-config";

/** A rule of the Codex config kind: a file rule that also sees which of the two files it is. */
export function defineConfigRule<T>(
  meta: RuleInput,
  check: (context: ConfigRuleContext<T>) => void,
): Rule {
  return defineFileRule<T>(meta, CODEX_CONFIG_KIND, (context) =>
    check({ ...context, file: configFileOf(context.file) }),
  );
}

/** A file of the Codex config kind as its rules see it: a `config.toml` or a `hooks.json`. */
export function configFileOf(file: KindFile): ConfigFile {
  return { ...file, kind: file.path.endsWith(".json") ? "hooks-json" : "config-toml" };
}

export type { Diagnostic };
