/** The one reader: what it reads, what it refuses to open, and the words it uses. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  codexIoError,
  DEFAULT_MAX_FILE_BYTES,
  formatBytes,
  problemClause,
  readRegularFile,
  readRegularText,
} from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "ops-skill-read-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => join(dir, name);

describe("readRegularFile", () => {
  it("reads a regular file whole, and its text keeps a byte-order mark", () => {
    writeFileSync(at("bom.md"), "\ufeffhello\n");
    const read = readRegularText(at("bom.md"));
    expect(read).toEqual({ ok: true, path: at("bom.md"), text: "\ufeffhello\n" });
  });

  it("follows a symbolic link to a regular file", () => {
    writeFileSync(at("target.txt"), "x");
    symlinkSync("target.txt", at("link.txt"));
    expect(readRegularText(at("link.txt"))).toMatchObject({ ok: true, text: "x" });
  });

  it.each([
    ["missing", "nothing-here", "missing", "no such file or directory"],
    [
      "a path through a file",
      "target.txt/child",
      "not-a-directory",
      "a part of the path is not a directory",
    ],
  ])("%s: %s", (_what, name, kind, problem) => {
    expect(readRegularFile(at(name))).toMatchObject({ ok: false, kind, problem });
  });

  it("a folder, a FIFO and devices are never opened", () => {
    mkdirSync(at("folder"));
    execFileSync("mkfifo", [at("pipe")]);
    symlinkSync("/dev/zero", at("zero"));
    symlinkSync("/dev/urandom", at("random"));
    expect(readRegularFile(at("folder"))).toMatchObject({
      kind: "directory",
      problem: "is a directory",
    });
    expect(readRegularFile(at("pipe"))).toMatchObject({ kind: "fifo", problem: "is a FIFO" });
    for (const device of ["zero", "random"])
      expect(readRegularFile(at(device))).toMatchObject({
        kind: "character-device",
        problem: "is a character device",
      });
  });

  it("a FIFO the caller's listing took for a file: opened without blocking, then refused", () => {
    execFileSync("mkfifo", [at("swapped")]);
    expect(readRegularFile(at("swapped"), { listedAsFile: true })).toMatchObject({
      ok: false,
      kind: "fifo",
    });
  });

  it("a symbolic link loop", () => {
    symlinkSync("loop", at("loop"));
    const read = readRegularFile(at("loop"));
    expect(read).toMatchObject({
      kind: "symlink-loop",
      problem: "symbolic link loop",
      code: "ELOOP",
    });
    expect(read.ok ? "" : problemClause(read)).toBe("cannot be read (symbolic link loop)");
  });

  it("a file over the cap is not read; its size is said", () => {
    writeFileSync(at("eleven"), "01234567890");
    expect(readRegularFile(at("eleven"), { maxBytes: 10 })).toEqual({
      ok: false,
      path: at("eleven"),
      kind: "too-large",
      problem: "larger than 10 bytes",
      size: 11,
    });
    expect(readRegularFile(at("eleven"), { maxBytes: 11 })).toMatchObject({ ok: true });
    expect(DEFAULT_MAX_FILE_BYTES).toBe(16 * 1024 * 1024);
    expect(formatBytes(DEFAULT_MAX_FILE_BYTES)).toBe("16 MiB");
  });

  it("the head of a file, whatever its size", () => {
    const read = readRegularFile(at("eleven"), { maxBytes: 4, truncate: true });
    expect(read.ok && Buffer.from(read.bytes).toString()).toBe("0123");
  });

  it("reads into the caller's buffer", () => {
    const into = new Uint8Array(12);
    const read = readRegularFile(at("eleven"), { maxBytes: 11, into });
    expect(read.ok && read.bytes.buffer).toBe(into.buffer);
    expect(read.ok && Buffer.from(read.bytes).toString()).toBe("01234567890");
  });
});

describe("codexIoError", () => {
  it("Codex's words (musl's) for the errors it prints", () => {
    expect(codexIoError({ kind: "missing" })).toBe("No such file or directory (os error 2)");
    expect(codexIoError({ kind: "directory" })).toBe("Is a directory (os error 21)");
    expect(codexIoError({ kind: "permission-denied", code: "EACCES" })).toBe(
      "Permission denied (os error 13)",
    );
    expect(codexIoError({ kind: "symlink-loop", code: "ELOOP" })).toBe(
      "Symbolic link loop (os error 40)",
    );
    expect(codexIoError({ kind: "fifo" })).toBeUndefined();
  });
});
