/**
 * The one way ops-skill writes a user's file (`lint --fix`, `schema fix --write`, `types`, and
 * whatever writes files next): the bytes go to a new temporary file in the same directory,
 * written in a loop until every byte is down, flushed to the disk, measured, given the mode and
 * owner of the file it replaces, and renamed over it; then the directory is flushed. On any
 * failure the temporary file is removed and the original is left byte for byte as it was.
 *
 * Nothing here throws: every outcome, refusals and OS errors included, is a `WriteResult`, so a
 * caller can print one line naming the path and exit 2.
 *
 * Refused (nothing written): a file whose real path is outside the tree the caller names (a
 * symbolic link, or a folder on the way that is one); a file whose owner has no write bit (the
 * mode decides, since root may write anything); a file with more than one hard link (the rename
 * would give this name a new file and leave the others on the old one); anything but a regular
 * file; a file whose owner or group the process cannot give the new file. A write of the bytes
 * the file already holds writes nothing.
 */

import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, type Stats } from "node:fs";
import { type FileHandle, lstat, open, realpath, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { isInside } from "./path-inside.js";

/** Suffix of the temporary files the writer makes (`.<name>.<pid>-<random>.ops-skill-tmp`). */
export const TEMP_FILE_SUFFIX = ".ops-skill-tmp";

/** Why a write was refused before anything was written. */
export type WriteRefusal =
  /** The file's real path (through a symbolic link) is outside the tree the caller named. */
  | "outside-root"
  /** A symbolic link to nothing. */
  | "dangling-link"
  /** The owner has no write permission (mode bits; root would otherwise write anyway). */
  | "read-only"
  /** More than one hard link: a rename would silently break the link. */
  | "hard-linked"
  /** A folder, FIFO, device or socket. */
  | "not-a-file"
  /** The new file cannot be given the owner and group of the one it replaces. */
  | "owner"
  /** The caller's own rule said no (`WriteOptions.mayReplace`). */
  | "not-ours";

export interface WriteWritten {
  ok: true;
  status: "written";
  /** The path as given. */
  path: string;
  /** The file really written (the target of a symbolic link). */
  target: string;
  /** Whether the file did not exist before. */
  created: boolean;
}

export interface WriteUnchanged {
  ok: true;
  status: "unchanged";
  path: string;
  target: string;
}

export interface WriteRefused {
  ok: false;
  status: "refused";
  path: string;
  refusal: WriteRefusal;
  /** Why, in words, without the path (`it is read-only (mode 0444)`). */
  reason: string;
}

export interface WriteFailed {
  ok: false;
  status: "failed";
  path: string;
  /** The OS error code (`ENOSPC`, `EFBIG`, `EACCES`...), when there is one. */
  code: string | undefined;
  /** What failed, in words, without the path (`the disk is full (ENOSPC)`). */
  reason: string;
}

export type WriteFailure = WriteRefused | WriteFailed;
export type WriteResult = WriteWritten | WriteUnchanged | WriteFailure;

export interface WriteOptions {
  /**
   * The tree the file belongs to (the folder being linted, the output folder): a file whose
   * real path is outside it is refused. Required, so that no caller forgets it.
   */
  root: string;
  /** Permission bits of a file that does not exist yet (the umask applies); default 0o666. */
  mode?: number;
  /**
   * Asked before an existing file is replaced (not before one is created), with its real path:
   * return why it must not be, or undefined to go on (`types` replaces only what it generated).
   */
  mayReplace?: (target: string) => string | undefined;
  /**
   * Write even when the file holds these bytes already (a cache whose modification time is
   * part of its meaning). Default false: an unchanged file is not touched.
   */
  evenIfUnchanged?: boolean;
}

/** A write prepared by `stageWrite`: the bytes are on disk in a temporary file, not yet in place. */
export interface StagedWrite {
  ok: true;
  path: string;
  target: string;
  /** False when the file already holds these bytes: `commit` then writes nothing. */
  changed: boolean;
  /** The temporary file, while there is one. */
  temp: string | undefined;
  /** Renames the temporary file over the target and flushes the directory. */
  commit(): Promise<WriteResult>;
  /** Removes the temporary file; the target stays as it was. */
  abort(): Promise<void>;
}

const REASONS: Record<string, string> = {
  ENOSPC: "the disk is full",
  EFBIG: "the file is too large for the file system or the process's file size limit",
  EDQUOT: "the disk quota is exceeded",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  EIO: "input/output error",
  ENOENT: "no such file or directory",
  ENOTDIR: "a component of the path is not a folder",
  EISDIR: "it is a folder",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "the name is too long",
  EMFILE: "too many open files",
  ENFILE: "too many open files in the system",
  EBUSY: "the file is busy",
  ETXTBSY: "the file is busy",
  EXDEV: "the temporary file is on another file system",
};

/**
 * A `failed` outcome from an OS error, in the writer's words: `<doing>: <what the error means>
 * (<CODE>)`. For callers that do file work of their own around writes (create a folder, delete a
 * file) and report it the same way.
 */
export function writeFailure(path: string, error: unknown, doing: string): WriteFailed {
  return failed(path, error, doing);
}

function failed(path: string, error: unknown, doing: string): WriteFailed {
  const code =
    typeof error === "object" && error !== null && "code" in error
      ? String((error as { code: unknown }).code)
      : undefined;
  const words =
    code !== undefined
      ? `${REASONS[code] ?? (error instanceof Error ? firstLine(error.message) : code)} (${code})`
      : error instanceof Error
        ? firstLine(error.message)
        : String(error);
  return { ok: false, status: "failed", path, code, reason: `${doing}: ${words}` };
}

function firstLine(text: string): string {
  const end = text.indexOf("\n");
  return end < 0 ? text : text.slice(0, end);
}

function refused(path: string, refusal: WriteRefusal, reason: string): WriteRefused {
  return { ok: false, status: "refused", path, refusal, reason };
}

/** One line for a failed write: `<shown>: not written: <reason>; the file is unchanged`. */
export function describeWriteFailure(failure: WriteFailure, shown: string = failure.path): string {
  return `${shown}: not written: ${failure.reason}; the file is unchanged`;
}

const octal = (mode: number) => (mode & 0o7777).toString(8).padStart(4, "0");

/** Writes every byte of `data` at the start of `handle`, however many calls that takes. */
async function writeAll(handle: FileHandle, data: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset, offset);
    if (bytesWritten <= 0)
      throw Object.assign(new Error("the disk accepted no more bytes"), { code: "ENOSPC" });
    offset += bytesWritten;
  }
}

/** Whether the file at `target` (of `size` bytes) holds exactly `data`. */
async function holds(target: string, size: number, data: Uint8Array): Promise<boolean> {
  if (size !== data.length) return false;
  let handle: FileHandle | undefined;
  try {
    handle = await open(target, "r");
    const chunk = Buffer.allocUnsafe(Math.min(data.length, 1 << 20) || 1);
    let offset = 0;
    while (offset < data.length) {
      const want = Math.min(chunk.length, data.length - offset);
      const { bytesRead } = await handle.read(chunk, 0, want, offset);
      if (bytesRead <= 0) return false;
      if (Buffer.compare(chunk.subarray(0, bytesRead), data.subarray(offset, offset + bytesRead)))
        return false;
      offset += bytesRead;
    }
    const { bytesRead } = await handle.read(chunk, 0, 1, offset);
    return bytesRead === 0;
  } catch {
    return false; // unreadable: write it (the write reports what is wrong, if anything)
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Where the bytes go and what the file there is now; or why not. */
async function resolveTarget(
  path: string,
  options: WriteOptions,
): Promise<{ target: string; existing: Stats | undefined } | WriteFailure> {
  let entry: Stats | undefined;
  try {
    entry = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT")
      return failed(path, error, "cannot look at the file");
  }
  const root = await realpath(options.root).catch(() => resolve(options.root));
  if (entry === undefined) {
    // A new file: its folder must be inside the tree.
    const folder = await realpath(dirname(path)).catch((error) => error as Error);
    if (folder instanceof Error) return failed(path, folder, "cannot reach its folder");
    if (!isInside(root, folder))
      return refused(
        path,
        "outside-root",
        `its folder is ${folder}, outside ${root}, the tree being written`,
      );
    return { target: join(folder, basename(path)), existing: undefined };
  }
  let target: string;
  try {
    target = await realpath(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (entry.isSymbolicLink() && code === "ENOENT")
      return refused(path, "dangling-link", "it is a symbolic link to a file that does not exist");
    return failed(path, error, "cannot resolve the path");
  }
  if (!isInside(root, target))
    return refused(
      path,
      "outside-root",
      `${entry.isSymbolicLink() ? "it is a symbolic link to" : "its real path is"} ${target}, outside ${root}, the tree being written`,
    );
  let existing: Stats;
  try {
    existing = entry.isSymbolicLink() ? await stat(target) : entry;
  } catch (error) {
    return failed(path, error, "cannot look at the file");
  }
  if (!existing.isFile()) return refused(path, "not-a-file", "it is not a regular file");
  if ((existing.mode & 0o200) === 0)
    return refused(path, "read-only", `it is read-only (mode ${octal(existing.mode)})`);
  if (existing.nlink > 1)
    return refused(
      path,
      "hard-linked",
      `it has ${existing.nlink} hard links; replacing it would break them (the other names would keep the old text)`,
    );
  const notOurs = options.mayReplace?.(target);
  if (notOurs !== undefined) return refused(path, "not-ours", notOurs);
  return { target, existing };
}

/**
 * Prepares a write: checks the target, and unless it already holds `data`, writes `data` to a
 * temporary file beside it (every byte, flushed, measured, with the target's mode and owner).
 * Nothing is in place until `commit`; several staged writes can be committed together once all
 * of them were staged (`types` writes a set of files or none).
 */
export async function stageWrite(
  path: string,
  data: string | Uint8Array,
  options: WriteOptions,
): Promise<StagedWrite | WriteFailure> {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  const where = await resolveTarget(path, options);
  if ("ok" in where) return where;
  const { target, existing } = where;
  if (
    existing !== undefined &&
    options.evenIfUnchanged !== true &&
    (await holds(target, existing.size, bytes))
  )
    return {
      ok: true,
      path,
      target,
      changed: false,
      temp: undefined,
      commit: async () => ({ ok: true, status: "unchanged", path, target }),
      abort: async () => undefined,
    };

  const temp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}-${randomBytes(6).toString("hex")}${TEMP_FILE_SUFFIX}`,
  );
  let handle: FileHandle | undefined;
  const removeTemp = async () => {
    await handle?.close().catch(() => undefined);
    handle = undefined;
    await unlink(temp).catch(() => undefined);
  };
  try {
    // O_EXCL: never open a file someone else put there (a link planted under this name).
    handle = await open(temp, "wx", existing ? 0o600 : (options.mode ?? 0o666));
  } catch (error) {
    return failed(path, error, "cannot create a temporary file beside it");
  }
  try {
    if (existing !== undefined) {
      const made = await handle.stat();
      if (made.uid !== existing.uid || made.gid !== existing.gid) {
        try {
          await handle.chown(existing.uid, existing.gid);
        } catch (error) {
          await removeTemp();
          return refused(
            path,
            "owner",
            `it belongs to uid ${existing.uid} gid ${existing.gid}, which this process cannot give the new file (${(error as NodeJS.ErrnoException).code ?? "error"})`,
          );
        }
      }
      // After chown, which clears set-user-ID bits.
      await handle.chmod(existing.mode & 0o7777);
    }
    await writeAll(handle, bytes);
    await handle.sync();
    const written = await handle.stat();
    if (written.size !== bytes.length)
      throw new Error(`${written.size} bytes are on disk of the ${bytes.length} written`);
    await handle.close();
    handle = undefined;
  } catch (error) {
    await removeTemp();
    return failed(path, error, "cannot write the new text");
  }

  let pending = true;
  return {
    ok: true,
    path,
    target,
    changed: true,
    get temp() {
      return pending ? temp : undefined;
    },
    commit: async (): Promise<WriteResult> => {
      if (!pending)
        return failed(
          path,
          new Error("this write was already committed or aborted"),
          "cannot write",
        );
      pending = false;
      try {
        await rename(temp, target);
      } catch (error) {
        await unlink(temp).catch(() => undefined);
        return failed(path, error, "cannot put the new text in place");
      }
      await syncDirectory(dirname(target));
      return { ok: true, status: "written", path, target, created: existing === undefined };
    },
    abort: async () => {
      if (!pending) return;
      pending = false;
      await unlink(temp).catch(() => undefined);
    },
  };
}

/** Flushes a folder, so that a rename in it survives a crash (where the file system allows). */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch {
    // Some file systems cannot sync a folder (EINVAL, EISDIR); the rename is done all the same.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Writes `data` to `path` atomically (see the module comment): `written`, `unchanged` (the file
 * already held these bytes; nothing was written), `refused` or `failed` (nothing was written,
 * the original is as it was, no temporary file is left). Never throws.
 */
export async function writeFileSafely(
  path: string,
  data: string | Uint8Array,
  options: WriteOptions,
): Promise<WriteResult> {
  try {
    const staged = await stageWrite(path, data, options);
    if (!staged.ok) return staged;
    return await staged.commit();
  } catch (error) {
    return failed(path, error, "cannot write");
  }
}

/**
 * `mkdir -p`, one folder at a time from the nearest that exists (Node's recursive `mkdir` spins
 * on some special file systems, such as `/proc`, instead of failing). Each folder made gets
 * `mode` (before the umask). Returns the first folder made, if any; throws the OS error.
 */
export function makeFolders(dir: string, mode?: number): string | undefined {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) mkdirSync(d, mode === undefined ? undefined : { mode });
  return missing[0];
}
