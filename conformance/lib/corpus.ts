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
 * The one case layout of every conformance domain (`skills`, `config`, `hooks`, `schema`,
 * `mentions`): `conformance/<domain>/cases/<case-id>/` holds `case.json` (what the case probes,
 * where Codex runs, what to create that git cannot store, and the domain's own fields) and the
 * case's files, copied byte for byte (symlinks stay symlinks): `project/`, the project Codex runs
 * in, and `codex-home/`, files put in `CODEX_HOME` before the run. Both folders are optional.
 */

export const CASE_MANIFEST = "case.json";
/** The case's project files. */
export const PROJECT_FOLDER = "project";
/** Files the case puts in `CODEX_HOME` (a user config, a profile file). */
export const CODEX_HOME_FOLDER = "codex-home";

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

/** The fields every `case.json` may have; domains add their own beside them. */
export interface CaseManifest {
  /** What the case probes, in a sentence. */
  description: string;
  /** Where Codex runs, relative to the project root (posix); the project root when absent. */
  cwd?: string;
  generate?: GenerateStep[];
}

export interface CorpusCase<Manifest extends CaseManifest = CaseManifest> {
  id: string;
  /** Absolute path of the case folder in the repository. */
  dir: string;
  manifest: Manifest;
}

const LIB_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * The repository's `conformance/` folder, found above this module, so it works both from
 * source (`conformance/lib`) and compiled (`.cache/conformance-lib/lib`).
 */
export function conformanceDir(): string {
  let dir = LIB_DIR;
  for (;;) {
    const candidate = join(dir, "conformance");
    if (existsSync(join(candidate, "lib", "corpus.ts"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no conformance/lib/corpus.ts above ${LIB_DIR}`);
    dir = parent;
  }
}

/** `conformance/<domain>/cases`. */
export function casesDirOf(domain: string): string {
  return join(conformanceDir(), domain, "cases");
}

/** `conformance/skills/cases`, the skills corpus. */
export function defaultCasesDir(): string {
  return casesDirOf("skills");
}

/** The repository root: the folder above `conformance/`. */
export function repositoryRoot(): string {
  return dirname(conformanceDir());
}

function assertInside(root: string, relativePath: string, what: string): string {
  const target = resolve(root, relativePath);
  const back = relative(root, target);
  if (back.startsWith("..") || resolve(root, back) !== target) {
    throw new Error(`${what} ${JSON.stringify(relativePath)} leaves its folder`);
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

export function readCaseManifest<Manifest extends CaseManifest = CaseManifest>(
  caseDir: string,
  caseId: string,
): Manifest {
  const manifestPath = join(caseDir, CASE_MANIFEST);
  const parsed = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
  if (typeof parsed.description !== "string" || parsed.description.trim() === "") {
    throw new Error(`case ${caseId}: ${CASE_MANIFEST} needs a description`);
  }
  if (parsed.cwd !== undefined) assertInside(caseDir, parsed.cwd, `case ${caseId}: cwd`);
  for (const step of parsed.generate ?? []) validateStep(step, caseId);
  return parsed;
}

/** Every case, sorted by id (code-unit order). */
export function listCases<Manifest extends CaseManifest = CaseManifest>(
  casesDir: string = defaultCasesDir(),
): CorpusCase<Manifest>[] {
  return readdirSync(casesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort(compareStrings)
    .map((id) => {
      const dir = join(casesDir, id);
      return { id, dir, manifest: readCaseManifest<Manifest>(dir, id) };
    });
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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

export interface MaterializedCase<Manifest extends CaseManifest = CaseManifest> {
  id: string;
  /** The project root: a copy of the case's `project/` plus generated entries (and `.git/`). */
  projectDir: string;
  /** Absolute directory Codex should run in. */
  cwd: string;
  manifest: Manifest;
}

export interface MaterializeOptions {
  /**
   * `true` (the default): an empty `.git/`, which makes the copy a project root for Codex.
   * `"init"`: a real repository (`git init`). Codex also asks git where the repository is, and an
   * empty `.git/` is none to git, which then looks above the copy: a recorder makes each project
   * a repository of its own so that where the runs folder is does not change what Codex does.
   */
  git?: boolean | "init";
  /** Empty the destination first (on by default); off, cases can share one project. */
  empty?: boolean;
}

/** Copies the entries of `source` into `destination` (made when missing), byte for byte. */
function copyEntries(source: string, destination: string): void {
  mkdirSync(destination, { recursive: true });
  if (!existsSync(source)) return;
  for (const name of readdirSync(source).sort())
    copyTree(join(source, name), join(destination, name));
}

/**
 * Copies the `project/` of case `caseId` into `destDir` (emptied first), preserving symlinks,
 * applies its `generate` steps and creates the `cwd` folder and, unless `git` is false, the
 * `.git/` that makes the copy a project root for Codex.
 */
export function materializeCase<Manifest extends CaseManifest = CaseManifest>(
  caseId: string,
  destDir: string,
  casesDir: string = defaultCasesDir(),
  options: MaterializeOptions = {},
): MaterializedCase<Manifest> {
  const caseDir = join(casesDir, caseId);
  const manifest = readCaseManifest<Manifest>(caseDir, caseId);
  const projectDir = resolve(destDir);
  if (options.empty !== false) rmSync(projectDir, { recursive: true, force: true });
  copyEntries(join(caseDir, PROJECT_FOLDER), projectDir);
  for (const step of manifest.generate ?? []) applyStep(projectDir, step);
  if (options.git === "init")
    execFileSync("git", ["init", "--quiet", "--template=", projectDir], { stdio: "ignore" });
  else if (options.git !== false) mkdirSync(join(projectDir, ".git"), { recursive: true });
  const cwd = assertInside(projectDir, manifest.cwd ?? ".", "cwd");
  mkdirSync(cwd, { recursive: true });
  return { id: caseId, projectDir, cwd, manifest };
}

/** Copies the case's `codex-home/` files (if any) into `codexHome` (made when missing). */
export function materializeCodexHome(caseDir: string, codexHome: string): void {
  copyEntries(join(caseDir, CODEX_HOME_FOLDER), codexHome);
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
