/**
 * For the tests of the discovery, config and hooks checks: a fixture project copied into a
 * temporary git repository, a Codex home beside it, and an `Invocation` built by hand (what
 * the schedule readers make of a `codex exec` line).
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DoctorContext, DoctorFix, EnvEntry, Invocation } from "../../src/model.js";
import { invocationOf } from "../invocation.js";

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "checks-a");

export interface Sandbox {
  /** The temporary folder holding `repo/` and `home/`. */
  base: string;
  repo: string;
  /** A folder for the user's HOME (empty). */
  home: string;
  remove: () => void;
}

/** The fixture project `name` as a git repository in a fresh temporary folder. */
export function project(name?: string): Sandbox {
  const base = realpathSync(mkdtempSync(join(tmpdir(), "doctor-checks-a-")));
  const repo = join(base, "repo");
  if (name === undefined) mkdirSync(repo);
  else cpSync(join(FIXTURES, name), repo, { recursive: true });
  mkdirSync(join(repo, ".git"));
  writeFileSync(join(repo, ".git", "HEAD"), "ref: refs/heads/main\n");
  const home = join(base, "home");
  mkdirSync(home);
  return { base, repo, home, remove: () => rmSync(base, { recursive: true, force: true }) };
}

/** A Codex home made of the fixture home `name` (or empty), inside `box.base`. */
export function codexHome(box: Sandbox, name?: string, folder = "codex-home"): string {
  const dir = join(box.base, folder);
  if (name === undefined) mkdirSync(dir, { recursive: true });
  else cpSync(join(FIXTURES, "homes", name), dir, { recursive: true });
  return dir;
}

/**
 * An invocation of `codex exec [args] [prompt]` in `cwd`, as a crontab line (unless `source`
 * says otherwise).
 */
export function invocation(
  cwd: string,
  prompt: string | undefined,
  more: Partial<Omit<Invocation, "options" | "argv" | "cwd">> & { args?: readonly string[] } = {},
): Invocation {
  const { args = [], source, location, ...rest } = more;
  const file = source?.file ?? location?.file ?? join(cwd, "crontab");
  return invocationOf({
    command: ["exec", ...args, ...(prompt === undefined ? [] : [prompt])],
    start: cwd,
    file,
    kind: source?.kind ?? "crontab",
    name: source?.name ?? "crontab:1",
    ...(location === undefined ? {} : { line: location.line, column: location.column }),
    ...rest,
  });
}

/** `CODEX_HOME=<dir>` set by the schedule. */
export function withCodexHome(dir: string): Pick<Invocation, "codexHome" | "env"> {
  return {
    codexHome: dir,
    env: [
      {
        name: "CODEX_HOME",
        source: "literal",
        value: dir,
        location: { file: "<command>", line: 1, column: 1 },
      },
    ],
  };
}

/** A workflow's `CODEX_HOME: ${{ runner.temp }}/codex-home`: an expression the doctor cannot evaluate. */
export function runnerTempHome(file = "<command>"): EnvEntry {
  return {
    name: "CODEX_HOME",
    source: "expression",
    value: `${"$"}{{ runner.temp }}/codex-home`,
    location: { file, line: 1, column: 1 },
  };
}

export function context(box: Sandbox): DoctorContext {
  return {
    root: box.repo,
    settings: {},
    env: { PATH: process.env.PATH, HOME: box.home },
  };
}

/** The files as `--fix` would leave them (writes, then edits from the end), by path; nothing written. */
export function fixedTexts(fixes: readonly DoctorFix[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const fix of fixes) if (fix.kind === "write") files.set(fix.path, fix.content);
  const edits = fixes
    .filter((f): f is Extract<DoctorFix, { kind: "edit" }> => f.kind === "edit")
    .sort((a, b) => b.start - a.start);
  for (const edit of edits) {
    const text = files.get(edit.path) ?? readFileSync(edit.path, "utf8");
    files.set(edit.path, text.slice(0, edit.start) + edit.text + text.slice(edit.end));
  }
  return files;
}

/** Writes the fixes to disk. */
export function applyFixes(fixes: readonly DoctorFix[]): void {
  for (const [path, text] of fixedTexts(fixes)) writeFileSync(path, text);
}
