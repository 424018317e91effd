/**
 * The files of a skill folder, walked once per skill and shared by every rule. Bounded and
 * never throwing: an odd folder (unreadable, huge, symlink loops) just yields fewer files.
 */
import { closeSync, lstatSync, openSync, readdirSync, readSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** Text files larger than this are not read. */
export const MAX_TEXT_FILE_BYTES = 1024 * 1024;
const MAX_DEPTH = 12;
const MAX_ENTRIES = 5000;
const SKIPPED_DIRECTORIES = new Set([".git", "node_modules", ".venv", "__pycache__"]);

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

/**
 * Files and symlinks below a skill directory, without following symlinks, sorted by path.
 * Folders that hold their own SKILL.md are other skills and are left out, as are `.git` and
 * `node_modules`.
 */
export function walkSkillDir(skillDir: string): SkillDirEntry[] {
  const entries: SkillDirEntry[] = [];
  const visit = (dir: string, depth: number) => {
    if (depth > MAX_DEPTH || entries.length >= MAX_ENTRIES) return;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    if (dir !== skillDir && names.includes("SKILL.md")) return;
    for (const name of names) {
      if (entries.length >= MAX_ENTRIES) return;
      const path = join(dir, name);
      const info = lstatSync(path, { throwIfNoEntry: false });
      if (!info) continue;
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
  visit(skillDir, 0);
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

const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * A regular file's text, or undefined when it is too large, binary or unreadable. A byte-order
 * mark stays in the text as U+FEFF, as in SkillFile.text: the text starts where the file does.
 */
export function readTextFile(entry: SkillDirEntry): string | undefined {
  if (entry.kind !== "file" || entry.size > MAX_TEXT_FILE_BYTES) return undefined;
  const bytes = readHead(entry.path, entry.size);
  if (!bytes || looksBinary(bytes)) return undefined;
  return decoder.decode(bytes);
}
