/**
 * The Codex config files of the projects a run lints (`.codex/config.toml` and
 * `.codex/hooks.json` at the root of the repository that holds the linted paths), parsed once
 * for the skill rules that need to know what the project's hooks block. The TOML and JSON
 * parsers load only when such a file exists.
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve, sep } from "node:path";
import { readRegularText } from "@ops-skill/core";
import { type ParsedConfigFile, parseCodexConfig } from "../kinds/codex-config/index.js";

export type ProjectConfigLookup = (skillPath: string) => readonly ParsedConfigFile[];

const NONE: readonly ParsedConfigFile[] = [];

/**
 * For the paths of a run (or the working directory when none was given): the project root of
 * each (the nearest directory above it holding `.git`, else the working directory, as Codex
 * finds a project), and the parsed Codex config files there; the user's own Codex home is not
 * a project. Returns a lookup by skill path.
 */
export async function projectConfigLookup(
  starts: readonly string[],
  cwd: string,
): Promise<ProjectConfigLookup> {
  const files = projectConfigFiles(projectRoots(starts, cwd));
  if (files.length === 0) return () => NONE;
  const parsed = new Map<string, ParsedConfigFile[]>();
  for (const { root, path } of files) {
    // A file that cannot be read is reported where it is linted (config/unreadable-file).
    const read = readRegularText(path);
    if (!read.ok) continue;
    // A file the parser fails on is left out here: linting it as a config file reports the
    // internal error on it (`internal/crash`), and the skills are linted without it.
    let config: ParsedConfigFile;
    try {
      config = await parseCodexConfig({ path, text: read.text });
    } catch {
      continue;
    }
    const list = parsed.get(root) ?? [];
    list.push(config);
    parsed.set(root, list);
  }
  // Longest root first: a skill belongs to the innermost project holding it.
  const ordered = [...parsed].sort((a, b) => b[0].length - a[0].length);
  return (skillPath) => {
    for (const [root, list] of ordered)
      if (skillPath === root || skillPath.startsWith(root.endsWith(sep) ? root : root + sep))
        return list;
    return NONE;
  };
}

/** The project root of each start: the nearest directory above it holding `.git`, else `cwd`. */
function projectRoots(starts: readonly string[], cwd: string): Set<string> {
  const roots = new Set<string>();
  const rootOf = new Map<string, string | undefined>();
  const gitRoot = (dir: string): string | undefined => {
    if (rootOf.has(dir)) return rootOf.get(dir);
    const parent = dirname(dir);
    const root = existsSync(join(dir, ".git")) ? dir : parent === dir ? undefined : gitRoot(parent);
    rootOf.set(dir, root);
    return root;
  };
  for (const start of starts) roots.add(gitRoot(resolve(cwd, start)) ?? resolve(cwd));
  return roots;
}

/** `.codex/config.toml` and `.codex/hooks.json` of each root that is not the user's Codex home. */
function projectConfigFiles(roots: ReadonlySet<string>): { root: string; path: string }[] {
  const codexHomes = [process.env.CODEX_HOME, join(homedir(), ".codex")].filter(Boolean);
  const files: { root: string; path: string }[] = [];
  for (const root of roots) {
    if (codexHomes.includes(join(root, ".codex"))) continue;
    for (const name of ["config.toml", "hooks.json"]) {
      const path = join(root, ".codex", name);
      if (existsSync(path)) files.push({ root, path });
    }
  }
  return files;
}
