/** `ops-skill lint` as a function: lint, format, and the exit code. The CLI only parses flags. */
import { statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { describeWriteFailure } from "@ops-skill/core";
import { expandGlobs, lintsByName } from "./cli/globs.js";
import {
  claimsOf,
  errorsOnly,
  notLintedNotices,
  outputFileProblem,
  unmatchedPaths,
  writeOutputFile,
} from "./cli/output.js";
import { type StdinFile, stdinFile } from "./cli/stdin.js";
import { ConfigError, type LoadedConfig, loadConfig, type SeveritySetting } from "./config.js";
import { type LintResult, lint, UsageError } from "./engine/lint.js";
import type { Concurrency } from "./engine/parallel.js";
import { ignoreMatcher } from "./engine/run.js";
import { exitCodeFor } from "./exit-code.js";
import { type Formatter, formatters } from "./formatters/index.js";
import { visible, visibleLine } from "./formatters/visible.js";
import { builtinKinds } from "./kinds/index.js";
import type { DeferredLintPlugin, LintPlugin, Rule } from "./rule.js";
import ignoredRule from "./rules/internal/ignored.js";

export interface RunLintOptions {
  paths: readonly string[];
  cwd: string;
  format?: string;
  fix?: boolean;
  maxWarnings?: number;
  color?: boolean;
  configPath?: string;
  /** Other packages' rules and file kinds (the CLI adds `@ops-skill/schema`'s). */
  plugins?: readonly (LintPlugin | DeferredLintPlugin)[];
  /** Built-in rules to run instead of all of them (`[]`: only the plugins' rules). */
  rules?: readonly Rule[];
  /**
   * `--report-unused-disable-directives[-severity]`: the severity of `quality/unused-directive`,
   * over the config's.
   */
  reportUnusedDisableDirectives?: SeveritySetting;
  /** Every file given (not a folder) is of this plugin kind, whatever its name. */
  explicitFileKind?: { kind: string; why: string };
  /** Print to stderr which kind each file was taken for, and why. */
  debug?: boolean;
  /** Threads that lint skills (see `LintOptions.concurrency`). */
  concurrency?: Concurrency;
  /** The worker script for them (see `LintOptions.workerScript`). */
  workerScript?: URL;
  /**
   * `--quiet`: report errors only; as in ESLint 9 the rules set to warning or info do not run
   * (the warnings that remain, as an ignored stdin file's, still count toward `maxWarnings`).
   */
  quiet?: boolean;
  /** `-o`: write the formatted output to this file (atomically) instead of stdout. */
  outputFile?: string;
  /** A glob or path given that matches nothing to lint exits 2 (default true). */
  errorOnUnmatchedPattern?: boolean;
  /** `--no-ignore`: the config's `ignores` drop nothing (ESLint's `--no-ignore`). */
  noIgnore?: boolean;
  /**
   * `-`: lint these bytes (stdin) as one file named `filename` (default `<stdin>`, a
   * SKILL.md) instead of `paths`.
   */
  stdin?: { bytes: Uint8Array; filename?: string | undefined };
}

export interface RunLintOutcome {
  /** What goes to stdout. */
  output: string;
  /**
   * What goes to stderr (usage and config errors, files given that were not linted, paths
   * given with nothing to lint, what `--fix` fixed in formats that cannot say it, `--debug`).
   */
  errorOutput: string;
  exitCode: 0 | 1 | 2;
}

export async function runLint(options: RunLintOptions): Promise<RunLintOutcome> {
  const format = options.format ?? "stylish";
  const formatter = formatters[format];
  if (!formatter) {
    return usage(`unknown format "${format}"; choose one of ${Object.keys(formatters).join(", ")}`);
  }
  const badOutput =
    options.outputFile === undefined ? undefined : outputFileProblem(options.outputFile);
  if (badOutput) return usage(badOutput);
  if (options.stdin && (options.paths.length > 0 || options.fix))
    return usage(
      options.fix ? "--fix cannot write stdin back" : "lint either stdin (-) or paths, not both",
    );
  const named = options.stdin?.filename;
  if (named !== undefined && namesFolder(resolve(options.cwd, named), named))
    return usage(
      `--stdin-filename ${named} names a folder; give the file's name (as .agents/skills/<name>/SKILL.md)`,
    );
  const stdin = options.stdin
    ? stdinFile(options.stdin.bytes, options.cwd, options.stdin.filename)
    : undefined;
  try {
    return await lintAndReport(options, formatter, stdin);
  } finally {
    stdin?.dispose();
  }
}

async function lintAndReport(
  options: RunLintOptions,
  formatter: Formatter,
  stdin: StdinFile | undefined,
): Promise<RunLintOutcome> {
  const format = options.format ?? "stylish";
  const notices: string[] = [];
  const debug: string[] = [];
  try {
    const loaded = withUnusedDirectives(
      await loadConfig(options.cwd, options.configPath),
      options.reportUnusedDisableDirectives,
    );
    // `--quiet`, as ESLint 9's: the rules set to warning or info do not run.
    const config = withoutIgnores(options.quiet ? { ...loaded, quiet: true } : loaded, options);
    const given = stdin
      ? { paths: [stdin.path], fromPattern: new Map<string, string>(), unmatched: [] }
      : await expandGlobs(options.paths, options.cwd, (path) =>
          lintsByName(path, [...builtinKinds, ...(options.plugins ?? []).map(claimsOf)]),
        );
    // Files not linted: one line each, or one for all a pattern matched (`notLintedNotices`).
    const notLinted = notLintedNotices(given, options.cwd);
    // ESLint's ignored stdin file: not linted, one warning on it, as ESLint reports it.
    const ignoredStdin = await ignoredStdinPath(options, config);
    // Patterns that all matched nothing: nothing to lint (not the project's default paths).
    const linted = ignoredStdin
      ? ignoredResult(ignoredStdin)
      : given.paths.length === 0 && options.paths.length > 0
        ? noResult()
        : await lint({
            paths: given.paths,
            cwd: options.cwd,
            fix: options.fix ?? false,
            plugins: options.plugins ?? [],
            ...(options.rules ? { rules: options.rules } : {}),
            ...(options.explicitFileKind ? { explicitFileKind: options.explicitFileKind } : {}),
            notice: (message, file) => notLinted.add(message, file),
            ...(options.debug
              ? { debug: (line: string) => debug.push(`debug: ${visible(line)}\n`) }
              : {}),
            ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
            ...(options.workerScript ? { workerScript: options.workerScript } : {}),
            config,
          });
    notices.push(...notLinted.lines());
    const full = stdin && !ignoredStdin ? stdin.restore(linted) : linted;
    const result = options.quiet ? errorsOnly(full) : full;
    const formatted = formatter(result, { cwd: options.cwd, color: options.color ?? false });
    // The stylish report lists what `--fix` fixed; the machine formats have no place for it.
    if (format !== "stylish")
      for (const file of full.results)
        if (file.fixes)
          notices.push(
            `ops-skill: fixed ${file.fixes} problem${file.fixes === 1 ? "" : "s"} in ${visibleLine(shownPath(options.cwd, file.filePath))}\n`,
          );
    // ESLint's "No files matching the pattern": a path given with nothing to lint fails the run.
    const nothingToLint = unmatchedPaths(full.nothingToLint ?? [], given);
    if (options.errorOnUnmatchedPattern === false) nothingToLint.length = 0;
    for (const { path, ignored } of nothingToLint)
      notices.push(
        `ops-skill: ${
          ignored
            ? `every file in ${visibleLine(path)} is ignored by "ignores" in ${config.filepath ?? "the config"}`
            : given.unmatched.includes(path)
              ? `no files match the pattern ${visibleLine(path)} (a SKILL.md, Codex config or hooks file, or *.schema.json)`
              : `nothing to lint in ${visibleLine(path)}: no skill (SKILL.md), Codex config or report schema there`
        }\n`,
      );
    // A fix that could not be written: one line each, and exit 2 (the findings stay in the report).
    const notWritten = (full.notWritten ?? []).map(
      (failure) =>
        `ops-skill: ${describeWriteFailure(failure, visibleLine(shownPath(options.cwd, failure.path)))}\n`,
    );
    const written = options.outputFile
      ? await writeOutputFile(
          resolve(options.cwd, options.outputFile),
          formatted,
          options.outputFile,
          full.results.map((file) => file.filePath),
        )
      : undefined;
    if (written) notWritten.push(`ops-skill: ${visibleLine(written)}\n`);
    // ESLint's "too many warnings": the reason for exit 1 when no error is shown.
    const maxWarnings = options.maxWarnings ?? -1;
    if (full.errorCount === 0 && maxWarnings >= 0 && full.warningCount > maxWarnings)
      notices.push(
        `ops-skill: too many warnings (${full.warningCount}${options.quiet ? ", hidden by --quiet" : ""}; --max-warnings ${maxWarnings})\n`,
      );
    return {
      output: options.outputFile ? "" : formatted,
      errorOutput: `${debug.join("")}${notices.join("")}${notWritten.join("")}`,
      // The warnings `--quiet` hides (no rule's: none runs at warning) still count, as in ESLint.
      exitCode:
        notWritten.length > 0 || nothingToLint.length > 0 ? 2 : exitCodeFor(full, maxWarnings),
    };
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) return usage(error.message);
    throw error;
  }
}

/** Whether `given` (resolved to `path`) names a folder: a trailing separator, or one that exists. */
function namesFolder(path: string, given: string): boolean {
  if (/[\\/]$/.test(given)) return true;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function withUnusedDirectives(
  loaded: LoadedConfig,
  severity: SeveritySetting | undefined,
): LoadedConfig {
  if (severity === undefined) return loaded;
  const rules = { ...loaded.config.rules, "quality/unused-directive": severity };
  return { ...loaded, config: { ...loaded.config, rules } };
}

/** `--no-ignore`: the config without its `ignores`. */
function withoutIgnores(loaded: LoadedConfig, options: RunLintOptions): LoadedConfig {
  if (!options.noIgnore) return loaded;
  return { ...loaded, config: { ...loaded.config, ignores: [] } };
}

/** The path `--stdin-filename` names, when the config's `ignores` drop it. */
async function ignoredStdinPath(
  options: RunLintOptions,
  config: LoadedConfig,
): Promise<string | undefined> {
  const named = options.stdin?.filename;
  if (named === undefined || config.config.ignores.length === 0) return undefined;
  const path = resolve(options.cwd, named);
  return (await ignoreMatcher(config))(path) ? path : undefined;
}

/** ESLint's result for an ignored file given on stdin: one warning (at 1:1), nothing linted. */
function ignoredResult(filePath: string): LintResult {
  const diagnostic = {
    ruleId: ignoredRule.meta.id,
    severity: "warning" as const,
    message:
      'File ignored because of a matching ignore pattern. Use "--no-ignore" to disable file ignore settings.',
    file: filePath,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
  };
  return {
    results: [{ filePath, diagnostics: [diagnostic], source: undefined, fixed: false }],
    errorCount: 0,
    warningCount: 1,
    infoCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    rules: [ignoredRule.meta],
  };
}

function noResult(): LintResult {
  const counts = { errorCount: 0, warningCount: 0, infoCount: 0 };
  return { results: [], ...counts, fixableErrorCount: 0, fixableWarningCount: 0, rules: [] };
}

function usage(message: string): RunLintOutcome {
  return { output: "", errorOutput: `ops-skill: ${visibleLine(message)}\n`, exitCode: 2 };
}

/** `path` relative to `cwd` when inside it, as the formats show it. */
function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}
