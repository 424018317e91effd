/**
 * One `lint()` run as the file kinds see it: what was given and where to look, the rules and
 * their config, the run-level cache, and where each kind files its results, crashes and the
 * files `--fix` could not write.
 */
import { relative, resolve } from "node:path";
import { type Diagnostic, findProjectRoot, type WriteFailure } from "@ops-skill/core";
import { ConfigError, type LoadedConfig, loadConfig } from "../config.js";
import type { DeferredLintPlugin, FileKind, LintPlugin, SkillScan } from "../rule.js";
import { createRunCache, type RunCache } from "./cache.js";
import { type Crash, crashOf } from "./crash.js";
import type { FileResult, LintOptions } from "./lint.js";
import { type GivenFile, shownPath, sortGivenPaths } from "./paths.js";
import { type EnabledRule, enabledRules } from "./rules.js";
import { isLoadedPlugin, runRules } from "./skill-shard.js";

/** A plugin as the run holds it: loaded, or loaded when a run needs it. */
export type AnyPlugin = LintPlugin | DeferredLintPlugin;

/** What each file kind of a run works with, and where it puts what it found. */
export interface KindRun {
  readonly cwd: string;
  readonly options: LintOptions;
  readonly config: LoadedConfig;
  /** The paths given that no kind took by its name (folders, skills), as given. */
  readonly paths: readonly string[];
  /** Those paths resolved, or the project root when none was given: where kinds look. */
  readonly dirs: readonly string[];
  /** The files given that a kind took by its name or content. */
  readonly given: readonly GivenFile[];
  /** The enabled rules of the run (a deferred plugin's join when it loads). */
  readonly rules: readonly EnabledRule[];
  readonly plugins: readonly AnyPlugin[];
  readonly cache: RunCache;
  /** Whether `ignores` drops the file (the run remembers it saw it either way). */
  skips(path: string): boolean;
  /** What a file was taken for, for `--debug`. */
  note(path: string, what: string): void;
  resultFor(path: string, source?: string): FileResult;
  addCrash(path: string, crash: Crash): void;
  /** The stack of an internal error already among a file's findings, for `--debug`. */
  crashStack(path: string, stack: string): void;
  /** What a skill kind's plugins `scan`ned of each skill: what their kinds discover from. */
  setScans(plugin: AnyPlugin, scans: SkillScan[]): void;
  notWritten(failure: WriteFailure): void;
  /** Secret findings a directive silenced: not shown, but masked all the same. */
  hide(diagnostics: readonly Diagnostic[]): void;
}

/** What a run is made of, found before it starts. */
interface RunParts {
  cwd: string;
  options: LintOptions;
  config: LoadedConfig;
  isIgnored: (path: string) => boolean;
  paths: readonly string[];
  dirs: readonly string[];
  given: readonly GivenFile[];
  rules: EnabledRule[];
  kinds: FileKind[];
}

export class LintRun implements KindRun {
  readonly results = new Map<string, FileResult>();
  /** Every file the run came across, and whether `ignores` dropped it (`pathsWithNothing`). */
  readonly seen = new Map<string, boolean>();
  readonly notes = new Map<string, string[]>();
  readonly crashStacks: [string, string][] = [];
  readonly unwritten: WriteFailure[] = [];
  readonly hidden: Diagnostic[] = [];
  readonly scans = new Map<AnyPlugin, SkillScan[]>();
  /** The plugin a deferred kind came from (its scans are what it discovers from). */
  readonly kindPlugins = new Map<FileKind, AnyPlugin>();
  readonly cache = createRunCache();
  readonly cwd: string;
  readonly options: LintOptions;
  readonly config: LoadedConfig;
  readonly plugins: readonly AnyPlugin[];
  readonly paths: readonly string[];
  readonly dirs: readonly string[];
  readonly given: readonly GivenFile[];
  /** The run's rules and kinds: a deferred plugin's join them when the run loads it. */
  readonly rules: EnabledRule[];
  readonly kinds: FileKind[];
  readonly isIgnored: (path: string) => boolean;

  private constructor(parts: RunParts) {
    ({ cwd: this.cwd, options: this.options, config: this.config } = parts);
    ({ paths: this.paths, dirs: this.dirs, given: this.given } = parts);
    ({ rules: this.rules, kinds: this.kinds, isIgnored: this.isIgnored } = parts);
    this.plugins = parts.options.plugins ?? [];
  }

  /** A run: its config and ignores, the paths given sorted by kind, and where to look. */
  static async start(options: LintOptions, builtinKinds: readonly FileKind[]): Promise<LintRun> {
    const cwd = resolve(options.cwd ?? process.cwd());
    const config = options.config ?? (await loadConfig(cwd));
    const isIgnored = await ignoreMatcher(config);
    const plugins = options.plugins ?? [];
    const loaded = plugins.filter(isLoadedPlugin);
    const kinds = [...builtinKinds, ...loaded.flatMap((p) => p.fileKinds)];
    const told: string[] = [];
    const notes: [string, string][] = [];
    const sorted = sortGivenPaths(options.paths ?? [], {
      cwd,
      fileKinds: kinds,
      deferred: plugins.filter((p): p is DeferredLintPlugin => !isLoadedPlugin(p)),
      explicitFileKind: options.explicitFileKind,
      notice: (path, message) => {
        told.push(path);
        options.notice?.(`${shownPath(cwd, path)}: ${message}`, { path, why: message });
      },
      note: (path, what) => notes.push([path, what]),
    });
    const dirs =
      (options.paths ?? []).length === 0
        ? [await findProjectRoot(cwd)]
        : sorted.paths.map((p) => resolve(cwd, p));
    const rules = runRules(config, plugins, options.rules).rules;
    const run = new LintRun({ cwd, options, config, isIgnored, dirs, rules, kinds, ...sorted });
    for (const path of told) run.seen.set(path, false);
    for (const [path, what] of notes) run.note(path, what);
    return run;
  }

  skips(path: string): boolean {
    const ignored = this.isIgnored(path);
    if (!ignored) this.seen.set(path, false);
    else if (!this.seen.has(path)) this.seen.set(path, true);
    return ignored;
  }

  note(path: string, what: string): void {
    if (!this.options.debug) return;
    const list = this.notes.get(path);
    if (list) list.push(what);
    else this.notes.set(path, [what]);
  }

  resultFor(filePath: string, source?: string): FileResult {
    let result = this.results.get(filePath);
    if (!result) {
      result = { filePath, diagnostics: [], source, fixed: false };
      this.results.set(filePath, result);
    }
    if (source !== undefined) result.source = source;
    return result;
  }

  addCrash(path: string, { diagnostic, stack }: Crash): void {
    this.resultFor(path).diagnostics.push(diagnostic);
    this.crashStacks.push([path, stack]);
  }

  crashStack(path: string, stack: string): void {
    this.crashStacks.push([path, stack]);
  }

  setScans(plugin: AnyPlugin, scans: SkillScan[]): void {
    this.scans.set(plugin, scans);
  }

  notWritten(failure: WriteFailure): void {
    this.unwritten.push(failure);
  }

  hide(diagnostics: readonly Diagnostic[]): void {
    for (const d of diagnostics) this.hidden.push(d);
  }

  /** The run's plugin kinds loaded on demand: each deferred plugin the run needs, loaded. */
  async loadNeededPlugins(): Promise<void> {
    for (const plugin of this.plugins) {
      if (isLoadedPlugin(plugin)) continue;
      const scans = this.scans.get(plugin) ?? [];
      // A file given as the plugin's, or of a kind no loaded plugin has (`schema check`).
      const given = this.given.some(
        (f) =>
          f.plugin === plugin ||
          (f.plugin === undefined && !this.kinds.some((k) => k.id === f.kind)),
      );
      if (!given && !(await plugin.needed({ dirs: this.dirs, scans }))) continue;
      const loaded = await plugin.load();
      this.rules.push(...enabledRules(loaded.rules, this.config, [], plugin.rulePrefix));
      for (const kind of loaded.fileKinds) this.kindPlugins.set(kind, plugin);
      this.kinds.push(...loaded.fileKinds);
    }
  }

  /** What the plugin of `kind` scanned of every skill. */
  scansFor(kind: FileKind): readonly SkillScan[] {
    const plugin =
      this.kindPlugins.get(kind) ??
      this.plugins.find((p) => isLoadedPlugin(p) && p.fileKinds.includes(kind));
    return (plugin && this.scans.get(plugin)) ?? [];
  }

  /** The stacks of internal errors and what each file was taken for, for `--debug`. */
  printDebug(): void {
    const debug = this.options.debug;
    if (!debug) return;
    for (const [path, what] of [...this.notes].sort(([a], [b]) => a.localeCompare(b)))
      debug(`${shownPath(this.cwd, path)}: ${what.join("; ")}`);
    for (const [path, stack] of this.crashStacks)
      debug(`${shownPath(this.cwd, path)}: internal/crash: ${stack}`);
  }

  /** The guard around one step on one file: an internal error becomes a finding there. */
  guard(path: string, where: string, step: () => void): boolean {
    try {
      step();
      return true;
    } catch (error) {
      this.addCrash(path, crashOf(path, error, where));
      return false;
    }
  }
}

/** picomatch loads only when the config has ignores. */
export async function ignoreMatcher(loaded: LoadedConfig): Promise<(path: string) => boolean> {
  if (loaded.config.ignores.length === 0) return () => false;
  const { default: picomatch } = await import("picomatch");
  let match: (path: string) => boolean;
  try {
    match = picomatch(loaded.config.ignores, { dot: true });
  } catch (error) {
    // A glob picomatch refuses (one over its length limit) is a problem of the config.
    throw new ConfigError(
      loaded.filepath ?? "config",
      `"ignores": ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (path) => match(relative(loaded.baseDir, path).split("\\").join("/"));
}
