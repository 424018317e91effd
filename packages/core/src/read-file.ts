/**
 * The one way ops-skill reads a file. A path is looked at with `stat` before it is opened, and
 * only a regular file is read: a folder, a FIFO, a socket or a device is a result that says what
 * it is, never a read. The file is opened non-blocking and looked at again once open, so a FIFO
 * swapped in between cannot block the run, and it is read up to a size cap (16 MiB unless the
 * caller says otherwise), in a loop that trusts no size it was told. Every operating-system
 * error becomes a result with a short problem ("permission denied", "symbolic link loop"):
 * nothing here throws.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statSync } from "node:fs";

/** What a file is not read past, unless the caller gives its own cap. */
export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;

/** Why a file was not read. */
export type FileProblemKind =
  /** ENOENT: nothing at the path (or a symbolic link to nothing). */
  | "missing"
  /** ENOTDIR: a path through something that is not a directory. */
  | "not-a-directory"
  | "directory"
  | "fifo"
  | "socket"
  | "character-device"
  | "block-device"
  /** A regular file larger than the cap. */
  | "too-large"
  /** ELOOP. */
  | "symlink-loop"
  /** EACCES or EPERM. */
  | "permission-denied"
  /** ENAMETOOLONG. */
  | "name-too-long"
  /** Any other operating-system error (`code` says which). */
  | "os-error";

export interface FileProblem {
  ok: false;
  path: string;
  kind: FileProblemKind;
  /** A few words, to follow the path: "is a FIFO", "permission denied", "larger than 16 MiB". */
  problem: string;
  /** The error code, when an operating-system call failed (`EACCES`, `ELOOP`, ...). */
  code?: string;
  /** The size in bytes, when it is known (always for `too-large`). */
  size?: number;
}

export interface FileBytes {
  ok: true;
  path: string;
  /** The file's bytes; a view of `options.into` when the caller gave a buffer. */
  bytes: Uint8Array;
}

export interface FileText {
  ok: true;
  path: string;
  /** Decoded as UTF-8, invalid bytes replaced by U+FFFD, a byte-order mark kept as U+FEFF. */
  text: string;
}

export type FileRead = FileBytes | FileProblem;
export type TextRead = FileText | FileProblem;

export interface ReadFileOptions {
  /** Not read past this many bytes: a larger file is a `too-large` result. */
  maxBytes?: number;
  /**
   * Read into this buffer instead of a new one (a caller reading thousands of files reuses one):
   * it must hold at least `maxBytes + 1` bytes, and the bytes returned are a view of it, valid
   * until the next read into it.
   */
  into?: Uint8Array;
  /**
   * Return the first `maxBytes` bytes of a larger file instead of a `too-large` result (the
   * head of a file, to sniff its type).
   */
  truncate?: boolean;
  /**
   * The caller's directory listing says the path is a regular file (an entry that is no
   * symbolic link): it is opened without a `stat` first, and still looked at once open.
   */
  listedAsFile?: boolean;
}

/** The kinds that mean "this is no regular file": the path names something else. */
export function isSpecialFile(kind: FileProblemKind): boolean {
  return (
    kind === "directory" ||
    kind === "fifo" ||
    kind === "socket" ||
    kind === "character-device" ||
    kind === "block-device"
  );
}

/**
 * The problem as words that follow a file's name or "it": "is a FIFO", "is larger than 16 MiB",
 * "cannot be read (permission denied)", "does not exist".
 */
export function problemClause(problem: Pick<FileProblem, "kind" | "problem">): string {
  if (isSpecialFile(problem.kind)) return problem.problem;
  if (problem.kind === "too-large") return `is ${problem.problem}`;
  if (problem.kind === "missing") return "does not exist";
  return `cannot be read (${problem.problem})`;
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/** A regular file's bytes, or why it was not read. Never throws. */
export function readRegularFile(path: string, options: ReadFileOptions = {}): FileRead {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (!options.listedAsFile) {
    let info: Stats | undefined;
    try {
      info = statSync(path, { throwIfNoEntry: false });
    } catch (error) {
      return problemOfError(path, error);
    }
    if (info === undefined) return problem(path, "missing", 0, { code: "ENOENT" });
    const other = problemOfStats(path, info, options.truncate ? Infinity : maxBytes);
    if (other) return other;
  }
  let fd: number | undefined;
  try {
    fd = openSync(path, OPEN_FLAGS);
    // Looked at again once open: what was a file at `stat` may be a FIFO or a device now.
    const info = fstatSync(fd);
    const other = problemOfStats(path, info, options.truncate ? Infinity : maxBytes);
    if (other) return other;
    return readOpen(path, fd, info.size, maxBytes, options);
  } catch (error) {
    return problemOfError(path, error);
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {}
    }
  }
}

/** A regular file's text (see `FileText.text`), or why it was not read. Never throws. */
export function readRegularText(path: string, options: ReadFileOptions = {}): TextRead {
  const read = readRegularFile(path, options);
  if (!read.ok) return read;
  const { bytes } = read;
  return {
    ok: true,
    path,
    text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"),
  };
}

/**
 * Reads to the end of the file, whatever size `stat` gave (a file may grow, a `/proc` file says
 * 0), and stops one byte past `maxBytes`.
 */
function readOpen(
  path: string,
  fd: number,
  statSize: number,
  maxBytes: number,
  { into, truncate }: ReadFileOptions,
): FileRead {
  if (truncate) {
    const head = into !== undefined && into.length >= maxBytes ? into : new Uint8Array(maxBytes);
    let length = 0;
    while (length < maxBytes) {
      const read = readSync(fd, head, length, maxBytes - length, null);
      if (read === 0) break;
      length += read;
    }
    return { ok: true, path, bytes: head.subarray(0, length) };
  }
  let buffer =
    into !== undefined && into.length > maxBytes
      ? into
      : new Uint8Array(Math.min(statSize, maxBytes) + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > maxBytes) return problem(path, "too-large", maxBytes, { size: length });
      const grown = new Uint8Array(Math.min(buffer.length * 2, maxBytes + 1));
      grown.set(buffer);
      buffer = grown;
    }
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) break;
    length += read;
  }
  if (length > maxBytes) return problem(path, "too-large", maxBytes, { size: length });
  return { ok: true, path, bytes: buffer.subarray(0, length) };
}

function problemOfStats(path: string, info: Stats, maxBytes: number): FileProblem | undefined {
  if (info.isFile())
    return info.size > maxBytes
      ? problem(path, "too-large", maxBytes, { size: info.size })
      : undefined;
  if (info.isDirectory()) return problem(path, "directory");
  if (info.isFIFO()) return problem(path, "fifo");
  if (info.isSocket()) return problem(path, "socket");
  if (info.isCharacterDevice()) return problem(path, "character-device");
  if (info.isBlockDevice()) return problem(path, "block-device");
  return problem(path, "os-error", 0, { problem: "not a regular file" });
}

const KIND_OF_CODE: Record<string, FileProblemKind> = {
  ENOENT: "missing",
  ENOTDIR: "not-a-directory",
  EISDIR: "directory",
  ELOOP: "symlink-loop",
  EACCES: "permission-denied",
  EPERM: "permission-denied",
  ENAMETOOLONG: "name-too-long",
};

/** An error thrown by a `node:fs` call on `path`, as a problem. */
export function problemOfError(path: string, error: unknown): FileProblem {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const kind = (code !== undefined && KIND_OF_CODE[code]) || "os-error";
  if (kind !== "os-error") return problem(path, kind, 0, code === undefined ? {} : { code });
  // Node's message is "CODE: what, syscall 'path'": keep "what (CODE)".
  const message = (error as Error | undefined)?.message ?? String(error);
  const what = /^[A-Z0-9]+: ([^,]*)/.exec(message)?.[1] ?? message;
  return problem(path, "os-error", 0, {
    problem: code === undefined ? what : `${what} (${code})`,
    ...(code === undefined ? {} : { code }),
  });
}

function problem(
  path: string,
  kind: FileProblemKind,
  maxBytes = 0,
  extra: { size?: number; code?: string; problem?: string } = {},
): FileProblem {
  const result: FileProblem = {
    ok: false,
    path,
    kind,
    problem: extra.problem ?? PROBLEM_TEXT[kind](maxBytes, extra.size),
  };
  if (extra.code !== undefined) result.code = extra.code;
  if (extra.size !== undefined) result.size = extra.size;
  return result;
}

const PROBLEM_TEXT: Record<FileProblemKind, (maxBytes: number, size?: number) => string> = {
  missing: () => "no such file or directory",
  "not-a-directory": () => "a part of the path is not a directory",
  directory: () => "is a directory",
  fifo: () => "is a FIFO",
  socket: () => "is a socket",
  "character-device": () => "is a character device",
  "block-device": () => "is a block device",
  "too-large": (maxBytes) => `larger than ${formatBytes(maxBytes)}`,
  "symlink-loop": () => "symbolic link loop",
  "permission-denied": () => "permission denied",
  "name-too-long": () => "name too long",
  "os-error": () => "cannot be read",
};

/** `16 MiB`, `1.5 KiB`, `100 bytes`. */
export function formatBytes(bytes: number): string {
  const units: [number, string][] = [
    [1024 * 1024 * 1024, "GiB"],
    [1024 * 1024, "MiB"],
    [1024, "KiB"],
  ];
  for (const [size, unit] of units)
    if (bytes >= size) {
      const value = bytes / size;
      return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
    }
  return `${bytes} bytes`;
}
