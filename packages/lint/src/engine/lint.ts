/**
 * The lint engine: paths → discovery → the skill model → rules → diagnostics, with config,
 * inline directives and fixes. Formatters and exit codes live with the CLI.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, relative, resolve } from "node:path";
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
import { isSuppressed, parseDirectives } from "./directives.js";
import { applyFixes } from "./fix.js";
import { maskSecrets } from "./mask.js";

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

  const claimed = (path: string) =>
    fileKinds.some((kind) => kind.matches(path)) || deferred.some((plugin) => plugin.claims(path));
  const pluginPaths = paths.filter((p) => !isConfigPath(p) && claimed(p));
  const skillPaths = paths.filter((p) => !isConfigPath(p) && !claimed(p));
  const configPaths = paths.filter(isConfigPath).map((p) => resolve(cwd, p));
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
    if (!(await isFileOrLinkToFile(candidate))) continue;
    skills.push({ skill: await readSkill(candidate.path, readOptions), candidate });
  }

  const loadedSkills = skills.filter(
    (s) => s.skill.codex.status === "loaded" && s.candidate.miss === undefined,
  );
  for (const entry of skills) {
    const result = resultFor(entry.candidate.path, entry.skill.text);
    result.diagnostics.push(...lintSkill(entry, loadedSkills, rules));
    if (options.fix) await fixSkill(entry, loadedSkills, rules, result);
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
    if (!pluginPaths.some((p) => plugin.claims(p)) && !plugin.needed({ dirs, skills: read }))
      continue;
    const loadedPlugin = await plugin.load();
    rules.push(...enabledRules(loadedPlugin.rules, loaded, [], plugin.rulePrefix));
    fileKinds.push(...loadedPlugin.fileKinds);
  }
  for (const kind of fileKinds) {
    const files = new Set(pluginPaths.filter((p) => kind.matches(p)).map((p) => resolve(cwd, p)));
    for (const found of kind.discover?.({ dirs, skills: skills.map((s) => s.skill), cwd }) ?? [])
      files.add(found);
    const kindRules = rules.filter((r) => r.rule.target === "file" && r.rule.fileKind === kind.id);
    for (const path of [...files].sort()) {
      if (isIgnored(path)) continue;
      const text = await readFile(path, "utf8").catch(() => undefined);
      if (text === undefined)
        throw new UsageError(`no such file or directory: ${relative(cwd, path) || path}`);
      const parsed = kind.parse({ path, text });
      const result = resultFor(path, text);
      const lines = new LineIndex(text);
      for (const { rule, severity, options: ruleOptions } of kindRules) {
        if (rule.target !== "file") continue;
        const sink = collector(rule.meta, severity, path, lines, result.diagnostics);
        rule.check({ file: { path, text }, parsed, options: ruleOptions, report: sink });
      }
    }
  }

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

  // No formatter ever sees a secret: the ranges of secret findings are masked in the sources.
  const secretRules = rules.filter((r) => r.rule.meta.redactsRange).map((r) => r.rule.meta.id);
  maskSecrets([...results.values()], new Set(secretRules));

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

function lintSkill(
  entry: LintedSkill,
  project: readonly LintedSkill[],
  rules: readonly EnabledRule[],
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const { skill, candidate } = entry;
  for (const { rule, severity, options } of rules) {
    if (rule.target !== "skill") continue;
    const sink = collector(rule.meta, severity, skill.path, skill.lines, diagnostics);
    rule.check({ skill, candidate, project, options, report: sink });
  }
  const directives = parseDirectives(skill.lines);
  if (directives.length === 0) return diagnostics;
  // Comments in SKILL.md speak for SKILL.md's lines only; findings in other files of the
  // skill (a script holding a secret) are silenced with `ignores` or the rule's severity.
  return diagnostics.filter(
    (d) =>
      d.file !== skill.path ||
      d.ruleId === "quality/disable-reason" ||
      !isSuppressed(directives, d.ruleId, d.line),
  );
}

async function fixSkill(
  entry: LintedSkill,
  project: readonly LintedSkill[],
  rules: readonly EnabledRule[],
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
    };
    diagnostics = lintSkill(current, project, rules);
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

function isConfigPath(path: string): boolean {
  return path.endsWith(".toml") || basename(path) === "hooks.json";
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
