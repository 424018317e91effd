import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, posix, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The skills conformance corpus: `conformance/skills/cases/<case-id>/` is a project root; its
 * `case.json` says what the case probes, where Codex runs, and what to create that git cannot
 * store. Everything else in the folder is copied byte for byte (symlinks stay symlinks).
 */

export const CASE_MANIFEST = "case.json";

/** Creates `count` empty directories `<path>/d0001`, `<path>/d0002`, ... */
export interface GenerateDirectories {
  kind: "directories";
  path: string;
  count: number;
}

/** A named pipe (git stores none). */
export interface GenerateFifo {
  kind: "fifo";
  path: string;
}

/** A symbolic link to somewhere outside the case, such as a device (`/dev/zero`). */
export interface GenerateSymlink {
  kind: "symlink";
  path: string;
  target: string;
}

/** A file git will not store at that path, such as a `.git` file marking a nested project. */
export interface GenerateFile {
  kind: "file";
  path: string;
  content: string;
}

/**
 * `count` valid skills `<path>/<namePrefix><nnn>/SKILL.md` named like their folder, each with
 * `description`; for volume cases such as the listing budget.
 */
export interface GenerateSkills {
  kind: "skills";
  path: string;
  count: number;
  namePrefix: string;
  description: string;
}

/**
 * A copy of a folder of this repository (`from`, relative to the repository root), such as the
 * catalogue in `skills/`, so its verdicts follow the files instead of a snapshot of them.
 */
export interface GenerateCopy {
  kind: "copy";
  path: string;
  from: string;
}

export type GenerateStep =
  | GenerateDirectories
  | GenerateFifo
  | GenerateSymlink
  | GenerateFile
  | GenerateSkills
  | GenerateCopy;

export interface CaseManifest {
  /** What the case probes, in a sentence. */
  description: string;
  /** Where Codex runs, relative to the case root (posix); the case root when absent. */
  cwd?: string;
  generate?: GenerateStep[];
}

export interface CorpusCase {
  id: string;
  /** Absolute path of the case folder in the repository. */
  dir: string;
  manifest: CaseManifest;
}

const LIB_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * `conformance/skills/cases`. Found from the repository root above this module, so it works
 * both from source (`conformance/lib`) and compiled (`.cache/conformance-lib`).
 */
export function defaultCasesDir(): string {
  let dir = LIB_DIR;
  for (;;) {
    const candidate = join(dir, "conformance", "skills", "cases");
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no conformance/skills/cases above ${LIB_DIR}`);
    dir = parent;
  }
}

/** The repository root: the folder above `conformance/skills/cases`. */
function repositoryRoot(): string {
  return dirname(dirname(dirname(defaultCasesDir())));
}

function assertInside(root: string, relativePath: string, what: string): string {
  const target = resolve(root, relativePath);
  const back = relative(root, target);
  if (back.startsWith("..") || resolve(root, back) !== target) {
    throw new Error(`${what} ${JSON.stringify(relativePath)} leaves the case folder`);
  }
  return target;
}

function validateStep(step: GenerateStep, caseId: string): void {
  const where = `case ${caseId}: generate ${step.kind}`;
  if (typeof step.path !== "string" || step.path === "") throw new Error(`${where} needs a path`);
  if (step.kind === "symlink" && (typeof step.target !== "string" || step.target === ""))
    throw new Error(`${where} needs a target`);
  if (step.kind === "directories" || step.kind === "skills") {
    if (!Number.isInteger(step.count) || step.count < 1) throw new Error(`${where} needs a count`);
  }
}

export function readCaseManifest(caseDir: string, caseId: string): CaseManifest {
  const manifestPath = join(caseDir, CASE_MANIFEST);
  const parsed = JSON.parse(readFileSync(manifestPath, "utf8")) as CaseManifest;
  if (typeof parsed.description !== "string" || parsed.description.trim() === "") {
    throw new Error(`case ${caseId}: ${CASE_MANIFEST} needs a description`);
  }
  if (parsed.cwd !== undefined) assertInside(caseDir, parsed.cwd, `case ${caseId}: cwd`);
  for (const step of parsed.generate ?? []) validateStep(step, caseId);
  return parsed;
}

/** Every case, sorted by id. */
export function listCases(casesDir: string = defaultCasesDir()): CorpusCase[] {
  return readdirSync(casesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((id) => {
      const dir = join(casesDir, id);
      return { id, dir, manifest: readCaseManifest(dir, id) };
    });
}

function copyTree(source: string, destination: string): void {
  const stat = lstatSync(source);
  if (stat.isSymbolicLink()) {
    symlinkSync(readlinkSync(source), destination);
  } else if (stat.isDirectory()) {
    mkdirSync(destination, { recursive: true });
    for (const name of readdirSync(source).sort()) {
      copyTree(join(source, name), join(destination, name));
    }
  } else if (stat.isFile()) {
    copyFileSync(source, destination);
  } else {
    throw new Error(`cannot copy ${source}: not a file, directory or symlink`);
  }
}

function applyStep(projectDir: string, step: GenerateStep): void {
  const target = assertInside(projectDir, step.path, `generate ${step.kind} path`);
  switch (step.kind) {
    case "directories": {
      const width = String(step.count).length;
      for (let index = 1; index <= step.count; index++) {
        mkdirSync(join(target, `d${String(index).padStart(width, "0")}`), { recursive: true });
      }
      return;
    }
    case "fifo":
      mkdirSync(dirname(target), { recursive: true });
      execFileSync("mkfifo", [target]);
      return;
    case "symlink":
      mkdirSync(dirname(target), { recursive: true });
      symlinkSync(step.target, target);
      return;
    case "file":
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, step.content);
      return;
    case "copy":
      copyTree(assertInside(repositoryRoot(), step.from, "generate copy from"), target);
      return;
    case "skills": {
      const width = String(step.count).length;
      for (let index = 1; index <= step.count; index++) {
        const name = `${step.namePrefix}${String(index).padStart(width, "0")}`;
        mkdirSync(join(target, name), { recursive: true });
        writeFileSync(
          join(target, name, "SKILL.md"),
          `---\nname: ${name}\ndescription: ${step.description}\n---\n\n# ${name}\n`,
        );
      }
      return;
    }
  }
}

export interface MaterializedCase {
  id: string;
  /** The project root: a copy of the case folder plus generated entries and `.git/`. */
  projectDir: string;
  /** Absolute directory Codex should run in. */
  cwd: string;
  manifest: CaseManifest;
}

/**
 * Copies case `caseId` into `destDir` (emptied first), preserving symlinks, applies its
 * `generate` steps, creates the `cwd` folder and an empty `.git/` that makes the copy a
 * project root for Codex.
 */
export function materializeCase(
  caseId: string,
  destDir: string,
  casesDir: string = defaultCasesDir(),
): MaterializedCase {
  const caseDir = join(casesDir, caseId);
  const manifest = readCaseManifest(caseDir, caseId);
  const projectDir = resolve(destDir);
  rmSync(projectDir, { recursive: true, force: true });
  copyTree(caseDir, projectDir);
  for (const step of manifest.generate ?? []) applyStep(projectDir, step);
  mkdirSync(join(projectDir, ".git"), { recursive: true });
  const cwd = assertInside(projectDir, manifest.cwd ?? ".", "cwd");
  mkdirSync(cwd, { recursive: true });
  return { id: caseId, projectDir, cwd, manifest };
}

const SKILL_FILE_NAME = /^skill\.md$/i;

export function toPosixRelative(root: string, absolutePath: string): string {
  return relative(root, absolutePath).split(sep).join(posix.sep);
}

/**
 * Every path under `projectDir` whose name matches /^skill\.md$/i, whatever it is (file,
 * symlink, directory, FIFO), hidden folders included: the set Codex verdicts are recorded for.
 * Symlinked directories are not entered. Paths are posix and relative, sorted.
 */
export function candidateSkillFiles(projectDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (SKILL_FILE_NAME.test(entry.name)) found.push(toPosixRelative(projectDir, path));
      if (entry.isDirectory() && !entry.isSymbolicLink()) walk(path);
    }
  };
  walk(resolve(projectDir));
  return found.sort();
}
