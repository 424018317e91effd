/**
 * The lint engine: paths → discovery → the skill model → rules → diagnostics, with config,
 * inline directives and fixes. Formatters and exit codes live with the CLI.
 */
import { readdir } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import {
  type Diagnostic,
  type DirectoryListings,
  discoverSkills,
  findProjectRoot,
  LineIndex,
  problemClause,
  type RealDirectories,
  readRegularText,
  type Severity,
  type SkillCandidate,
  type WriteFailure,
} from "@ops-skill/core";
import { ConfigError, type LoadedConfig, loadConfig } from "../config.js";
import type {
  ConfigFile,
  DeferredLintPlugin,
  FileKind,
  LintPlugin,
  ProjectSkill,
  Rule,
  RuleMeta,
  SkillScan,
} from "../rule.js";
import fileNotRead from "../rules/quality/file-not-read.js";
import { type Crash, crashOf, crashRuleMeta, hasCrash } from "./crash.js";
import { maskSecrets } from "./mask.js";
import {
  type Concurrency,
  dealShards,
  gatherShards,
  threadsFor,
  WorkerShard,
  workerScript,
} from "./parallel.js";
import { shownPath, sortGivenPaths } from "./paths.js";
import { collector, enabledRules, UsageError } from "./rules.js";
import {
  crashedOutcome,
  createShardContext,
  isLoadedPlugin,
  type ShardContext,
  type ShardSetup,
  type SkillOutcome,
  SkillShard,
} from "./skill-shard.js";

export { UsageError };

export interface LintOptions {
  /** Files or directories; none means the Codex roots and `.codex/` config of the current repository. */
  paths?: readonly string[];
  cwd?: string;
  fix?: boolean;
  /** A loaded config; by default it is searched from `cwd`. */
  config?: LoadedConfig;
  /** Rules to run instead of the built-in set (tests). */
  rules?: readonly Rule[];
  /** Other packages' rules and file kinds, added to the built-in set. */
  plugins?: readonly (LintPlugin | DeferredLintPlugin)[];
  /** Every file given (not a folder) is of this plugin kind, whatever its name (`schema check`). */
  explicitFileKind?: { kind: string; why: string };
  /** Told about a file given that is not linted (JSON of no kind we know), with why. */
  notice?: (message: string) => void;
  /** Told, once per file, which kind each file was taken for and why (`--debug`). */
  debug?: (line: string) => void;
  /** Threads that lint skills: a number, `auto` (the default: by the run's size) or `off`. */
  concurrency?: Concurrency;
  /**
   * The worker script for `concurrency` (one that calls `serveLintWorker` with the run's
   * deferred plugins); without it, runs with plugins lint on the main thread only.
   */
  workerScript?: URL;
}

export interface FileResult {
  filePath: string;
  diagnostics: Diagnostic[];
  /** The file's text as linted (after fixes), for code frames; kept for files with findings. */
  source: string | undefined;
  /** Whether `--fix` changed the file. */
  fixed: boolean;
  /** How many fixes `--fix` applied to the file. */
  fixes?: number;
}

export interface LintResult {
  results: FileResult[];
  errorCount: number;
  warningCount: number;
  infoCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** Metadata of every rule that was enabled, for SARIF and docs links. */
  rules: RuleMeta[];
  /** Files `--fix` could not write (each as it was, its findings unfixed): the run exits 2. */
  notWritten?: WriteFailure[];
  /**
   * Paths given (as given) under which the run found nothing to lint (`ignored`: only files
   * the config's `ignores` drop). A run given such a path exits 2.
   */
  nothingToLint?: { path: string; ignored: boolean }[];
}

export async function lint(options: LintOptions = {}): Promise<LintResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const paths = options.paths ?? [];
  const loaded = options.config ?? (await loadConfig(cwd));
  const allPlugins = options.plugins ?? [];
  const plugins = allPlugins.filter(isLoadedPlugin);
  const deferred = allPlugins.filter((p): p is DeferredLintPlugin => !isLoadedPlugin(p));
  const isIgnored = await ignoreMatcher(loaded);
  // Every file the run came across, and whether `ignores` dropped it: a path given with none
  // under it is reported (a mistyped or emptied folder must not pass CI as "no problems").
  const seen = new Map<string, boolean>();
  const see = (path: string, ignored: boolean): boolean => {
    if (!ignored) seen.set(path, false);
    else if (!seen.has(path)) seen.set(path, true);
    return ignored;
  };

  const notes = new Map<string, string[]>();
  const note = (path: string, what: string) => {
    if (!options.debug) return;
    const list = notes.get(path);
    if (list) list.push(what);
    else notes.set(path, [what]);
  };
  const fileKinds = plugins.flatMap((p) => p.fileKinds);
  const { skillPaths, configPaths, pluginFiles } = sortGivenPaths(paths, {
    cwd,
    fileKinds,
    deferred,
    explicitFileKind: options.explicitFileKind,
    notice: (path, message) => {
      see(path, false);
      options.notice?.(`${shownPath(cwd, path)}: ${message}`);
    },
    note,
  });
  // Folders discovery lists (and resolves) are not listed (resolved) again for each skill.
  const listings: DirectoryListings = new Map();
  const realDirectories: RealDirectories = new Map();
  const setup: ShardSetup = {
    cwd,
    config: loaded,
    fix: options.fix ?? false,
    ...(options.fix
      ? {
          fixRoots:
            paths.length === 0
              ? [await findProjectRoot(cwd)]
              : skillPaths.map((p) => resolve(cwd, p)),
        }
      : {}),
    projectStarts: paths.length === 0 ? [cwd] : skillPaths,
  };
  const local = await createShardContext(setup, allPlugins, {
    ...(options.rules ? { rules: options.rules } : {}),
    listings,
    realDirectories,
  });
  const rules = [...local.rules];
  const discovery =
    paths.length === 0 || skillPaths.length > 0
      ? await discoverSkills(skillPaths, { cwd, listings, realDirectories })
      : undefined;
  const missing = discovery?.problems.find((p) => p.given);
  if (missing) throw new UsageError(missing.message);

  const configFiles = [...configPaths];
  const configDirs =
    paths.length === 0 ? [await findProjectRoot(cwd)] : skillPaths.map((p) => resolve(cwd, p));
  for (const dir of configDirs) configFiles.push(...(await codexConfigFilesIn(dir)));

  const results = new Map<string, FileResult>();
  const resultFor = (filePath: string, source?: string): FileResult => {
    let result = results.get(filePath);
    if (!result) {
      result = { filePath, diagnostics: [], source, fixed: false };
      results.set(filePath, result);
    }
    if (source !== undefined) result.source = source;
    return result;
  };

  const candidates = (discovery?.candidates ?? []).filter((c) => !see(c.path, isIgnored(c.path)));
  for (const candidate of candidates) note(candidate.path, skillNote(candidate, cwd));
  const outcomes = await lintSkills(candidates, setup, local, options);
  const notWritten: WriteFailure[] = [];
  // Stacks of internal errors, printed with `--debug`.
  const crashStacks: [string, string][] = [];
  const addCrash = (path: string, { diagnostic, stack }: Crash) => {
    resultFor(path).diagnostics.push(diagnostic);
    crashStacks.push([path, stack]);
  };
  for (const outcome of outcomes) {
    const result = resultFor(outcome.path, outcome.source);
    // One push at a time: spreading a long list into push overflows the call stack.
    for (const d of outcome.diagnostics) result.diagnostics.push(d);
    result.fixed = outcome.fixed;
    if (outcome.notWritten) notWritten.push(outcome.notWritten);
    if (outcome.fixes > 0) result.fixes = outcome.fixes;
    for (const stack of outcome.crashStacks) crashStacks.push([outcome.path, stack]);
  }
  // What each scanning plugin kept of every skill, for its `needed` and its kinds.
  const scansOf = new Map<LintPlugin | DeferredLintPlugin, SkillScan[]>(
    local.scanners.map((plugin, i) => [
      plugin,
      outcomes.flatMap((o) => (o.scans.length > 0 ? [{ path: o.path, data: o.scans[i] }] : [])),
    ]),
  );
  const kindScans = new Map<FileKind, readonly SkillScan[]>();
  for (const plugin of plugins)
    for (const kind of plugin.fileKinds) kindScans.set(kind, scansOf.get(plugin) ?? []);

  // The TOML and JSON parsers load only when there is a config file to read.
  const { parseConfigFile } =
    configFiles.length > 0
      ? await import("../hook-scripts/config-model.js").then((m) => ({
          parseConfigFile: m.parseLintedConfigFile,
        }))
      : { parseConfigFile: undefined };
  for (const path of configFiles) {
    if (see(path, isIgnored(path)) || !parseConfigFile) continue;
    // A file given that is not there is a usage error; anything else a reader meets (a FIFO, a
    // folder, no permission, a size over the cap) is a finding of the config rules.
    const read = readRegularText(path);
    if (!read.ok && read.kind === "missing" && configPaths.includes(path))
      throw new UsageError(`no such file or directory: ${relative(cwd, path) || path}`);
    const text = read.ok ? read.text : "";
    const file: ConfigFile = {
      path,
      kind: path.endsWith(".json") ? "hooks-json" : "config-toml",
      text,
      ...(read.ok ? {} : { unread: read }),
    };
    note(path, file.kind === "hooks-json" ? "Codex hooks (hooks.json)" : "Codex config (TOML)");
    const result = resultFor(path, text);
    // Each file, and each rule on it, in its own guard: an internal error is a finding there.
    let parsed: ReturnType<typeof parseConfigFile>;
    try {
      parsed = parseConfigFile(file);
    } catch (error) {
      addCrash(path, crashOf(path, error, "the parser"));
      continue;
    }
    const lines = new LineIndex(text);
    for (const { rule, severity, options: ruleOptions } of rules) {
      if (rule.target !== "config") continue;
      const sink = collector(rule.meta, severity, path, lines, result.diagnostics);
      try {
        rule.check({ file, parsed, options: ruleOptions, report: sink });
      } catch (error) {
        addCrash(path, crashOf(path, error, `rule ${rule.meta.id}`));
      }
    }
  }

  // Files of the kinds plugins add: those given, and those each kind finds for this run.
  const dirs = paths.length === 0 ? configDirs : skillPaths.map((p) => resolve(cwd, p));
  for (const plugin of deferred) {
    const scans = scansOf.get(plugin) ?? [];
    const given = pluginFiles.some(
      (f) => f.plugin === plugin || (f.plugin === undefined && f.kind !== undefined),
    );
    if (!given && !(await plugin.needed({ dirs, scans }))) continue;
    const loadedPlugin = await plugin.load();
    rules.push(...enabledRules(loadedPlugin.rules, loaded, [], plugin.rulePrefix));
    fileKinds.push(...loadedPlugin.fileKinds);
    for (const kind of loadedPlugin.fileKinds) kindScans.set(kind, scans);
  }
  const notRead = rules.find((r) => r.rule.meta.id === fileNotRead.meta.id);
  for (const kind of fileKinds) {
    // Given files first (a problem reading one is a usage error), then what the kind finds.
    const files = new Map<string, { why: string; given: boolean }>();
    for (const f of pluginFiles)
      if (f.kind === undefined ? kind.matches(f.path) : f.kind === kind.id)
        files.set(f.path, { why: f.why, given: true });
    const scans = kindScans.get(kind) ?? [];
    for (const found of (await kind.discover?.({ dirs, scans, cwd })) ?? []) {
      const { path, why } = typeof found === "string" ? { path: found, why: "found" } : found;
      if (!files.has(path)) files.set(path, { why, given: false });
    }
    const kindRules = rules.filter((r) => r.rule.target === "file" && r.rule.fileKind === kind.id);
    for (const path of [...files.keys()].sort()) {
      if (see(path, isIgnored(path))) continue;
      const { why, given } = files.get(path) as { why: string; given: boolean };
      const content = readRegularText(path);
      if (!content.ok) {
        if (given) throw new UsageError(`${shownPath(cwd, path)}: ${content.problem}`);
        note(path, `${kind.id} (${why}), not read: ${content.problem}`);
        // Found, not given: a finding on the file, never a silent pass (unless it went away).
        if (notRead && content.kind !== "missing")
          collector(
            notRead.rule.meta,
            notRead.severity,
            path,
            undefined,
            resultFor(path).diagnostics,
          )({
            message: `Not checked: this file ${problemClause(content)}, so no rule looked at it (found as ${kind.id}, ${why}).`,
            hint: "Put a regular file here, or remove what stands in its place.",
          });
        continue;
      }
      note(path, `${kind.id} (${why})`);
      const text = content.text;
      const result = resultFor(path, text);
      // Each file, and each rule on it, in its own guard: an internal error is a finding there.
      let parsed: unknown;
      try {
        parsed = await kind.parse({ path, text });
      } catch (error) {
        addCrash(path, crashOf(path, error, "the parser"));
        continue;
      }
      const lines = new LineIndex(text);
      for (const { rule, severity, options: ruleOptions } of kindRules) {
        if (rule.target !== "file") continue;
        const sink = collector(rule.meta, severity, path, lines, result.diagnostics);
        try {
          rule.check({ file: { path, text }, parsed, options: ruleOptions, report: sink });
        } catch (error) {
          addCrash(path, crashOf(path, error, `rule ${rule.meta.id}`));
        }
      }
    }
  }
  if (options.debug)
    for (const [path, what] of [...notes].sort(([a], [b]) => a.localeCompare(b)))
      options.debug(`${shownPath(cwd, path)}: ${what.join("; ")}`);
  for (const [path, stack] of crashStacks)
    options.debug?.(`${shownPath(cwd, path)}: internal/crash: ${stack}`);

  // A rule may report on another file of the skill (a script holding a secret): file it there.
  for (const result of [...results.values()]) {
    const elsewhere = result.diagnostics.filter((d) => d.file !== result.filePath);
    if (elsewhere.length === 0) continue;
    result.diagnostics = result.diagnostics.filter((d) => d.file === result.filePath);
    for (const d of elsewhere) {
      const target = resultFor(d.file);
      if (target.source === undefined) {
        const read = readRegularText(d.file);
        if (read.ok) target.source = read.text;
      }
      target.diagnostics.push(d);
    }
  }

  // No formatter ever sees a secret: the ranges of secret findings are masked in the sources.
  const secretRules = rules.filter((r) => r.rule.meta.redactsRange).map((r) => r.rule.meta.id);
  maskSecrets(
    [...results.values()],
    new Set(secretRules),
    outcomes.flatMap((o) => o.hidden),
  );

  const sorted = [...results.values()].sort((a, b) => a.filePath.localeCompare(b.filePath));
  for (const result of sorted)
    result.diagnostics.sort(
      (a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId),
    );
  const summary = summarize(
    sorted,
    rules.map((r) => r.rule.meta),
  );
  if (notWritten.length > 0) summary.notWritten = notWritten;
  const nothing = pathsWithNothing(paths, cwd, seen);
  return nothing.length > 0 ? { ...summary, nothingToLint: nothing } : summary;
}

/** The paths given under which `seen` holds no file, or only ignored ones. */
function pathsWithNothing(
  paths: readonly string[],
  cwd: string,
  seen: ReadonlyMap<string, boolean>,
): { path: string; ignored: boolean }[] {
  if (paths.length === 0) return [];
  // Every folder above a file found (and the file), and those above a file linted.
  const found = new Set<string>();
  const linted = new Set<string>();
  for (const [path, ignored] of seen)
    for (const set of ignored ? [found] : [found, linted])
      for (let p = path; !set.has(p); p = dirname(p)) {
        set.add(p);
        if (dirname(p) === p) break;
      }
  return paths.flatMap((given) => {
    const path = resolve(cwd, given);
    if (linted.has(path)) return [];
    return [{ path: given, ignored: found.has(path) }];
  });
}

/**
 * Every skill candidate linted, on this thread or, for a large run, on worker threads too:
 * each shard reads its skills, then lints them knowing every skill Codex would list.
 */
async function lintSkills(
  candidates: readonly SkillCandidate[],
  setup: ShardSetup,
  local: ShardContext,
  options: LintOptions,
): Promise<SkillOutcome[]> {
  const threads = threadsFor(candidates.length, options.concurrency);
  // Workers build their rules from the config and a script's plugins: test rules and plugins
  // handed over as objects stay on this thread.
  const plugins = options.plugins ?? [];
  const script =
    threads > 1 &&
    options.rules === undefined &&
    !plugins.some(isLoadedPlugin) &&
    (plugins.length === 0 || options.workerScript !== undefined)
      ? workerScript(options.workerScript)
      : undefined;
  if (script === undefined) {
    const shard = new SkillShard(local, candidates);
    const listed = await shard.read();
    return shard.lint(listed.filter((p): p is ProjectSkill => p !== undefined));
  }
  const pluginPrefixes = (plugins as DeferredLintPlugin[]).map((p) => p.rulePrefix);
  const [mine = [], ...theirs] = dealShards(candidates, threads);
  const workers = theirs.map(
    (shard) => new WorkerShard(script, { setup, pluginPrefixes, candidates: shard }),
  );
  const shards = [new SkillShard(local, mine), ...workers];
  const dealt = [mine, ...theirs];
  // A worker that dies (an abort, running out of memory) or fails takes no file with it: each
  // file of its shard gets an `internal/crash` finding, and the other shards go on.
  const failed = new Map<number, unknown>();
  const settle = async <T>(s: number, step: () => Promise<T>): Promise<T | undefined> => {
    if (failed.has(s)) return undefined;
    try {
      return await step();
    } catch (error) {
      if (s === 0) throw error;
      failed.set(s, error);
      await workers[s - 1]?.stop().catch(() => undefined);
      return undefined;
    }
  };
  const crashedShard = (s: number) =>
    (dealt[s] ?? []).map((c) => crashedOutcome(c.path, failed.get(s), "a lint worker thread"));
  try {
    // Discovery order, whichever thread read a skill: the listing budget depends on it.
    const read = await Promise.all(shards.map((shard, s) => settle(s, () => shard.read())));
    const listed = gatherShards(read.map((l, s) => l ?? (dealt[s] ?? []).map(() => undefined)));
    const project = listed.filter((p): p is ProjectSkill => p !== undefined);
    const linted = await Promise.all(
      shards.map((shard, s) => settle(s, () => shard.lint(project))),
    );
    return gatherShards(linted.map((o, s) => o ?? crashedShard(s)));
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.stop().catch(() => undefined)));
    throw error;
  }
}

function summarize(results: FileResult[], rules: RuleMeta[]): LintResult {
  // Internal errors are listed among the run's rules (SARIF describes every rule it reports).
  if (!rules.some((r) => r.id === crashRuleMeta.id) && results.some((r) => hasCrash(r.diagnostics)))
    rules.push(crashRuleMeta);
  const count = (severity: Severity, fixable = false) =>
    results.reduce(
      (n, r) =>
        n + r.diagnostics.filter((d) => d.severity === severity && (!fixable || d.fix)).length,
      0,
    );
  return {
    results,
    errorCount: count("error"),
    warningCount: count("warning"),
    infoCount: count("info"),
    fixableErrorCount: count("error", true),
    fixableWarningCount: count("warning", true),
    rules,
  };
}

/** picomatch loads only when the config has ignores. */
async function ignoreMatcher(loaded: LoadedConfig): Promise<(path: string) => boolean> {
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

/** What a skill candidate was taken for, for `--debug`. */
function skillNote(candidate: SkillCandidate, cwd: string): string {
  const where = candidate.root ? `below ${shownPath(cwd, candidate.root.path)}` : "given";
  return candidate.miss
    ? `skill file Codex does not discover (${candidate.miss})`
    : `skill (${where})`;
}

/** `config.toml`, `NAME.config.toml` and `hooks.json` in a directory's `.codex/` folder. */
async function codexConfigFilesIn(dir: string): Promise<string[]> {
  const codexDir = join(dir, ".codex");
  const names = await readdir(codexDir).catch(() => [] as string[]);
  return names
    .filter((n) => n === "config.toml" || n.endsWith(".config.toml") || n === "hooks.json")
    .sort()
    .map((n) => join(codexDir, n));
}
