/**
 * The lint engine: paths → discovery → the skill model → rules → diagnostics, with config,
 * inline directives and fixes. Formatters and exit codes live with the CLI.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import {
  type Diagnostic,
  type DirectoryListings,
  discoverSkills,
  findProjectRoot,
  LineIndex,
  parseSkill,
  readSkill,
  type Severity,
  type SkillCandidate,
  writeFileAtomic,
} from "@ops-skill/core";
import { type LoadedConfig, loadConfig, normalizeSeverity } from "../config.js";
import type {
  ConfigFile,
  DeferredLintPlugin,
  LintedSkill,
  LintPlugin,
  ReportDescriptor,
  Rule,
  RuleMeta,
} from "../rule.js";
import { allRules } from "../rules/index.js";
import { applyDirectives, knownRuleIds, parseDirectives } from "./directives.js";
import { applyFixes } from "./fix.js";
import { readKindFile, shownPath, sortGivenPaths } from "./paths.js";
import { projectConfigLookup } from "./project-config.js";

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
}

export interface FileResult {
  filePath: string;
  diagnostics: Diagnostic[];
  /** The file's text as linted (after fixes), for code frames. */
  source: string | undefined;
  /** Whether `--fix` changed the file. */
  fixed: boolean;
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
}

export class UsageError extends Error {}

const MAX_FIX_PASSES = 10;

export async function lint(options: LintOptions = {}): Promise<LintResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const paths = options.paths ?? [];
  const loaded = options.config ?? (await loadConfig(cwd));
  const plugins = (options.plugins ?? []).filter(isLoaded);
  const deferred = (options.plugins ?? []).filter((p): p is DeferredLintPlugin => !isLoaded(p));
  const deferredPrefixes = deferred.map((p) => p.rulePrefix);
  const rules = enabledRules(
    [...(options.rules ?? allRules), ...plugins.flatMap((p) => p.rules)],
    loaded,
    deferredPrefixes,
  );
  const fileKinds = plugins.flatMap((p) => p.fileKinds);
  const isIgnored = await ignoreMatcher(loaded);

  const notes = new Map<string, string[]>();
  const note = (path: string, what: string) => {
    if (!options.debug) return;
    const list = notes.get(path);
    if (list) list.push(what);
    else notes.set(path, [what]);
  };
  const { skillPaths, configPaths, pluginFiles } = sortGivenPaths(paths, {
    cwd,
    fileKinds,
    deferred,
    explicitFileKind: options.explicitFileKind,
    notice: (path, message) => options.notice?.(`${shownPath(cwd, path)}: ${message}`),
    note,
  });
  // Folders discovery lists are not listed again by the walk of each skill's files.
  const listings: DirectoryListings = new Map();
  const discovery =
    paths.length === 0 || skillPaths.length > 0
      ? await discoverSkills(skillPaths, { cwd, listings })
      : undefined;
  const missing = discovery?.problems.find((p) => p.message.startsWith("no such file"));
  if (missing) throw new UsageError(missing.message);

  const configFiles = [...configPaths];
  const configDirs =
    paths.length === 0 ? [await findProjectRoot(cwd)] : skillPaths.map((p) => resolve(cwd, p));
  for (const dir of configDirs) configFiles.push(...(await codexConfigFilesIn(dir)));
  // The Codex config of each skill's project, for skill rules that ask what its hooks block.
  const projectConfigOf = await projectConfigLookup(paths.length === 0 ? [cwd] : skillPaths, cwd);

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

  const candidates = (discovery?.candidates ?? []).filter((c) => !isIgnored(c.path));
  const skills: LintedSkill[] = [];
  const readOptions = { pluginNamespaces: new Map(), listings };
  for (const candidate of candidates) {
    const result = resultFor(candidate.path);
    for (const { rule, severity, options: ruleOptions } of rules) {
      if (rule.target !== "candidate") continue;
      const sink = collector(rule.meta, severity, candidate.path, undefined, result.diagnostics);
      rule.check({ candidate, options: ruleOptions, report: sink });
    }
    note(candidate.path, skillNote(candidate, cwd));
    if (!(await isFileOrLinkToFile(candidate))) continue;
    const skill = await readSkill(candidate.path, readOptions);
    skills.push({ skill, candidate, projectConfig: projectConfigOf(candidate.path) });
  }

  const loadedSkills = skills.filter(
    (s) => s.skill.codex.status === "loaded" && s.candidate.miss === undefined,
  );
  const directiveRun = await directiveRunFor(options, plugins, deferred, rules, skills);
  for (const entry of skills) {
    const result = resultFor(entry.candidate.path, entry.skill.text);
    result.diagnostics.push(...lintSkill(entry, loadedSkills, rules, directiveRun));
    if (options.fix) await fixSkill(entry, loadedSkills, rules, directiveRun, result);
    for (const plugin of deferred) plugin.scan?.(entry.skill);
    entry.skill.releaseDerived();
  }

  // The TOML and JSON parsers load only when there is a config file to read.
  const { parseConfigFile } =
    configFiles.length > 0
      ? await import("../codex-config/load.js")
      : { parseConfigFile: undefined };
  for (const path of configFiles) {
    if (isIgnored(path) || !parseConfigFile) continue;
    const text = await readFile(path, "utf8").catch(() => undefined);
    if (text === undefined)
      throw new UsageError(`no such file or directory: ${relative(cwd, path) || path}`);
    const file: ConfigFile = {
      path,
      kind: path.endsWith(".json") ? "hooks-json" : "config-toml",
      text,
    };
    note(path, file.kind === "hooks-json" ? "Codex hooks (hooks.json)" : "Codex config (TOML)");
    const parsed = parseConfigFile(file);
    const result = resultFor(path, text);
    const lines = new LineIndex(text);
    for (const { rule, severity, options: ruleOptions } of rules) {
      if (rule.target !== "config") continue;
      const sink = collector(rule.meta, severity, path, lines, result.diagnostics);
      rule.check({ file, parsed, options: ruleOptions, report: sink });
    }
  }

  // Files of the kinds plugins add: those given, and those each kind finds for this run.
  const dirs = paths.length === 0 ? configDirs : skillPaths.map((p) => resolve(cwd, p));
  const read = skills.map((s) => s.skill);
  for (const plugin of deferred) {
    const given = pluginFiles.some(
      (f) => f.plugin === plugin || (f.plugin === undefined && f.kind !== undefined),
    );
    if (!given && !(await plugin.needed({ dirs, skills: read }))) continue;
    const loadedPlugin = await plugin.load();
    rules.push(...enabledRules(loadedPlugin.rules, loaded, [], plugin.rulePrefix));
    fileKinds.push(...loadedPlugin.fileKinds);
  }
  for (const kind of fileKinds) {
    // Given files first (a problem reading one is a usage error), then what the kind finds.
    const files = new Map<string, { why: string; given: boolean }>();
    for (const f of pluginFiles)
      if (f.kind === undefined ? kind.matches(f.path) : f.kind === kind.id)
        files.set(f.path, { why: f.why, given: true });
    for (const found of (await kind.discover?.({ dirs, skills: read, cwd })) ?? []) {
      const { path, why } = typeof found === "string" ? { path: found, why: "found" } : found;
      if (!files.has(path)) files.set(path, { why, given: false });
    }
    const kindRules = rules.filter((r) => r.rule.target === "file" && r.rule.fileKind === kind.id);
    for (const path of [...files.keys()].sort()) {
      if (isIgnored(path)) continue;
      const { why, given } = files.get(path) as { why: string; given: boolean };
      const content = readKindFile(path);
      if (!("text" in content)) {
        if (given) throw new UsageError(`${content.problem}: ${shownPath(cwd, path)}`);
        note(path, `${kind.id} (${why}), not read: ${content.problem}`);
        continue;
      }
      note(path, `${kind.id} (${why})`);
      const text = content.text;
      const parsed = await kind.parse({ path, text });
      const result = resultFor(path, text);
      const lines = new LineIndex(text);
      for (const { rule, severity, options: ruleOptions } of kindRules) {
        if (rule.target !== "file") continue;
        const sink = collector(rule.meta, severity, path, lines, result.diagnostics);
        rule.check({ file: { path, text }, parsed, options: ruleOptions, report: sink });
      }
    }
  }
  if (options.debug)
    for (const [path, what] of [...notes].sort(([a], [b]) => a.localeCompare(b)))
      options.debug(`${shownPath(cwd, path)}: ${what.join("; ")}`);

  // A rule may report on another file of the skill (a script holding a secret): file it there.
  for (const result of [...results.values()]) {
    const elsewhere = result.diagnostics.filter((d) => d.file !== result.filePath);
    if (elsewhere.length === 0) continue;
    result.diagnostics = result.diagnostics.filter((d) => d.file === result.filePath);
    for (const d of elsewhere) {
      const target = resultFor(d.file);
      target.source ??= await readFile(d.file, "utf8").catch(() => undefined);
      target.diagnostics.push(d);
    }
  }

  const sorted = [...results.values()].sort((a, b) => a.filePath.localeCompare(b.filePath));
  for (const result of sorted)
    result.diagnostics.sort(
      (a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId),
    );
  return summarize(
    sorted,
    rules.map((r) => r.rule.meta),
  );
}

interface EnabledRule {
  rule: Rule;
  severity: Severity;
  options: Record<string, unknown>;
}

/**
 * Rules with their configured severity. Config must name known rules: those of `rules`, or
 * (`deferredPrefixes`) of a plugin not loaded yet; `onlyPrefix` checks just one plugin's ids.
 */
function enabledRules(
  rules: readonly Rule[],
  loaded: LoadedConfig,
  deferredPrefixes: readonly string[],
  onlyPrefix?: string,
): EnabledRule[] {
  const known = new Set(rules.map((r) => r.meta.id));
  for (const id of Object.keys(loaded.config.rules)) {
    if (onlyPrefix !== undefined && !id.startsWith(onlyPrefix)) continue;
    if (known.has(id) || deferredPrefixes.some((prefix) => id.startsWith(prefix))) continue;
    throw new UsageError(`${loaded.filepath ?? "config"}: unknown rule "${id}"`);
  }
  const enabled: EnabledRule[] = [];
  for (const rule of rules) {
    const setting = loaded.config.rules[rule.meta.id];
    const [severitySetting, ruleOptions] = Array.isArray(setting) ? setting : [setting, undefined];
    const severity =
      severitySetting === undefined
        ? rule.meta.defaultSeverity
        : normalizeSeverity(severitySetting);
    if (severity === "off") continue;
    enabled.push({ rule, severity, options: ruleOptions ?? {} });
  }
  return enabled;
}

/** What the directive rules need to know of the run. */
interface DirectiveRun {
  knownRuleIds: ReadonlySet<string>;
  severityOf(ruleId: string): Severity | "off";
  directiveRuleIds: ReadonlySet<string>;
  skillRuleIds: ReadonlySet<string>;
}

/**
 * Directives may name any rule of the run, on or off, built in or a plugin's; a deferred
 * plugin is loaded for its ids only when a skill holds a directive and the plugin's prefix.
 */
async function directiveRunFor(
  options: LintOptions,
  plugins: readonly LintPlugin[],
  deferred: readonly DeferredLintPlugin[],
  rules: readonly EnabledRule[],
  skills: readonly LintedSkill[],
): Promise<DirectiveRun> {
  const all = [...allRules, ...(options.rules ?? []), ...plugins.flatMap((p) => p.rules)];
  const texts = skills.map((s) => s.skill.text);
  const severities = new Map(rules.map((r) => [r.rule.meta.id, r.severity]));
  return {
    knownRuleIds: await knownRuleIds(all, deferred, texts),
    severityOf: (ruleId) => severities.get(ruleId) ?? "off",
    directiveRuleIds: new Set(all.filter((r) => r.target === "directives").map((r) => r.meta.id)),
    skillRuleIds: new Set(all.filter((r) => r.target === "skill").map((r) => r.meta.id)),
  };
}

function lintSkill(
  entry: LintedSkill,
  project: readonly LintedSkill[],
  rules: readonly EnabledRule[],
  run: DirectiveRun,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const { skill, candidate, projectConfig } = entry;
  for (const { rule, severity, options } of rules) {
    if (rule.target !== "skill") continue;
    const sink = collector(rule.meta, severity, skill.path, skill.lines, diagnostics);
    rule.check({ skill, candidate, project, projectConfig, options, report: sink });
  }
  const directives = parseDirectives(skill);
  if (directives.length === 0) return diagnostics;
  // Comments in SKILL.md speak for SKILL.md's lines only (findings in other files of the
  // skill are silenced with `ignores` or the rule's severity), and never for a `codex/` error.
  // The directive rules run after, so nothing silences what they report.
  const { kept, applied } = applyDirectives(directives, diagnostics, skill.path);
  for (const { rule, severity, options } of rules) {
    if (rule.target !== "directives") continue;
    const sink = collector(rule.meta, severity, skill.path, skill.lines, kept);
    rule.check({ skill, directives: applied, ...run, options, report: sink });
  }
  return kept;
}

async function fixSkill(
  entry: LintedSkill,
  project: readonly LintedSkill[],
  rules: readonly EnabledRule[],
  run: DirectiveRun,
  result: FileResult,
) {
  let current = entry;
  let diagnostics = result.diagnostics;
  let changed = false;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    if (!diagnostics.some((d) => d.fix)) break;
    const { text, applied } = applyFixes(current.skill.text, diagnostics);
    if (applied === 0 || text === current.skill.text) break;
    current = {
      skill: parseSkill(current.skill.path, Buffer.from(text, "utf8")),
      candidate: current.candidate,
      projectConfig: current.projectConfig,
    };
    diagnostics = lintSkill(current, project, rules, run);
    changed = true;
  }
  if (!changed) return;
  await writeFileAtomic(current.skill.path, Buffer.from(current.skill.text, "utf8"));
  result.diagnostics = diagnostics;
  result.source = current.skill.text;
  result.fixed = true;
}

function collector(
  meta: RuleMeta,
  severity: Severity,
  file: string,
  lines: LineIndex | undefined,
  into: Diagnostic[],
): (descriptor: ReportDescriptor) => void {
  return (descriptor) => {
    const line = descriptor.line ?? 1;
    const column = descriptor.column ?? 1;
    let endLine = descriptor.endLine ?? line;
    let endColumn = descriptor.endColumn;
    if (endColumn === undefined) {
      const lineLength = lines && !descriptor.file ? lines.lineText(line).length : 0;
      endLine = line;
      endColumn = Math.max(column + 1, lineLength + 1);
    }
    const diagnostic: Diagnostic = {
      ruleId: meta.id,
      severity,
      message: descriptor.message,
      file: descriptor.file ?? file,
      line,
      column,
      endLine,
      endColumn,
    };
    if (descriptor.fix) diagnostic.fix = descriptor.fix;
    if (descriptor.hint) diagnostic.hint = descriptor.hint;
    into.push(diagnostic);
  };
}

function isLoaded(plugin: LintPlugin | DeferredLintPlugin): plugin is LintPlugin {
  return "rules" in plugin;
}

function summarize(results: FileResult[], rules: RuleMeta[]): LintResult {
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

async function isFileOrLinkToFile(candidate: SkillCandidate): Promise<boolean> {
  if (candidate.entryKind === "file") return true;
  if (candidate.entryKind !== "symlink") return false;
  return stat(candidate.path).then(
    (info) => info.isFile(),
    () => false,
  );
}

/** picomatch loads only when the config has ignores. */
async function ignoreMatcher(loaded: LoadedConfig): Promise<(path: string) => boolean> {
  if (loaded.config.ignores.length === 0) return () => false;
  const { default: picomatch } = await import("picomatch");
  const match = picomatch(loaded.config.ignores, { dot: true });
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
