/**
 * Finds skills the way Codex 0.169.0 does, and also the files Codex would miss, so the linter
 * can say why. Measured behaviour (conformance/skills): roots are `.agents/skills` and
 * `.codex/skills` in every directory from the project root (nearest ancestor with `.git`)
 * down to the cwd; the scan is breadth-first, skips entries starting with `.`, takes only a
 * regular file named exactly `SKILL.md` at most 6 directories below the root, follows
 * symlinked directories once, and drops a root with more than 2000 directories whole.
 */

import { type Dirent, lstatSync, readdirSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { codexIoError } from "./codex-load.js";
import { isInside } from "./path-inside.js";
import { type FileProblem, problemOfError } from "./read-file.js";

export const CODEX_MAX_SKILL_DEPTH = 6;
export const CODEX_MAX_ROOT_DIRECTORIES = 2000;
export const CODEX_SKILL_ROOT_NAMES = [".agents/skills", ".codex/skills"] as const;
/** How deep we look for files Codex would miss; deeper than this nobody means it. */
const SCAN_DEPTH_LIMIT = 24;
/** Never holds skills, and can be very large (Codex skips it as a hidden entry too). */
const SKIPPED_DIRECTORIES = new Set([".git"]);
/** A walk stops here, so a huge tree cannot stall the linter; Codex itself stops far earlier. */
const SCAN_DIRECTORY_LIMIT = 50_000;
const SKILL_FILE = "SKILL.md";
const SKILL_FILE_ANY_CASE = /^skill\.md$/i;

export type SkillRootKind = "agents" | "codex" | "directory";

export interface SkillRoot {
  path: string;
  kind: SkillRootKind;
  /** Directories Codex reads in its walk, the root included (it stops at the limit). */
  directoryCount: number;
  /** The walk reached Codex's limit: skills in directories it did not read are missed. */
  overLimit: boolean;
}

export type DiscoveryMiss =
  | "file-name-case"
  | "hidden-directory"
  | "too-deep"
  | "not-a-regular-file"
  | "traversal-limit"
  /** A folder Codex's walk lists but cannot: the skills in it are never discovered. */
  | "unreadable-directory";

export type EntryKind = "file" | "symlink" | "directory" | "other";

export interface SkillCandidate {
  /** Absolute path as Codex would list it (through symlinked directories, not resolved). */
  path: string;
  root: SkillRoot | undefined;
  /** Directories between the root and the file. */
  depth: number;
  entryKind: EntryKind;
  /** The first directory below the root whose name starts with `.`, if any. */
  hiddenDirectory: string | undefined;
  /** Why Codex will not see this file; undefined when it will. */
  miss: DiscoveryMiss | undefined;
  /** Whether Codex's walk reads the directory holding the file (false past the traversal limit). */
  readByCodex: boolean;
  /**
   * For an `unreadable-directory` candidate (its path is the folder): why it cannot be listed,
   * and Codex's words for it (`Permission denied (os error 13)`).
   */
  listError?: { problem: FileProblem; codexWords: string };
}

export interface DiscoveryProblem {
  path: string;
  message: string;
  /** A path given that cannot be looked at (missing, no permission): a usage error. */
  given?: boolean;
}

export interface Discovery {
  roots: SkillRoot[];
  candidates: SkillCandidate[];
  problems: DiscoveryProblem[];
}

/**
 * Directory entries read during one run, sorted by name, by directory path. Discovery fills
 * it and the walk of each skill's folder reads from it, so no folder is listed twice.
 */
export type DirectoryListings = Map<string, readonly Dirent[]>;

/**
 * Real paths (symbolic links resolved) of directories discovery walked, by the path it walked
 * them by: a directory reached by a plain directory entry is its parent's real path and its
 * name, with no system call; the skill model looks its folder up here first.
 */
export type RealDirectories = Map<string, string>;

/** A directory's entries sorted by name (code units), from `listings` when it has them. */
export function listDirectory(dir: string, listings?: DirectoryListings): readonly Dirent[] {
  const known = listings?.get(dir);
  if (known) return known;
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  listings?.set(dir, entries);
  return entries;
}

/** The project root as Codex finds it: the nearest ancestor holding `.git`, else the cwd. */
export async function findProjectRoot(cwd: string): Promise<string> {
  let dir = resolve(cwd);
  for (;;) {
    if (exists(join(dir, ".git"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(cwd);
    dir = parent;
  }
}

/** Codex's skill roots for a working directory, outermost first, that exist. */
export async function codexRootsFor(cwd: string): Promise<{ path: string; kind: SkillRootKind }[]> {
  const projectRoot = await findProjectRoot(cwd);
  const chain: string[] = [];
  let dir = resolve(cwd);
  for (;;) {
    chain.unshift(dir);
    if (dir === projectRoot) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const roots: { path: string; kind: SkillRootKind }[] = [];
  for (const base of chain) {
    for (const name of CODEX_SKILL_ROOT_NAMES) {
      const path = join(base, name);
      if (isDirectory(path))
        roots.push({ path, kind: name.startsWith(".agents") ? "agents" : "codex" });
    }
  }
  return roots;
}

/**
 * Paths may be SKILL.md files, skill directories or directories to scan like a skills root.
 * With no paths, scans the Codex roots of the repository around `cwd`.
 */
export async function discoverSkills(
  paths: readonly string[],
  options: { cwd: string; listings?: DirectoryListings; realDirectories?: RealDirectories },
): Promise<Discovery> {
  const discovery: Discovery = { roots: [], candidates: [], problems: [] };
  const seen = new Set<string>();
  const add = (candidate: SkillCandidate) => {
    if (seen.has(candidate.path)) return;
    seen.add(candidate.path);
    discovery.candidates.push(candidate);
  };
  if (paths.length === 0) {
    for (const root of await codexRootsFor(options.cwd))
      await scanRoot(root.path, root.kind, discovery, add, options);
    return discovery;
  }
  for (const given of paths) {
    const path = isAbsolute(given) ? given : resolve(options.cwd, given);
    let info: ReturnType<typeof lstatSync>;
    try {
      info = lstatSync(path, { throwIfNoEntry: false });
    } catch (error) {
      const problem = problemOfError(path, error);
      discovery.problems.push({ path, message: `${problem.problem}: ${given}`, given: true });
      continue;
    }
    if (!info) {
      discovery.problems.push({
        path,
        message: `no such file or directory: ${given}`,
        given: true,
      });
      continue;
    }
    // A link that does not resolve (to nothing, or to itself) is a link: Codex ignores it.
    const target = info.isSymbolicLink() ? statOrUndefined(path) : info;
    if (target?.isDirectory()) {
      const enclosing = enclosingCodexRoot(path);
      if (enclosing && enclosing.path !== path) {
        await scanRoot(enclosing.path, enclosing.kind, discovery, add, options, path);
      } else {
        await scanRoot(path, enclosing?.kind ?? "directory", discovery, add, options);
      }
    } else {
      add(candidateForFile(path, entryKindOf(info), enclosingCodexRoot(path)));
    }
  }
  return discovery;
}

/** The `.agents/skills` or `.codex/skills` folder a path lies in, if any. */
function enclosingCodexRoot(path: string): { path: string; kind: SkillRootKind } | undefined {
  const parts = resolve(path).split(sep);
  for (let i = parts.length - 1; i >= 1; i--) {
    if (parts[i] === "skills" && (parts[i - 1] === ".agents" || parts[i - 1] === ".codex")) {
      return {
        path: parts.slice(0, i + 1).join(sep) || sep,
        kind: parts[i - 1] === ".agents" ? "agents" : "codex",
      };
    }
  }
  return undefined;
}

function candidateForFile(
  path: string,
  entryKind: EntryKind,
  root: { path: string; kind: SkillRootKind } | undefined,
): SkillCandidate {
  const segments = root ? relative(root.path, dirname(path)).split(sep).filter(Boolean) : [];
  const skillRoot = root
    ? { path: root.path, kind: root.kind, directoryCount: 0, overLimit: false }
    : undefined;
  return finish({
    path,
    root: skillRoot,
    depth: segments.length,
    entryKind,
    hiddenDirectory: segments.find((s) => s.startsWith(".")),
    miss: undefined,
    readByCodex: true,
  });
}

function finish(candidate: SkillCandidate): SkillCandidate {
  if (candidate.miss === "unreadable-directory") return candidate;
  candidate.miss = missOf(candidate);
  return candidate;
}

function missOf(candidate: SkillCandidate): DiscoveryMiss | undefined {
  if (basename(candidate.path) !== SKILL_FILE) return "file-name-case";
  if (candidate.entryKind !== "file") return "not-a-regular-file";
  if (!candidate.root) return undefined;
  if (candidate.hiddenDirectory) return "hidden-directory";
  // Depth and the traversal limit depend on the real root: a plain folder (a catalogue that
  // is copied or linked into `.agents/skills` later) is not judged by them.
  if (candidate.root.kind === "directory") return undefined;
  if (candidate.depth > CODEX_MAX_SKILL_DEPTH) return "too-deep";
  if (!candidate.readByCodex) return "traversal-limit";
  return undefined;
}

async function scanRoot(
  rootPath: string,
  kind: SkillRootKind,
  discovery: Discovery,
  add: (candidate: SkillCandidate) => void,
  caches: { listings?: DirectoryListings; realDirectories?: RealDirectories },
  onlyUnder?: string,
): Promise<void> {
  const { listings, realDirectories } = caches;
  const root: SkillRoot = { path: rootPath, kind, directoryCount: 1, overLimit: false };
  discovery.roots.push(root);
  const found: SkillCandidate[] = [];
  const visited = new Set<string>();
  // Codex walks breadth-first and reads at most CODEX_MAX_ROOT_DIRECTORIES directories,
  // the root included; we walk on past that to find the skills it misses.
  const readByCodex = new Set<string>([rootPath]);
  // `real` is known for a directory reached by a plain directory entry: its parent's and its name.
  const queue: { dir: string; depth: number; hidden: string | undefined; real?: string }[] = [
    { dir: rootPath, depth: 0, hidden: undefined },
  ];
  let walked = 0;
  for (let next = 0; next < queue.length; next++) {
    const { dir, depth, hidden, real: known } = queue[next] as (typeof queue)[number];
    if (++walked > SCAN_DIRECTORY_LIMIT) {
      discovery.problems.push({
        path: rootPath,
        message: `stopped after ${SCAN_DIRECTORY_LIMIT} directories`,
      });
      break;
    }
    let real = known;
    if (real === undefined) {
      try {
        real = realpathSync.native(dir);
      } catch {
        real = undefined;
      }
    }
    if (!real || visited.has(real)) continue;
    visited.add(real);
    realDirectories?.set(dir, real);
    let entries: readonly Dirent[];
    try {
      entries = listDirectory(dir, listings);
    } catch (error) {
      const problem = problemOfError(dir, error);
      discovery.problems.push({ path: dir, message: `cannot read directory: ${problem.problem}` });
      // Measured: Codex logs `failed to scan skill path file://<dir>: Permission denied (os
      // error 13)` and goes on without the skills in it. A folder it does not read (hidden,
      // too deep, past the limit) is none of its business.
      if (!hidden && readByCodex.has(dir))
        found.push({
          path: dir,
          root,
          depth,
          entryKind: "directory",
          hiddenDirectory: undefined,
          miss: "unreadable-directory",
          readByCodex: true,
          listError: { problem, codexWords: codexIoError(problem) ?? problem.problem },
        });
      continue;
    }
    for (const entry of entries) {
      const name = entry.name;
      const path = join(dir, name);
      const entryKind = entryKindOf(entry);
      if (SKILL_FILE_ANY_CASE.test(name)) {
        found.push({
          path,
          root,
          depth,
          entryKind,
          hiddenDirectory: hidden,
          miss: undefined,
          readByCodex: readByCodex.has(dir),
        });
      }
      if (depth + 1 > SCAN_DEPTH_LIMIT) continue;
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(path));
      if (!isDir) continue;
      const childHidden = hidden ?? (name.startsWith(".") ? name : undefined);
      if (!childHidden && readByCodex.has(dir) && depth + 1 <= CODEX_MAX_SKILL_DEPTH) {
        if (root.directoryCount < CODEX_MAX_ROOT_DIRECTORIES) {
          root.directoryCount++;
          readByCodex.add(path);
        } else {
          root.overLimit = true;
        }
      }
      const nestedRoot =
        name === "skills" && (basename(dir) === ".agents" || basename(dir) === ".codex");
      if (nestedRoot && dir !== rootPath) {
        await scanRoot(
          path,
          basename(dir) === ".agents" ? "agents" : "codex",
          discovery,
          add,
          caches,
        );
        continue;
      }
      if (SKIPPED_DIRECTORIES.has(name)) continue;
      queue.push({
        dir: path,
        depth: depth + 1,
        hidden: childHidden,
        ...(entry.isDirectory() ? { real: join(real, name) } : {}),
      });
    }
  }
  for (const candidate of found) {
    if (onlyUnder && !isInside(onlyUnder, candidate.path)) continue;
    add(finish(candidate));
  }
}

function entryKindOf(info: {
  isFile(): boolean;
  isSymbolicLink(): boolean;
  isDirectory(): boolean;
}): EntryKind {
  if (info.isSymbolicLink()) return "symlink";
  if (info.isFile()) return "file";
  if (info.isDirectory()) return "directory";
  return "other";
}

// Synchronous file-system calls on purpose: a walk of thousands of small directories is
// several times faster without a promise per entry.
function exists(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
