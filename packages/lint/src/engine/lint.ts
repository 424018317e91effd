/**
 * The lint engine: paths → discovery → the skill model → rules → diagnostics, with config,
 * inline directives and fixes. Formatters and exit codes live with the CLI.
 */
import { dirname, resolve } from "node:path";
import {
  type Diagnostic,
  readRegularText,
  type Severity,
  type WriteFailure,
} from "@ops-skill/core";
import type { LoadedConfig } from "../config.js";
import { builtinKinds } from "../kinds/index.js";
import type { DeferredLintPlugin, FileKind, LintPlugin, Rule, RuleMeta } from "../rule.js";
import { crashRuleMeta, hasCrash } from "./crash.js";
import type { SuppressedDiagnostic } from "./directives.js";
import { lintKindFiles } from "./kind-files.js";
import { maskSecrets } from "./mask.js";
import type { Concurrency } from "./parallel.js";
import { UsageError } from "./rules.js";
import { LintRun } from "./run.js";

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
  /**
   * Told about a file given that is not linted (JSON of no kind we know): the message, and
   * the file with why apart (so a caller can say it once for many files).
   */
  notice?: (message: string, file: { path: string; why: string }) => void;
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
  /** The findings inline directives silenced, when there are any (ESLint's `suppressedMessages`). */
  suppressed?: SuppressedDiagnostic[];
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
  const run = await LintRun.start(options, builtinKinds);
  for await (const kind of kindsOf(run))
    if (kind.lintAll) await kind.lintAll(run);
    else await lintKindFiles(kind, run);
  run.printDebug();
  fileElsewhere(run);
  // No formatter ever sees a secret: the ranges of secret findings are masked in the sources.
  const secretRules = run.rules.filter((r) => r.rule.meta.redactsRange).map((r) => r.rule.meta.id);
  maskSecrets([...run.results.values()], new Set(secretRules), run.hidden);
  return resultOf(run);
}

/**
 * The kinds of the run in order: the built-in ones and those of the plugins given loaded,
 * then those of the deferred plugins the run turns out to need (what the skills held tells).
 */
async function* kindsOf(run: LintRun): AsyncGenerator<FileKind> {
  let i = 0;
  for (; i < run.kinds.length; i++) yield run.kinds[i] as FileKind;
  await run.loadNeededPlugins();
  for (; i < run.kinds.length; i++) yield run.kinds[i] as FileKind;
}

/** A rule may report on another file of the skill (a script holding a secret): file it there. */
function fileElsewhere(run: LintRun): void {
  for (const result of [...run.results.values()]) {
    const elsewhere = result.diagnostics.filter((d) => d.file !== result.filePath);
    if (elsewhere.length === 0) continue;
    result.diagnostics = result.diagnostics.filter((d) => d.file === result.filePath);
    for (const d of elsewhere) {
      const target = run.resultFor(d.file);
      if (target.source === undefined) {
        const read = readRegularText(d.file);
        if (read.ok) target.source = read.text;
      }
      target.diagnostics.push(d);
    }
  }
}

/** The results in path order, each file's findings by position, counted. */
function resultOf(run: LintRun): LintResult {
  const sorted = [...run.results.values()].sort((a, b) => a.filePath.localeCompare(b.filePath));
  const byPosition = (a: Diagnostic, b: Diagnostic) =>
    a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
  for (const result of sorted) {
    result.diagnostics.sort(byPosition);
    result.suppressed?.sort(byPosition);
  }
  const summary = summarize(
    sorted,
    run.rules.map((r) => r.rule.meta),
  );
  if (run.unwritten.length > 0) summary.notWritten = run.unwritten;
  const nothing = pathsWithNothing(run.options.paths ?? [], run.cwd, run.seen);
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
