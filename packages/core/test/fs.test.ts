import { execFileSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  describeWriteFailure,
  stageWrite,
  TEMP_FILE_SUFFIX,
  type WriteResult,
  writeFileSafely,
} from "../src/fs.js";

// The suite runs as root (CI and the development machine): it makes files of another owner,
// and runs a write as an unprivileged user (uid 65534) where the test needs one.
const NOBODY = 65534;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ops-skill-write-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const temps = (folder = dir) => readdirSync(folder).filter((n) => n.endsWith(TEMP_FILE_SUFFIX));

function expectRefused(result: WriteResult, refusal: string): void {
  expect(result.ok).toBe(false);
  expect(result).toMatchObject({ status: "refused", refusal });
}

describe("writeFileSafely", () => {
  it("creates a file, and replaces one keeping its mode", async () => {
    const file = join(dir, "a.txt");
    expect(await writeFileSafely(file, "one\n", { root: dir })).toMatchObject({
      ok: true,
      status: "written",
      created: true,
    });
    expect(readFileSync(file, "utf8")).toBe("one\n");
    chmodSync(file, 0o640);
    expect(await writeFileSafely(file, "two\n", { root: dir })).toMatchObject({
      status: "written",
      created: false,
    });
    expect(readFileSync(file, "utf8")).toBe("two\n");
    expect(statSync(file).mode & 0o7777).toBe(0o640);
    expect(temps()).toEqual([]);
  });

  it("writes every byte of a large text", async () => {
    const file = join(dir, "big.txt");
    const data = Buffer.alloc(3 * 1024 * 1024 + 7, "x");
    expect((await writeFileSafely(file, data, { root: dir })).ok).toBe(true);
    expect(readFileSync(file).equals(data)).toBe(true);
  });

  it("writes nothing when the file already holds the bytes", async () => {
    const file = join(dir, "same.txt");
    writeFileSync(file, "same\n");
    utimesSync(file, 1_000_000, 1_000_000);
    const before = statSync(file);
    expect(await writeFileSafely(file, "same\n", { root: dir })).toMatchObject({
      ok: true,
      status: "unchanged",
    });
    const after = statSync(file);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.ino).toBe(before.ino);
  });

  it("writes through a symbolic link inside the tree, and keeps the link", async () => {
    mkdirSync(join(dir, "shared"));
    const real = join(dir, "shared", "SKILL.md");
    writeFileSync(real, "old\n");
    const link = join(dir, "SKILL.md");
    symlinkSync(real, link);
    expect(await writeFileSafely(link, "new\n", { root: dir })).toMatchObject({
      status: "written",
      target: real,
    });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toBe("new\n");
  });

  it("refuses a symbolic link (or a folder on the way) to outside the tree", async () => {
    const tree = join(dir, "tree");
    const outside = join(dir, "outside");
    mkdirSync(tree);
    mkdirSync(outside);
    writeFileSync(join(outside, "SKILL.md"), "theirs\n");
    symlinkSync(join(outside, "SKILL.md"), join(tree, "SKILL.md"));
    symlinkSync(outside, join(tree, "linked"));
    for (const path of [join(tree, "SKILL.md"), join(tree, "linked", "SKILL.md")]) {
      const result = await writeFileSafely(path, "ours\n", { root: tree });
      expectRefused(result, "outside-root");
      expect(result.ok ? "" : result.reason).toContain(join(outside, "SKILL.md"));
    }
    // A new file in a folder outside the tree is refused too.
    expectRefused(
      await writeFileSafely(join(tree, "linked", "new.md"), "x", { root: tree }),
      "outside-root",
    );
    expect(readFileSync(join(outside, "SKILL.md"), "utf8")).toBe("theirs\n");
    expect(readdirSync(outside)).toEqual(["SKILL.md"]);
  });

  it("refuses a read-only file, a hard-linked file, a folder, a FIFO and a dangling link", async () => {
    const readOnly = join(dir, "ro.txt");
    writeFileSync(readOnly, "keep\n");
    chmodSync(readOnly, 0o444);
    const ro = await writeFileSafely(readOnly, "new\n", { root: dir });
    expectRefused(ro, "read-only");
    expect(ro.ok ? "" : ro.reason).toBe("it is read-only (mode 0444)");

    const linked = join(dir, "linked.txt");
    writeFileSync(linked, "keep\n");
    linkSync(linked, join(dir, "other-name.txt"));
    const hard = await writeFileSafely(linked, "new\n", { root: dir });
    expectRefused(hard, "hard-linked");
    expect(hard.ok ? "" : hard.reason).toContain("2 hard links");

    mkdirSync(join(dir, "folder"));
    expectRefused(await writeFileSafely(join(dir, "folder"), "x", { root: dir }), "not-a-file");
    execFileSync("mkfifo", [join(dir, "fifo")]);
    expectRefused(await writeFileSafely(join(dir, "fifo"), "x", { root: dir }), "not-a-file");
    symlinkSync(join(dir, "nowhere"), join(dir, "dangling"));
    expectRefused(
      await writeFileSafely(join(dir, "dangling"), "x", { root: dir }),
      "dangling-link",
    );

    expect(readFileSync(readOnly, "utf8")).toBe("keep\n");
    expect(readFileSync(linked, "utf8")).toBe("keep\n");
    expect(statSync(linked).nlink).toBe(2);
    expect(temps()).toEqual([]);
  });

  it("keeps the owner and group of the file it replaces", async () => {
    const file = join(dir, "theirs.txt");
    writeFileSync(file, "old\n");
    chownSync(file, NOBODY, NOBODY);
    chmodSync(file, 0o600);
    expect(await writeFileSafely(file, "new\n", { root: dir })).toMatchObject({
      status: "written",
    });
    const after = statSync(file);
    expect([after.uid, after.gid, after.mode & 0o7777]).toEqual([NOBODY, NOBODY, 0o600]);
    expect(readFileSync(file, "utf8")).toBe("new\n");
  });

  it("refuses, as a user who cannot give the new file the old owner", () => {
    // A folder anyone may write in, a file of root's anyone may write: uid 65534 could replace
    // it, but the new file would be theirs. Refused, nothing changed.
    chmodSync(dir, 0o777);
    const file = join(dir, "roots.txt");
    writeFileSync(file, "root's\n");
    chmodSync(file, 0o666);
    const script = `import("${new URL("../dist/fs.js", import.meta.url).href}").then(async (m) => {
      process.stdout.write(JSON.stringify(await m.writeFileSafely(${JSON.stringify(file)}, "nobody's\\n", { root: ${JSON.stringify(dir)} })));
    })`;
    const out = execFileSync(
      "setpriv",
      [
        `--reuid=${NOBODY}`,
        `--regid=${NOBODY}`,
        "--clear-groups",
        process.execPath,
        "--input-type=module",
        "-e",
        script,
      ],
      { encoding: "utf8" },
    );
    const result = JSON.parse(out) as WriteResult;
    expectRefused(result, "owner");
    expect(result.ok ? "" : result.reason).toContain("uid 0 gid 0");
    expect(readFileSync(file, "utf8")).toBe("root's\n");
    expect(statSync(file).uid).toBe(0);
    expect(temps()).toEqual([]);
  });

  it("fails with the OS reason on a full disk, leaving the original and no temporary file", () => {
    // prlimit's file size limit: the first write past it is short, the next one fails (EFBIG).
    const file = join(dir, "big.txt");
    writeFileSync(file, "original\n");
    const script = `import("${new URL("../dist/fs.js", import.meta.url).href}").then(async (m) => {
      const r = await m.writeFileSafely(${JSON.stringify(file)}, Buffer.alloc(100000, "y"), { root: ${JSON.stringify(dir)} });
      process.stdout.write(JSON.stringify({ r, line: r.ok ? "" : m.describeWriteFailure(r, "big.txt") }));
    })`;
    const out = execFileSync(
      "prlimit",
      ["--fsize=8192", process.execPath, "--input-type=module", "-e", script],
      { encoding: "utf8" },
    );
    const { r, line } = JSON.parse(out) as { r: WriteResult; line: string };
    expect(r).toMatchObject({ ok: false, status: "failed", code: "EFBIG" });
    expect(line).toBe(
      "big.txt: not written: cannot write the new text: the file is too large for the file system or the process's file size limit (EFBIG); the file is unchanged",
    );
    expect(readFileSync(file, "utf8")).toBe("original\n");
    expect(temps()).toEqual([]);
  });

  it("lets the caller refuse to replace a file that is not its own", async () => {
    const file = join(dir, "package.json");
    writeFileSync(file, '{"dependencies":{}}\n');
    const result = await writeFileSafely(file, "{}\n", {
      root: dir,
      mayReplace: () => "it was not generated by us",
    });
    expectRefused(result, "not-ours");
    expect(result.ok ? "" : describeWriteFailure(result, "package.json")).toBe(
      "package.json: not written: it was not generated by us; the file is unchanged",
    );
    expect(readFileSync(file, "utf8")).toBe('{"dependencies":{}}\n');
    // A new file is not asked about.
    expect(
      (await writeFileSafely(join(dir, "new.json"), "{}\n", { root: dir, mayReplace: () => "no" }))
        .ok,
    ).toBe(true);
  });
});

describe("stageWrite", () => {
  it("puts nothing in place before commit, and abort removes the temporary file", async () => {
    const file = join(dir, "a.txt");
    writeFileSync(file, "old\n");
    const staged = await stageWrite(file, "new\n", { root: dir });
    if (!staged.ok) throw new Error(staged.reason);
    expect(staged.changed).toBe(true);
    expect(temps()).toHaveLength(1);
    expect(readFileSync(file, "utf8")).toBe("old\n");
    await staged.abort();
    expect(temps()).toEqual([]);
    expect(readFileSync(file, "utf8")).toBe("old\n");

    const again = await stageWrite(file, "new\n", { root: dir });
    if (!again.ok) throw new Error(again.reason);
    expect(await again.commit()).toMatchObject({ status: "written" });
    expect(readFileSync(file, "utf8")).toBe("new\n");
    expect(temps()).toEqual([]);
  });
});
