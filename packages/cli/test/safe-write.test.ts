/**
 * Every command that writes a user's file, against what a CI runner meets: a full disk (the
 * `prlimit --fsize` probe: the first write past the limit is short, the next fails with EFBIG),
 * a link out of the tree, read-only and hard-linked files, a file of another owner, a read-only
 * folder, a `package.json` where `types` writes. Whatever happens, a file is either written in
 * full or left byte for byte as it was, no temporary file stays behind, and a failure is one
 * line naming the path with exit 2. (The suite runs as root; the unprivileged cases run the CLI
 * as uid 65534 with setpriv.)
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  copyFileSync,
  linkSync,
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
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bin, runCli } from "./run-cli.js";

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, "fixtures", "safe-write");
const skillFixture = readFileSync(join(fixtures, "disk-usage", "SKILL.md"), "utf8");
const NOBODY = 65534;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ops-skill-safe-write-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The CLI under a file size limit of 8 KiB: a disk that is full past 8 KiB. */
function runOnFullDisk(args: string[], cwd: string) {
  const result = spawnSync("prlimit", ["--fsize=8192", process.execPath, bin, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The CLI as uid/gid 65534, with no other group. */
function runAsNobody(args: string[], cwd: string) {
  const result = spawnSync(
    "setpriv",
    [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", process.execPath, bin, ...args],
    { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", HOME: dir } },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under `root` (links not followed) with its bytes, by relative path. */
function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
      else if (entry.isFile()) out.set(`${prefix}${entry.name}`, readFileSync(path, "latin1"));
      else out.set(`${prefix}${entry.name}`, `<${entry.isSymbolicLink() ? "link" : "other"}>`);
    }
  };
  walk(root, "");
  return out;
}

const tempFiles = (root: string) =>
  [...snapshot(root).keys()].filter((name) => name.endsWith(".ops-skill-tmp"));

/** A skill `skills/<name>/SKILL.md` that `--fix` changes (it adds the missing `name`). */
function addSkill(root: string, name: string, padLines = 0): string {
  mkdirSync(join(root, "skills", name), { recursive: true });
  const file = join(root, "skills", name, "SKILL.md");
  const padding = Array.from({ length: padLines }, (_, i) => `Note ${i + 1} of a long runbook.\n`);
  writeFileSync(file, `${skillFixture}${padding.join("")}`);
  return file;
}

describe("lint --fix", () => {
  it("on a full disk leaves a 20 KB SKILL.md byte-identical, exits 2, names it in one line", () => {
    const file = addSkill(dir, "big", 800);
    const before = readFileSync(file);
    expect(before.length).toBeGreaterThan(20_000);
    const run = runOnFullDisk(["lint", "skills", "--fix", "--format", "json"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "ops-skill: skills/big/SKILL.md: not written: cannot write the new text: the file is too large for the file system or the process's file size limit (EFBIG); the file is unchanged\n",
    );
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(tempFiles(dir)).toEqual([]);
    // The findings are still reported, unfixed.
    const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string }[] }[];
    expect(result?.messages.map((m) => m.ruleId)).toContain("codex/name-fallback");
  });

  it("refuses a SKILL.md linked to outside the tree, a 0444 file and a hard-linked file; fixes the rest", () => {
    const tree = join(dir, "tree");
    mkdirSync(tree);
    const outside = join(dir, "outside", "SKILL.md");
    mkdirSync(dirname(outside));
    writeFileSync(outside, skillFixture);
    mkdirSync(join(tree, "skills", "linked"), { recursive: true });
    symlinkSync(outside, join(tree, "skills", "linked", "SKILL.md"));
    const readOnly = addSkill(tree, "read-only");
    chmodSync(readOnly, 0o444);
    const hardLinked = addSkill(tree, "hard-linked");
    linkSync(hardLinked, join(dir, "second-name.md"));
    const plain = addSkill(tree, "plain");

    const run = runCli(["lint", "skills", "--fix"], tree);
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")).toEqual([
      "ops-skill: skills/hard-linked/SKILL.md: not written: it has 2 hard links; replacing it would break them (the other names would keep the old text); the file is unchanged",
      `ops-skill: skills/linked/SKILL.md: not written: it is a symbolic link to ${outside}, outside ${join(tree, "skills")}, the tree being written; the file is unchanged`,
      "ops-skill: skills/read-only/SKILL.md: not written: it is read-only (mode 0444); the file is unchanged",
      "",
    ]);
    expect(readFileSync(outside, "utf8")).toBe(skillFixture);
    expect(readFileSync(readOnly, "utf8")).toBe(skillFixture);
    expect(statSync(readOnly).mode & 0o777).toBe(0o444);
    expect(readFileSync(hardLinked, "utf8")).toBe(skillFixture);
    expect(statSync(hardLinked).nlink).toBe(2);
    expect(readFileSync(plain, "utf8")).toBe(skillFixture.replace("---\n", "---\nname: plain\n"));
    expect(tempFiles(dir)).toEqual([]);
  });

  it("keeps the owner, group and mode of a file it fixes", () => {
    const file = addSkill(dir, "owned");
    chownSync(file, NOBODY, NOBODY);
    chmodSync(file, 0o640);
    expect(runCli(["lint", "skills", "--fix"], dir).code).toBe(0);
    const after = statSync(file);
    expect([after.uid, after.gid, after.mode & 0o777]).toEqual([NOBODY, NOBODY, 0o640]);
    expect(readFileSync(file, "utf8")).toContain("name: owned\n");
  });

  it("as a user, fixes what it may and reports a skill in a read-only folder (EACCES), exit 2", () => {
    chmodSync(dir, 0o755);
    const open = addSkill(dir, "open");
    const locked = addSkill(dir, "locked");
    for (const path of [join(dir, "skills"), dirname(open), open, locked])
      chownSync(path, NOBODY, NOBODY);
    // The file is the user's and writable; its folder is root's and read-only to them.
    chmodSync(locked, 0o666);
    const run = runAsNobody(["lint", "skills", "--fix"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "ops-skill: skills/locked/SKILL.md: not written: cannot create a temporary file beside it: permission denied (EACCES); the file is unchanged\n",
    );
    expect(readFileSync(open, "utf8")).toContain("name: open\n");
    expect(readFileSync(locked, "utf8")).toBe(skillFixture);
  });
});

describe("schema fix --write", () => {
  it("on a full disk leaves the schema byte-identical, exits 2, names it in one line", () => {
    const file = join(dir, "wide.schema.json");
    copyFileSync(join(fixtures, "wide.schema.json"), file);
    const before = readFileSync(file);
    expect(before.length).toBeGreaterThan(8192);
    const run = runOnFullDisk(["schema", "fix", "wide.schema.json", "--write"], dir);
    expect(run).toMatchObject({
      code: 2,
      stdout: "",
      stderr:
        "ops-skill: wide.schema.json: not written: cannot write the new text: the file is too large for the file system or the process's file size limit (EFBIG); the file is unchanged\n",
    });
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(tempFiles(dir)).toEqual([]);
    // With room, the same command writes it.
    expect(runCli(["schema", "fix", "wide.schema.json", "--write"], dir).code).toBe(0);
    expect(readFileSync(file).equals(before)).toBe(false);
  });

  it("writes nothing at 0 changes: the modification time stays", () => {
    const file = join(dir, "strict.schema.json");
    copyFileSync(
      join(here, "..", "..", "schema", "test", "fixtures", "fix-text", "strict.schema.json"),
      file,
    );
    utimesSync(file, 1_000_000, 1_000_000);
    const run = runCli(["schema", "fix", "strict.schema.json", "--write"], dir);
    expect(run).toMatchObject({ code: 0, stderr: "strict.schema.json: 0 changes.\n" });
    expect(statSync(file).mtimeMs).toBe(1_000_000_000);
  });

  it("keeps CRLF, number literals and escapes: the file written is the minimal edit", () => {
    const source = join(here, "..", "..", "schema", "test", "fixtures", "fix-text");
    const file = join(dir, "crlf.schema.json");
    copyFileSync(join(source, "crlf-numbers.schema.json"), file);
    const dry = runCli(["schema", "fix", "crlf.schema.json"], dir);
    expect(dry.stdout).toBe(
      readFileSync(join(source, "crlf-numbers.diff"), "utf8").replaceAll(
        "crlf-numbers.schema.json",
        "crlf.schema.json",
      ),
    );
    expect(runCli(["schema", "fix", "crlf.schema.json", "--write"], dir).code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(
      readFileSync(join(source, "crlf-numbers.fixed.json"), "utf8"),
    );
  });

  it("refuses a schema that is a link to a file outside its folder", () => {
    const outside = join(dir, "elsewhere", "report.schema.json");
    mkdirSync(dirname(outside));
    copyFileSync(join(fixtures, "wide.schema.json"), outside);
    mkdirSync(join(dir, "schemas"));
    symlinkSync(outside, join(dir, "schemas", "report.schema.json"));
    const run = runCli(["schema", "fix", "schemas/report.schema.json", "--write"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `ops-skill: schemas/report.schema.json: not written: it is a symbolic link to ${outside}, outside ${join(dir, "schemas")}, the tree being written; the file is unchanged\n`,
    );
    expect(readFileSync(outside, "utf8")).toBe(
      readFileSync(join(fixtures, "wide.schema.json"), "utf8"),
    );
  });
});

describe("types", () => {
  const tutorial = join(here, "fixtures", "tutorial.schema.json");

  it("--out . never replaces the user's package.json: exit 2, one line, nothing written", () => {
    copyFileSync(tutorial, join(dir, "report.schema.json"));
    const pkg = '{\n  "name": "mine",\n  "dependencies": { "left-pad": "1.3.0" }\n}\n';
    writeFileSync(join(dir, "package.json"), pkg);
    const before = snapshot(dir);
    const run = runCli(["types", "report.schema.json", "--out", "."], dir);
    expect(run).toMatchObject({
      code: 2,
      stdout: "",
      stderr:
        'ops-skill: package.json: not written: it exists and was not generated by ops-skill types (not in .manifest.json, no "Generated by @ops-skill/schema" mark); move it or generate into another folder; the file is unchanged\nNothing was written.\n',
    });
    expect(snapshot(dir)).toEqual(before);
  });

  it("an output folder under /proc, where Node's recursive mkdir spins, exits 2 at once", () => {
    copyFileSync(tutorial, join(dir, "report.schema.json"));
    const run = spawnSync(
      process.execPath,
      [bin, "types", "report.schema.json", "--out", "/proc/self/ops-skill/generated"],
      { cwd: dir, encoding: "utf8", timeout: 20_000, killSignal: "SIGKILL" },
    );
    expect(run.signal).toBeNull();
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      "/proc/self/ops-skill/generated: not written: cannot create the output folder",
    );
  });

  it("replaces the package.json it generated itself", () => {
    copyFileSync(tutorial, join(dir, "report.schema.json"));
    expect(runCli(["types", "report.schema.json", "--out", "."], dir).code).toBe(0);
    expect(readFileSync(join(dir, "package.json"), "utf8")).toContain('"type": "module"');
    rmSync(join(dir, ".manifest.json")); // the mark in the file is enough
    expect(runCli(["types", "report.schema.json", "--out", ".", "--force"], dir).code).toBe(0);
  });

  it("on a full disk leaves the generated files as they were, exits 2, names the file", () => {
    const schema = join(dir, "report.schema.json");
    copyFileSync(join(fixtures, "wide.schema.json"), schema);
    expect(runCli(["types", "report.schema.json", "--out", "generated"], dir).code).toBe(0);
    expect(statSync(join(dir, "generated", "report.validate.js")).size).toBeGreaterThan(8192);
    const before = snapshot(dir);
    // A schema change that makes every output differ, the validator over 8 KiB.
    writeFileSync(schema, readFileSync(schema, "utf8").replaceAll('"ok"', '"okay"'));
    const snapshotBefore = new Map(before);
    snapshotBefore.set("report.schema.json", readFileSync(schema, "latin1"));
    const run = runOnFullDisk(["types", "report.schema.json", "--out", "generated"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^ops-skill: generated\/[\w.]+: not written: cannot write the new text: the file is too large for the file system or the process's file size limit \(EFBIG\); the file is unchanged\nNothing was written\.\n$/,
    );
    expect(snapshot(dir)).toEqual(snapshotBefore);
  });
});
