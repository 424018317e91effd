/**
 * The skills of a run, a shard at a time: all the work that depends on one skill (its
 * discovery rules, reading it as Codex does, its rules, inline directives, fixes, what plugins
 * scan), in two steps so that rules comparing skills see every skill of the run. A shard runs
 * on the main thread or on a worker thread (`parallel.ts`); what goes in and out is plain data.
 */
import { stat } from "node:fs/promises";
import {
  type Diagnostic,
  type DirectoryListings,
  parseSkill,
  type RealDirectories,
  readSkill,
  type Severity,
  type SkillCandidate,
  type SkillFile,
  type SkillReadOptions,
  type WriteFailure,
} from "@ops-skill/core";
import type { LoadedConfig } from "../config.js";
import type { DeferredLintPlugin, LintedSkill, LintPlugin, ProjectSkill, Rule } from "../rule.js";
import { allRules } from "../rules/index.js";
import { createRunCache, type RunCache } from "./cache.js";
import { type Crash, crashOf } from "./crash.js";
import {
  applyDirectives,
  knownRuleIds,
  parseDirectives,
  type SuppressedDiagnostic,
} from "./directives.js";
import { fixText, writeFixed } from "./fix.js";
import { type ProjectConfigLookup, projectConfigLookup } from "./project-config.js";
import { collector, type EnabledRule, enabledRules, notRunByQuiet } from "./rules.js";

/** What one skill candidate of the run came to. */
export interface SkillOutcome {
  /** The SKILL.md (or the entry discovery found in its place). */
  path: string;
  /** Findings of the candidate and its skill; some may be in other files of the skill. */
  diagnostics: Diagnostic[];
  /** Secret findings a directive silenced: not shown, but their ranges are masked all the same. */
  hidden: Diagnostic[];
  /** Every finding a directive silenced, with the directives' reasons (`suppressedMessages`). */
  suppressed: SuppressedDiagnostic[];
  /** The text as linted (after fixes), kept only when there is something to show in it. */
  source: string | undefined;
  /** Whether `--fix` rewrote the file. */
  fixed: boolean;
  /** Why `--fix` could not write its fixes (the file is as it was, its findings unfixed). */
  notWritten?: WriteFailure;
  /** How many fixes `--fix` applied to it. */
  fixes: number;
  /** What each scanning plugin's `scan` returned, in the order of `ShardContext.scanners`. */
  scans: unknown[];
  /** The stacks of its `internal/crash` findings, for `--debug`. */
  crashStacks: string[];
}

/** A skill candidate's outcome before it is linted. */
function emptyOutcome(path: string): SkillOutcome {
  return {
    path,
    diagnostics: [],
    hidden: [],
    suppressed: [],
    source: undefined,
    fixed: false,
    fixes: 0,
    scans: [],
    crashStacks: [],
  };
}

/** A skill candidate that came to nothing but an internal error (a lint worker that died). */
export function crashedOutcome(path: string, error: unknown, where: string): SkillOutcome {
  const { diagnostic, stack } = crashOf(path, error, where);
  return { ...emptyOutcome(path), diagnostics: [diagnostic], crashStacks: [stack] };
}

/** Runs one rule's check; an exception becomes an `internal/crash` finding in `crashes`. */
function guarded(rule: Rule, file: string, crashes: Crash[], check: () => void): void {
  try {
    check();
  } catch (error) {
    crashes.push(crashOf(file, error, `rule ${rule.meta.id}`));
  }
}

function addCrashes(outcome: SkillOutcome, crashes: readonly Crash[]): void {
  for (const { diagnostic, stack } of crashes) {
    outcome.diagnostics.push(diagnostic);
    outcome.crashStacks.push(stack);
  }
}

export interface ShardContext {
  rules: readonly EnabledRule[];
  /** Every rule a directive may name, on or off (deferred plugins' are added when needed). */
  nameableRules: readonly Rule[];
  /** The rules `--quiet` leaves out: a directive naming one is never unused. */
  notRun: ReadonlySet<string>;
  deferred: readonly DeferredLintPlugin[];
  /** Plugins whose `scan` sees each skill once its rules ran. */
  scanners: readonly (LintPlugin | DeferredLintPlugin)[];
  fix: boolean;
  /** The trees being linted: `--fix` writes no file whose real path is outside its tree. */
  fixRoots: readonly string[];
  projectConfigOf: ProjectConfigLookup;
  /** Folders discovery listed already (on this thread), so a skill's walk lists none twice. */
  listings?: DirectoryListings;
  /** Real paths of the folders discovery walked (on this thread). */
  realDirectories?: RealDirectories;
  /** The run-level cache of the rule context (one per thread). */
  cache: RunCache;
}

/** What a shard needs that can cross to a worker thread: plain data. */
export interface ShardSetup {
  cwd: string;
  config: LoadedConfig;
  fix: boolean;
  /** The folders given (the project root when none): `--fix` writes inside them only. */
  fixRoots?: readonly string[];
  /** Where the run's projects are (skill rules ask what their Codex config's hooks block). */
  projectStarts: readonly string[];
}

export function isLoadedPlugin(plugin: LintPlugin | DeferredLintPlugin): plugin is LintPlugin {
  return "rules" in plugin;
}

/**
 * The enabled rules of a run with their config (`testRules` replace the built-in ones), and
 * every rule a config or directive may name; a deferred plugin's are added when it loads.
 */
export function runRules(
  config: LoadedConfig,
  plugins: readonly (LintPlugin | DeferredLintPlugin)[],
  testRules: readonly Rule[] | undefined,
): { rules: EnabledRule[]; nameableRules: readonly Rule[]; notRun: Set<string> } {
  const pluginRules = plugins.filter(isLoadedPlugin).flatMap((p) => p.rules);
  const nameableRules = [...allRules, ...(testRules ?? []), ...pluginRules];
  const prefixes = plugins.flatMap((p) => (isLoadedPlugin(p) ? [] : [p.rulePrefix]));
  const rules = enabledRules(
    [...(testRules ?? allRules), ...pluginRules],
    config,
    prefixes,
    undefined,
    nameableRules,
  );
  return { rules, nameableRules, notRun: notRunByQuiet(nameableRules, config) };
}

/**
 * The rules, plugins and project config a shard works with, built the same way on the main
 * thread and on a worker. `rules` (tests) replaces the built-in rules.
 */
export async function createShardContext(
  setup: ShardSetup,
  plugins: readonly (LintPlugin | DeferredLintPlugin)[],
  options: {
    rules?: readonly Rule[];
    listings?: DirectoryListings;
    realDirectories?: RealDirectories;
    cache?: RunCache;
  } = {},
): Promise<ShardContext> {
  const deferred = plugins.filter((p): p is DeferredLintPlugin => !isLoadedPlugin(p));
  const { rules, nameableRules, notRun } = runRules(setup.config, plugins, options.rules);
  return {
    rules,
    nameableRules,
    notRun,
    deferred,
    scanners: plugins.filter((p) => p.scan !== undefined),
    fix: setup.fix,
    fixRoots: setup.fixRoots ?? [],
    projectConfigOf: await projectConfigLookup(setup.projectStarts, setup.cwd),
    ...(options.listings ? { listings: options.listings } : {}),
    ...(options.realDirectories ? { realDirectories: options.realDirectories } : {}),
    cache: options.cache ?? createRunCache(),
  };
}

/** What the skill and directive rules need to know of the run. */
interface DirectiveRun {
  cache: RunCache;
  knownRuleIds: ReadonlySet<string>;
  severityOf(ruleId: string): Severity | "off";
  directiveRuleIds: ReadonlySet<string>;
  skillRuleIds: ReadonlySet<string>;
  notRun: ReadonlySet<string>;
}

export class SkillShard {
  readonly #context: ShardContext;
  readonly #candidates: readonly SkillCandidate[];
  /** The skills read, by candidate; each is let go once linted. */
  #entries: (LintedSkill | undefined)[] = [];
  #outcomes: SkillOutcome[] = [];

  constructor(context: ShardContext, candidates: readonly SkillCandidate[]) {
    this.#context = context;
    this.#candidates = candidates;
  }

  /**
   * Runs the discovery rules and reads every SKILL.md; returns, by candidate, how Codex would
   * list the skill, or undefined when Codex would not list it.
   */
  async read(): Promise<(ProjectSkill | undefined)[]> {
    const { listings, realDirectories } = this.#context;
    const readOptions: SkillReadOptions = {
      pluginNamespaces: new Map(),
      ...(listings ? { listings } : {}),
      ...(realDirectories ? { realDirectories } : {}),
    };
    const listed: (ProjectSkill | undefined)[] = [];
    for (const candidate of this.#candidates) {
      const outcome = emptyOutcome(candidate.path);
      this.#outcomes.push(outcome);
      // Each candidate in its own guard: an internal error is a finding on it, and the run
      // goes on with the next one.
      const crashes: Crash[] = [];
      let read: { entry?: LintedSkill; listing?: ProjectSkill } = {};
      try {
        this.#checkCandidate(candidate, outcome, crashes);
        read = await this.#readSkill(candidate, readOptions);
      } catch (error) {
        crashes.push(crashOf(candidate.path, error, "the skill reader"));
      }
      addCrashes(outcome, crashes);
      this.#entries.push(read.entry);
      listed.push(read.listing);
    }
    return listed;
  }

  /** The discovery rules on one candidate, read or not. */
  #checkCandidate(candidate: SkillCandidate, outcome: SkillOutcome, crashes: Crash[]): void {
    const { rules, cache } = this.#context;
    for (const { rule, severity, options } of rules) {
      if (rule.target !== "candidate") continue;
      const sink = collector(rule.meta, severity, candidate.path, undefined, outcome.diagnostics);
      guarded(rule, candidate.path, crashes, () =>
        rule.check({ candidate, options, report: sink, cache }),
      );
    }
  }

  /** The candidate's SKILL.md read as Codex reads it, and how Codex lists it (if it does). */
  async #readSkill(
    candidate: SkillCandidate,
    readOptions: SkillReadOptions,
  ): Promise<{ entry?: LintedSkill; listing?: ProjectSkill }> {
    if (!(await isFileOrLinkToFile(candidate))) return {};
    const skill = await readSkill(candidate.path, readOptions);
    const entry = {
      skill,
      candidate,
      projectConfig: this.#context.projectConfigOf(candidate.path),
    };
    if (skill.codex.status !== "loaded" || candidate.miss !== undefined) return { entry };
    const listing = { path: skill.path, root: candidate.root?.path, listing: skill.codex.listing };
    return { entry, listing };
  }

  /** Lints every skill read, `project` being every skill of the run Codex would list. */
  async lint(project: readonly ProjectSkill[]): Promise<SkillOutcome[]> {
    const { rules, scanners, fix, fixRoots, cache } = this.#context;
    const run = { ...(await this.#directiveRun()), cache };
    for (let i = 0; i < this.#entries.length; i++) {
      const entry = this.#entries[i];
      const outcome = this.#outcomes[i] as SkillOutcome;
      if (!entry) continue;
      let { text } = entry.skill;
      // The skill in its own guard, each rule in its own inside it (`lintSkill`): an internal
      // error is a finding on this file, and the other rules' findings stay.
      try {
        let hidden: Diagnostic[] = [];
        let suppressed: SuppressedDiagnostic[] = [];
        let crashes: Crash[] = [];
        let found = lintSkill(entry, project, rules, run, { hidden, suppressed }, crashes);
        if (fix) {
          const fixed = await fixSkill(entry, project, rules, run, found, fixRoots);
          if (fixed && "notWritten" in fixed) outcome.notWritten = fixed.notWritten;
          else if (fixed) {
            ({ text, diagnostics: found, hidden, suppressed, crashes } = fixed);
            outcome.fixed = true;
            outcome.fixes = fixed.fixes;
          }
        }
        outcome.hidden = hidden;
        outcome.suppressed = suppressed;
        // The discovery rules' findings stay: a fix changes the text, not where the file is.
        // (One push at a time: a spread of a long list overflows the call stack.)
        for (const d of found) outcome.diagnostics.push(d);
        addCrashes(outcome, crashes);
        outcome.scans = scanners.map((plugin) => plugin.scan?.(entry.skill));
      } catch (error) {
        addCrashes(outcome, [crashOf(entry.skill.path, error, fix ? "--fix" : undefined)]);
        outcome.scans = [];
      } finally {
        entry.skill.releaseDerived();
        this.#entries[i] = undefined;
      }
      if (outcome.diagnostics.length > 0 || outcome.fixed) outcome.source = text;
    }
    return this.#outcomes;
  }

  /**
   * Directives may name any rule of the run, on or off, built in or a plugin's; a deferred
   * plugin is loaded for its ids only when a skill holds a directive and the plugin's prefix.
   */
  async #directiveRun(): Promise<Omit<DirectiveRun, "cache">> {
    const { nameableRules, deferred, rules, notRun } = this.#context;
    const texts = this.#entries.flatMap((entry) => (entry ? [entry.skill.text] : []));
    const severities = new Map(rules.map((r) => [r.rule.meta.id, r.severity]));
    return {
      knownRuleIds: await knownRuleIds(nameableRules, deferred, texts),
      severityOf: (ruleId) => severities.get(ruleId) ?? "off",
      directiveRuleIds: new Set(
        nameableRules.filter((r) => r.target === "directives").map((r) => r.meta.id),
      ),
      skillRuleIds: new Set(
        nameableRules.filter((r) => r.target === "skill").map((r) => r.meta.id),
      ),
      notRun,
    };
  }
}

function lintSkill(
  entry: LintedSkill,
  project: readonly ProjectSkill[],
  rules: readonly EnabledRule[],
  run: DirectiveRun,
  silenced: Silenced,
  crashes: Crash[],
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const { skill, candidate, projectConfig } = entry;
  const { cache } = run;
  for (const { rule, severity, options } of rules) {
    if (rule.target !== "skill") continue;
    const report = collector(rule.meta, severity, skill.path, skill.lines, diagnostics);
    guarded(rule, skill.path, crashes, () =>
      rule.check({ skill, candidate, project, projectConfig, options, report, cache }),
    );
  }
  return applyInlineDirectives(skill, diagnostics, rules, run, silenced, crashes);
}

/** Where the findings a directive silenced go: all of them, and the secrets among them. */
interface Silenced {
  hidden: Diagnostic[];
  suppressed: SuppressedDiagnostic[];
}

/**
 * The skill's findings its inline directives leave, then the directive rules' own. Comments in
 * SKILL.md speak for SKILL.md's lines only (findings in other files of the skill are silenced
 * with `ignores` or the rule's severity), and never for a `codex/` error. The directive rules
 * run after, so nothing silences what they report. An internal error here keeps the rules'
 * findings, unsilenced.
 */
function applyInlineDirectives(
  skill: SkillFile,
  diagnostics: Diagnostic[],
  rules: readonly EnabledRule[],
  run: DirectiveRun,
  { hidden, suppressed }: Silenced,
  crashes: Crash[],
): Diagnostic[] {
  let applyResult: ReturnType<typeof applyDirectives>;
  try {
    const directives = parseDirectives(skill);
    if (directives.length === 0) return diagnostics;
    applyResult = applyDirectives(directives, diagnostics, skill.path);
  } catch (error) {
    crashes.push(crashOf(skill.path, error, "the inline directives"));
    return diagnostics;
  }
  const { kept, applied } = applyResult;
  for (const d of applyResult.suppressed) suppressed.push(d);
  // A silenced secret is still a secret: it is masked wherever another finding shows its line.
  if (kept.length < diagnostics.length) {
    const shown = new Set(kept);
    for (const d of diagnostics)
      if (
        !shown.has(d) &&
        rules.some((r) => r.rule.meta.id === d.ruleId && r.rule.meta.redactsRange)
      )
        hidden.push(d);
  }
  for (const { rule, severity, options } of rules) {
    if (rule.target !== "directives") continue;
    const sink = collector(rule.meta, severity, skill.path, skill.lines, kept);
    guarded(rule, skill.path, crashes, () =>
      rule.check({ skill, directives: applied, ...run, options, report: sink }),
    );
  }
  return kept;
}

/**
 * `--fix` on a skill (`fix.ts`): the final text, its findings and how many fixes were applied,
 * undefined when nothing changed, or why the file could not be written (it is then as it was,
 * and so are its findings).
 */
async function fixSkill(
  entry: LintedSkill,
  project: readonly ProjectSkill[],
  rules: readonly EnabledRule[],
  run: DirectiveRun,
  found: Diagnostic[],
  fixRoots: readonly string[],
): Promise<
  | {
      text: string;
      diagnostics: Diagnostic[];
      hidden: Diagnostic[];
      suppressed: SuppressedDiagnostic[];
      crashes: Crash[];
      fixes: number;
    }
  | { notWritten: WriteFailure }
  | undefined
> {
  const relint = (text: string) => {
    const current: LintedSkill = {
      ...entry,
      skill: parseSkill(entry.skill.path, Buffer.from(text, "utf8")),
    };
    const silenced: Silenced = { hidden: [], suppressed: [] };
    const crashes: Crash[] = [];
    const diagnostics = lintSkill(current, project, rules, run, silenced, crashes);
    return { diagnostics, ...silenced, crashes };
  };
  const fixed = await fixText(
    entry.skill.text,
    { diagnostics: found, hidden: [], suppressed: [], crashes: [] },
    relint,
  );
  if (fixed === undefined) return undefined;
  const written = await writeFixed(entry.skill.path, fixed.text, fixRoots);
  if (!written.ok) return { notWritten: written };
  return { text: fixed.text, ...fixed.linted, fixes: fixed.fixes };
}

async function isFileOrLinkToFile(candidate: SkillCandidate): Promise<boolean> {
  if (candidate.entryKind === "file") return true;
  if (candidate.entryKind !== "symlink") return false;
  return stat(candidate.path).then(
    (info) => info.isFile(),
    () => false,
  );
}
