/**
 * File-system and body helpers shared by the quality/ and ops/ rules. Every function here is
 * bounded and never throws: a rule on an odd skill (unreadable folders, huge or binary files,
 * symlink loops) simply sees fewer files.
 */
import { closeSync, lstatSync, openSync, readdirSync, readSync, realpathSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { SkillFile } from "@ops-skill/core";

/** Text files larger than this are not read. */
export const MAX_TEXT_FILE_BYTES = 1024 * 1024;

export interface SkillDirEntry {
  /** Absolute path. */
  path: string;
  /** Path relative to the skill directory, with `/` separators. */
  rel: string;
  kind: "file" | "symlink";
  /** Size in bytes (of the link itself for a symlink). */
  size: number;
  mode: number;
}

export interface WalkOptions {
  /** Only this sub-folder of the skill (e.g. `scripts`). */
  under?: string;
  maxDepth?: number;
  maxEntries?: number;
}

const SKIPPED_DIRECTORIES = new Set([".git", "node_modules", ".venv", "__pycache__"]);

/**
 * Files and symlinks below a skill directory, without following symlinks. Folders that hold
 * their own SKILL.md are other skills and are left out, as are `.git` and `node_modules`.
 */
export function walkSkillDir(skillDir: string, options: WalkOptions = {}): SkillDirEntry[] {
  const maxDepth = options.maxDepth ?? 12;
  const maxEntries = options.maxEntries ?? 5000;
  const entries: SkillDirEntry[] = [];
  const start = options.under ? join(skillDir, options.under) : skillDir;
  const visit = (dir: string, depth: number) => {
    if (depth > maxDepth || entries.length >= maxEntries) return;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    if (dir !== skillDir && names.includes("SKILL.md")) return;
    for (const name of names) {
      if (entries.length >= maxEntries) return;
      const path = join(dir, name);
      let info: ReturnType<typeof lstatSync>;
      try {
        info = lstatSync(path);
      } catch {
        continue;
      }
      if (info.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(name)) visit(path, depth + 1);
        continue;
      }
      if (!info.isFile() && !info.isSymbolicLink()) continue;
      entries.push({
        path,
        rel: relative(skillDir, path).split(sep).join("/"),
        kind: info.isSymbolicLink() ? "symlink" : "file",
        size: info.size,
        mode: info.mode,
      });
    }
  };
  visit(start, 0);
  return entries;
}

/** Whether bytes look binary: a NUL byte in the first 8000 bytes, as git decides. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 8000);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

/** The first bytes of a file (or undefined when it cannot be read). */
export function readHead(path: string, length: number): Uint8Array | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const buffer = new Uint8Array(length);
    const read = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A regular file's text, or undefined when it is too large, binary or unreadable. */
export function readTextFile(entry: SkillDirEntry): string | undefined {
  if (entry.kind !== "file" || entry.size > MAX_TEXT_FILE_BYTES) return undefined;
  const bytes = readHead(entry.path, entry.size);
  if (!bytes || looksBinary(bytes)) return undefined;
  return new TextDecoder("utf-8").decode(bytes);
}

/** Real path, or undefined when it does not resolve (dangling link, loop, permissions). */
export function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** Whether `path` is `root` or inside it (both absolute and normalised). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !rel.startsWith(sep));
}

/** The skill has a frontmatter split, so the Markdown body is what follows it. */
export function hasBody(skill: SkillFile): boolean {
  const split = skill.codex.split;
  return skill.readError === undefined && split !== undefined && !("kind" in split);
}

/** A link target that is not a path in the skill: URLs, `mailto:`, anchors, absolute paths. */
export function isExternalTarget(target: string): boolean {
  return (
    target === "" ||
    target.startsWith("#") ||
    target.startsWith("/") ||
    target.startsWith("\\") ||
    target.startsWith("~") ||
    /^[a-z][a-z0-9+.-]*:/i.test(target)
  );
}

/** The path part of a relative link target: without `#fragment` or `?query`, percent-decoded. */
export function linkPath(target: string): string {
  const path = target.replace(/[?#].*$/s, "");
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** A rule option that must be a positive integer; undefined when it is not one. */
export function positiveInteger(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * 1-based column of a link's target in its line: after `](`, `](<` or `]: ` when the target is
 * found there (the target text may also stand in the link text before it), else `fallback`.
 */
export function targetColumn(lineText: string, target: string, fallback: number): number {
  for (const before of ["](", "](<", "]: "]) {
    const index = lineText.indexOf(before + target);
    if (index >= 0) return index + before.length + 1;
  }
  return fallback;
}

/** `lineText` with a cache, for loops that look at the same long line many times. */
export function cachedLineText(skill: SkillFile): (line: number) => string {
  const cache = new Map<number, string>();
  return (line) => {
    let text = cache.get(line);
    if (text === undefined) {
      text = skill.lines.lineText(line);
      cache.set(line, text);
    }
    return text;
  };
}
