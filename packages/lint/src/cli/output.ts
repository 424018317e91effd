/**
 * What `runLint` does around a run for the command line's habits: `--quiet` (errors only),
 * `-o` (the report written to a file through core's one writer), and which paths given count
 * as matching nothing once globs are expanded.
 */
import { type Stats, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describeWriteFailure, makeFolders, writeFileSafely } from "@ops-skill/core";
import type { LintResult } from "../engine/lint.js";
import { visibleLine } from "../formatters/visible.js";
import type { DeferredLintPlugin, LintPlugin } from "../rule.js";
import type { ExpandedPaths } from "./globs.js";

/**
 * ESLint's `--quiet`: only errors are reported. Every file linted stays in the result (so the
 * report still says how many files were checked); its warnings and info are left out and the
 * counts are of errors only.
 */
export function errorsOnly(result: LintResult): LintResult {
  const results = result.results.map((file) => ({
    ...file,
    diagnostics: file.diagnostics.filter((d) => d.severity === "error"),
    ...(file.suppressed
      ? { suppressed: file.suppressed.filter((d) => d.severity === "error") }
      : {}),
  }));
  return {
    ...result,
    results,
    warningCount: 0,
    infoCount: 0,
    fixableWarningCount: 0,
  };
}

/**
 * The paths given that matched nothing to lint: a path (or folder) with nothing, as the engine
 * found; a pattern that matched nothing, or whose every match is ignored. A file a pattern
 * matched is never reported alone (ESLint's `All files matched by … are ignored`).
 */
export function unmatchedPaths(
  nothing: readonly { path: string; ignored: boolean }[],
  given: ExpandedPaths,
): { path: string; ignored: boolean }[] {
  const out = nothing.filter((n) => !given.fromPattern.has(n.path));
  for (const pattern of given.unmatched) out.push({ path: pattern, ignored: false });
  const ignoredMatches = new Map<string, number>();
  for (const n of nothing) {
    const pattern = given.fromPattern.get(n.path);
    if (pattern !== undefined) ignoredMatches.set(pattern, (ignoredMatches.get(pattern) ?? 0) + 1);
  }
  for (const [pattern, count] of ignoredMatches) {
    const matched = [...given.fromPattern.values()].filter((p) => p === pattern).length;
    if (count === matched) out.push({ path: pattern, ignored: true });
  }
  return out;
}

/** How many names of the files a pattern matched that are not linted one line shows. */
const NAMES_SHOWN = 3;

/**
 * The engine's notices of files not linted, as lines on stderr: a file given by name has its
 * own line; the files a pattern matched that are not linted for the same reason share one
 * (`12 files matched by **\/*.json not linted (a.json, b.json, c.json and 9 more): why`), at
 * the place of the first. `lines()` gives them once the run is over.
 */
export function notLintedNotices(given: ExpandedPaths, cwd: string) {
  const patternOf = new Map<string, string>();
  for (const [match, pattern] of given.fromPattern) patternOf.set(resolve(cwd, match), pattern);
  const lines: (string | { pattern: string; why: string; names: string[] })[] = [];
  const groups = new Map<string, { pattern: string; why: string; names: string[] }>();
  return {
    add(message: string, file: { path: string; why: string }): void {
      const pattern = patternOf.get(file.path);
      if (pattern === undefined) {
        lines.push(`ops-skill: ${visibleLine(message)}\n`);
        return;
      }
      const key = `${pattern}\0${file.why}`;
      let group = groups.get(key);
      if (group === undefined) {
        group = { pattern, why: file.why, names: [] };
        groups.set(key, group);
        lines.push(group);
      }
      group.names.push(message.slice(0, message.length - file.why.length - 2));
    },
    lines(): string[] {
      return lines.map((line) => {
        if (typeof line === "string") return line;
        const { pattern, why, names } = line;
        if (names.length === 1) return `ops-skill: ${visibleLine(`${names[0]}: ${why}`)}\n`;
        const shown = names.slice(0, NAMES_SHOWN).join(", ");
        const more = names.length > NAMES_SHOWN ? ` and ${names.length - NAMES_SHOWN} more` : "";
        const reason = why.replace(/^not linted: /, "");
        return `ops-skill: ${visibleLine(`${names.length} files matched by ${pattern} not linted (${shown}${more}): ${reason}`)}\n`;
      });
    },
  };
}

/**
 * Writes the report to `path` atomically (parent folders created): undefined when written,
 * else the one line that says why not.
 */
export async function writeOutputFile(
  path: string,
  text: string,
  shown: string,
  linted: readonly string[] = [],
): Promise<string | undefined> {
  if (isLinted(path, linted))
    return `cannot write the output to ${shown}: it is a file being linted; the file is unchanged`;
  const dir = dirname(path);
  try {
    makeFolders(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `cannot write the output to ${shown}: cannot create its folder${code ? ` (${code})` : ""}`;
  }
  const written = await writeFileSafely(path, text, { root: dir });
  return written.ok
    ? undefined
    : `cannot write the output: ${describeWriteFailure(written, shown)}`;
}

/**
 * Whether `path` is one of the files linted: the same path, or (when it exists) the same file
 * through a link. The report would replace the file it reports on.
 */
function isLinted(path: string, linted: readonly string[]): boolean {
  if (linted.some((file) => resolve(file) === path)) return true;
  let target: Stats;
  try {
    target = statSync(path);
  } catch {
    return false;
  }
  if (!target.isFile()) return false;
  return linted.some((file) => {
    try {
      const info = statSync(file);
      return info.ino === target.ino && info.dev === target.dev;
    } catch {
      return false;
    }
  });
}

/** Why `-o`'s value names no file, or undefined. */
export function outputFileProblem(given: string): string | undefined {
  if (given === "") return "-o/--output-file needs a file name";
  if (/[\\/]$/.test(given) || given === "." || given === "..")
    return `cannot write the output to ${given}: it names a folder; give a file name`;
  return undefined;
}

/** What a plugin claims by name, as a kind's `matches`. */
export function claimsOf(plugin: LintPlugin | DeferredLintPlugin): {
  matches(path: string): boolean;
} {
  if ("claims" in plugin) return { matches: (path) => plugin.claims(path) };
  return { matches: (path) => plugin.fileKinds.some((k) => k.matches(path)) };
}
