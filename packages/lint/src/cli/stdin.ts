/**
 * `ops-skill lint -` (ESLint's `--stdin`): the text on stdin linted as one file. Its kind comes
 * from `--stdin-filename` (a `SKILL.md`, a `config.toml`, a `*.schema.json`...; default
 * `<stdin>`, read as a SKILL.md), and findings are reported under that name.
 *
 * The bytes are written, as they came, to a temporary folder named as the file's own folder
 * (so `spec/name-matches-directory` and `.codex/config.toml` read as in place); when that
 * folder exists, the files beside the named file are copied there too (at most 16 MiB), so
 * the links and scripts a skill names are found. The run then lints that file, and every
 * path of the result is put back under the name given. stdin is read with the cap of core's
 * one reader: past 16 MiB it is a usage error, never a read without end.
 */
import {
  copyFileSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { type Diagnostic, isInside } from "@ops-skill/core";
import { DEFAULT_MAX_FILE_BYTES, formatBytes } from "@ops-skill/core/read-file";
import type { LintResult } from "../engine/lint.js";

/** The name findings on stdin are reported under when `--stdin-filename` is not given. */
export const STDIN_NAME = "<stdin>";

export type StdinRead = { ok: true; bytes: Uint8Array } | { ok: false; problem: string };

/** Everything on `stream`, or why not: more than `maxBytes` stops the read. */
export async function readStdin(
  stream: NodeJS.ReadableStream,
  maxBytes = DEFAULT_MAX_FILE_BYTES,
): Promise<StdinRead> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxBytes) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      return {
        ok: false,
        problem: `stdin: more than ${formatBytes(maxBytes)}, the most ops-skill reads of a file`,
      };
    }
    chunks.push(buffer);
  }
  return { ok: true, bytes: new Uint8Array(Buffer.concat(chunks)) };
}

/** A stdin run: the file to lint in its temporary folder, and how to put its paths back. */
export interface StdinFile {
  /** The path to lint. */
  path: string;
  /** The result with every path under the temporary folder put back under the name given. */
  restore(result: LintResult): LintResult;
  /** Removes the temporary folder. */
  dispose(): void;
}

const SKILL_NAME = /^name:[ \t]*["']?([a-z0-9][a-z0-9-]{0,63})["']?[ \t]*$/m;

const MAX_COPIED_BYTES = DEFAULT_MAX_FILE_BYTES;
const MAX_COPIED_ENTRIES = 5000;

export function stdinFile(bytes: Uint8Array, cwd: string, filename: string | undefined): StdinFile {
  const named = filename !== undefined;
  const target = named ? resolve(cwd, filename) : undefined;
  const name = target ? basename(target) : "SKILL.md";
  // Unnamed, the skill's folder is named as its frontmatter names it: no folder to disagree.
  const folder = target
    ? basename(dirname(target))
    : (SKILL_NAME.exec(Buffer.from(bytes.subarray(0, 4096)).toString("utf8"))?.[1] ?? "stdin");
  const root = mkdtempSync(join(tmpdir(), "ops-skill-stdin-"));
  const dir = join(root, folder || "stdin");
  const path = join(dir, name);
  try {
    mkdirSync(dir, { recursive: true });
    // A folder that holds the temporary one (`/`, the temp folder) is no skill's folder: the
    // file lints on its own rather than copying the machine.
    const temps = [root, realpathSync(root)];
    if (target && !temps.some((temp) => isInside(dirname(target), temp)))
      copySiblings(dirname(target), dir, name);
    writeFileSync(path, bytes);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const shownDir = target ? dirname(target) : undefined;
  const back = (p: string): string => {
    if (p === path) return target ?? STDIN_NAME;
    if (shownDir && (p === dir || p.startsWith(dir + sep))) return join(shownDir, relative(dir, p));
    return p;
  };
  const backText = (text: string): string =>
    text
      .split(path)
      .join(target ?? STDIN_NAME)
      .split(dir)
      .join(shownDir ?? STDIN_NAME);
  const backDiagnostic = <T extends Diagnostic>(d: T): T => ({
    ...d,
    file: back(d.file),
    message: backText(d.message),
    ...(d.hint === undefined ? {} : { hint: backText(d.hint) }),
  });
  return {
    path,
    restore: (result) => ({
      ...result,
      results: result.results.map((file) => ({
        ...file,
        filePath: back(file.filePath),
        diagnostics: file.diagnostics.map(backDiagnostic),
        ...(file.suppressed ? { suppressed: file.suppressed.map(backDiagnostic) } : {}),
      })),
    }),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * The files beside the named one (not it, not `.git` or `node_modules`), up to 16 MiB and
 * 5,000 entries (a SKILL.md named at a repository's root does not copy the repository). Best
 * effort: what cannot be read (a folder or file of another user's) is left out, never the
 * run's end; an empty file is made empty without reading it (`/proc` and `/sys` files
 * say size 0 and may block on read); only files, folders and links are copied.
 */
function copySiblings(from: string, to: string, name: string): void {
  let budget = MAX_COPIED_BYTES;
  let entries = 0;
  const walk = (source: string, target: string, top: boolean): void => {
    let names: string[];
    try {
      names = readdirSync(source);
    } catch {
      return;
    }
    for (const entry of names.sort()) {
      if ((top && entry === name) || entry === ".git" || entry === "node_modules") continue;
      if (++entries > MAX_COPIED_ENTRIES) return;
      const path = join(source, entry);
      const copy = join(target, entry);
      try {
        const info = lstatSync(path);
        if (info.isSymbolicLink()) symlinkSync(readlinkSync(path), copy);
        else if (info.isDirectory()) {
          mkdirSync(copy);
          walk(path, copy, false);
        } else if (info.isFile() && info.size === 0) writeFileSync(copy, "");
        else if (info.isFile() && info.size <= budget) {
          copyFileSync(path, copy);
          budget -= info.size;
        }
      } catch {
        // Unreadable or gone: left out, as if it were not there.
      }
    }
  };
  walk(from, to, true);
}
