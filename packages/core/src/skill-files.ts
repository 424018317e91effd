/**
 * The files of a skill folder, walked once per skill and shared by every rule. Bounded and
 * never throwing: an odd folder (unreadable, huge, symlink loops) just yields fewer files.
 */
import { type Dirent, lstatSync } from "node:fs";
import { join } from "node:path";
import { type DirectoryListings, listDirectory } from "./discover.js";
import { readRegularFile } from "./read-file.js";

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
  /** Size in bytes (of the link itself for a symlink); 0 when it cannot be read. */
  readonly size: number;
  /** Mode bits (of the link itself for a symlink); 0 when they cannot be read. */
  readonly mode: number;
}

/** An entry whose `lstat` runs only when size or mode is asked for: most rules never ask. */
class WalkedEntry implements SkillDirEntry {
  #stats: { size: number; mode: number } | undefined;

  constructor(
    readonly path: string,
    readonly rel: string,
    readonly kind: "file" | "symlink",
  ) {}

  get size(): number {
    return this.#stat().size;
  }

  get mode(): number {
    return this.#stat().mode;
  }

  #stat(): { size: number; mode: number } {
    if (!this.#stats) {
      const info = lstatSync(this.path, { throwIfNoEntry: false });
      this.#stats = { size: info?.size ?? 0, mode: info?.mode ?? 0 };
    }
    return this.#stats;
  }
}

/**
 * Files and symlinks below a skill directory, without following symlinks, sorted by path.
 * Folders that hold their own SKILL.md are other skills and are left out, as are `.git` and
 * `node_modules`. `listings` holds folders discovery has listed already.
 */
export function walkSkillDir(skillDir: string, listings?: DirectoryListings): SkillDirEntry[] {
  const entries: SkillDirEntry[] = [];
  const visit = (dir: string, rel: string, depth: number) => {
    if (depth > MAX_DEPTH || entries.length >= MAX_ENTRIES) return;
    let listed: readonly Dirent[];
    try {
      listed = listDirectory(dir, listings);
    } catch {
      return;
    }
    if (depth > 0 && listed.some((entry) => entry.name === "SKILL.md")) return;
    for (const entry of listed) {
      if (entries.length >= MAX_ENTRIES) return;
      const name = entry.name;
      const path = join(dir, name);
      const entryRel = rel === "" ? name : `${rel}/${name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(name)) visit(path, entryRel, depth + 1);
        continue;
      }
      if (entry.isFile()) entries.push(new WalkedEntry(path, entryRel, "file"));
      else if (entry.isSymbolicLink()) entries.push(new WalkedEntry(path, entryRel, "symlink"));
    }
  };
  visit(skillDir, "", 0);
  return entries;
}

/** Whether bytes look binary: a NUL byte in the first 8000 bytes, as git decides. */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8000).indexOf(0) !== -1;
}

/** The first bytes of a regular file (or undefined when it is none or cannot be read). */
export function readHead(path: string, length: number): Uint8Array | undefined {
  const read = readRegularFile(path, { maxBytes: length, truncate: true });
  return read.ok ? read.bytes : undefined;
}

const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * One buffer for every file read (one byte over the limit, to see a file that is over it): a
 * run reads thousands of files once each, and a buffer per file was most of the garbage.
 */
let readBuffer: Uint8Array | undefined;

/**
 * A regular file's text, or undefined when it is too large, binary or unreadable. A byte-order
 * mark stays in the text as U+FEFF, as in SkillFile.text: the text starts where the file does.
 */
export function readTextFile(entry: SkillDirEntry): string | undefined {
  if (entry.kind !== "file") return undefined;
  readBuffer ??= new Uint8Array(MAX_TEXT_FILE_BYTES + 1);
  // The walk's listing says it is a regular file: no `stat` before it is opened.
  const read = readRegularFile(entry.path, {
    maxBytes: MAX_TEXT_FILE_BYTES,
    into: readBuffer,
    listedAsFile: true,
  });
  if (!read.ok || looksBinary(read.bytes)) return undefined;
  return decoder.decode(read.bytes);
}
