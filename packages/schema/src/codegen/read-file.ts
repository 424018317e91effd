/**
 * Reading a schema file safely: `stat` before `open`, regular files only, a size cap. Here in
 * `codegen/` because that folder compiles on its own (its worker threads); the lint plugin,
 * `schema fix` and the mention checks use it too.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";

/** Schema files and the files that mention them are not read past this size. */
export const MAX_SCHEMA_FILE_BYTES = 16 * 1024 * 1024;

export type SchemaFileRead =
  | { bytes: Buffer }
  | {
      status: "missing" | "directory" | "not-regular" | "too-large" | "unreadable";
      /** Why, in a few words: "no such file", "is a directory", "is a FIFO"... */
      problem: string;
    };

/**
 * A schema file's bytes, looked at with `stat` before it is opened and again once open: a
 * folder, a FIFO, a device or a file over `maxBytes` is never read, so nothing given or named
 * can block or exhaust the run.
 */
export function readSchemaFile(path: string, maxBytes = MAX_SCHEMA_FILE_BYTES): SchemaFileRead {
  let info: ReturnType<typeof statSync>;
  try {
    info = statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    return { status: "unreadable", problem: (error as Error).message };
  }
  if (info === undefined) return { status: "missing", problem: "no such file" };
  if (info.isDirectory()) return { status: "directory", problem: "is a directory" };
  if (!info.isFile())
    return {
      status: "not-regular",
      problem: `is ${info.isFIFO() ? "a FIFO" : info.isSocket() ? "a socket" : "a device"}, not a regular file`,
    };
  const tooLarge = (size: number): SchemaFileRead => ({
    status: "too-large",
    problem: `is ${(size / 1024 / 1024).toFixed(1)} MiB, more than ${maxBytes / 1024 / 1024} MiB`,
  });
  if (info.size > maxBytes) return tooLarge(info.size);
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const { size } = fstatSync(fd);
    if (size > maxBytes) return tooLarge(size);
    const bytes = Buffer.alloc(size);
    const read = readSync(fd, bytes, 0, size, 0);
    return { bytes: bytes.subarray(0, read) };
  } catch (error) {
    return { status: "unreadable", problem: (error as Error).message };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
