/**
 * Glob arguments, as ESLint takes them: a quoted pattern (`'skills/*\/SKILL.md'`) is expanded
 * here with tinyglobby, the same on every shell. A path that exists is never a pattern (a
 * folder named `[prod]` stays a folder). Of the files a pattern matches, only those a file
 * kind takes by its name are kept (see `lintsByName`), as ESLint
 * keeps only the files its config lints; a pattern ending in `/` matches folders instead.
 * tinyglobby loads only when an argument is a pattern.
 */
import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import { DEFAULT_IGNORED_FOLDERS } from "../config.js";

/** What the command line's paths became. */
export interface ExpandedPaths {
  paths: string[];
  /** Each path a pattern matched, with the pattern (as given). */
  fromPattern: Map<string, string>;
  /** The patterns that matched nothing to lint. */
  unmatched: string[];
}

/** Folders no pattern walks into (ESLint's default ignores). */
const NEVER = DEFAULT_IGNORED_FOLDERS.map((folder) => `**/${folder}/**`);

/** Glob syntax, cheaply: a pattern has one of these characters. */
const GLOB_CHARACTERS = /[*?[\]{}]/;

/**
 * `given` with each pattern replaced by the paths it matches (sorted, each once). `lints` says
 * whether a file matched is one a kind lints by its name.
 */
export async function expandGlobs(
  given: readonly string[],
  cwd: string,
  lints: (path: string) => boolean,
): Promise<ExpandedPaths> {
  const isPattern = (p: string) => GLOB_CHARACTERS.test(p) && !existsSync(resolve(cwd, p));
  const expanded: ExpandedPaths = { paths: [], fromPattern: new Map(), unmatched: [] };
  if (!given.some(isPattern)) return { ...expanded, paths: [...given] };
  const { glob } = await import("tinyglobby");
  for (const path of given) {
    if (!isPattern(path)) {
      expanded.paths.push(path);
      continue;
    }
    const pattern = path.split("\\").join("/");
    const folders = pattern.endsWith("/");
    const matches = await glob(pattern, {
      cwd,
      dot: true,
      ignore: NEVER,
      expandDirectories: false,
      ...(folders ? { onlyDirectories: true } : { onlyFiles: true }),
    });
    const kept = matches
      .map((m) => (folders ? m.replace(/\/$/, "") : m))
      .filter((m) => folders || lints(m))
      .sort();
    if (kept.length === 0) expanded.unmatched.push(path);
    for (const match of kept) {
      if (expanded.fromPattern.has(match)) continue;
      expanded.fromPattern.set(match, path);
      expanded.paths.push(match);
    }
  }
  return expanded;
}

/** Whether a file a pattern matched is one to lint: a `SKILL.md`, or a kind's by its name or `.json`. */
export function lintsByName(
  path: string,
  kinds: readonly { matches(path: string): boolean }[],
): boolean {
  return (
    basename(path) === "SKILL.md" || path.endsWith(".json") || kinds.some((k) => k.matches(path))
  );
}
