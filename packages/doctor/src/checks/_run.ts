/**
 * What several checks ask of a run: its paths resolved as Codex resolves them (against the
 * run's working directory), the skills its prompt names, and a verdict builder.
 */
import { readdirSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, normalize, resolve } from "node:path";
import { isInside } from "@ops-skill/core";
import type { CheckId, Invocation, Location, Verdict, VerdictStatus } from "../model.js";

/**
 * The directory `codex exec` is started in: `launchDir`, else `cwd` without the relative `-C`
 * that led there (`-C ops` from /srv: /srv), else `cwd`.
 */
export function startDir(invocation: Invocation): string {
  if (invocation.launchDir !== undefined) return invocation.launchDir;
  const cd = invocation.options.cd;
  if (cd === undefined || isAbsolute(cd)) return invocation.cwd;
  const segments = normalize(cd)
    .split("/")
    .filter((segment) => segment !== "" && segment !== ".");
  if (segments.includes("..")) return invocation.cwd;
  let dir = invocation.cwd;
  for (let k = 0; k < segments.length; k++) dir = dirname(dir);
  return dir;
}

/**
 * A path argument of `codex exec` (`--output-schema`, `-o`) as Codex reads it: relative to the
 * directory it was started in, not the `-C` folder (measured: conformance/schema `argument`).
 */
export function resolveInRun(invocation: Invocation, path: string): string {
  return isAbsolute(path) ? path : resolve(startDir(invocation), path);
}

export function verdict(
  check: CheckId,
  status: VerdictStatus,
  title: string,
  reason: string,
  location: Location,
  fix?: string,
): Verdict {
  return { check, status, title, reason, ...(fix === undefined ? {} : { fix }), location };
}

/** The variable `name` of the run's environment (its last assignment), if the schedule sets it. */
export function envEntry(invocation: Invocation, name: string) {
  return invocation.env.findLast((entry) => entry.name === name);
}

export interface RunSkill {
  name: string;
  /** The skill's folder (absolute). */
  dir: string;
}

/** Whether `path` is a file; a folder the user may not read is not one (EACCES, ELOOP). */
function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

function skillFolders(root: string): RunSkill[] {
  let names: string[];
  try {
    names = readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() || entry.isSymbolicLink())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, dir: join(root, name) }))
    .filter((skill) => isFile(join(skill.dir, "SKILL.md")));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The skills the run's prompt names, by folder name: `$name`, a path to its `SKILL.md`, or the
 * name as a word. Candidates are the skill folders of Codex's roots from the working directory
 * up to the repository (`.agents/skills`, `.codex/skills`) and the repository's `skills/` (the
 * catalogue, where `ops-skill test` finds scenarios). Whether Codex really discovers and lists
 * them is the discovery check's question; these checks only need the skill's files.
 */
export function skillsOfRun(invocation: Invocation, root: string): RunSkill[] {
  const prompt = invocation.prompt;
  if (prompt === undefined || prompt === "") return [];
  const candidates: RunSkill[] = [];
  const seen = new Set<string>();
  const add = (skills: RunSkill[]) => {
    for (const skill of skills) {
      if (seen.has(skill.name)) continue;
      seen.add(skill.name);
      candidates.push(skill);
    }
  };
  let dir = invocation.cwd;
  for (let depth = 0; depth < 64; depth++) {
    add(skillFolders(join(dir, ".agents", "skills")));
    add(skillFolders(join(dir, ".codex", "skills")));
    if (dir === root || !isInside(root, dir)) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  add(skillFolders(join(root, "skills")));
  return candidates.filter((skill) =>
    new RegExp(`(?<![\\w-])\\$?${escapeRegExp(skill.name)}(?![\\w-])`).test(prompt),
  );
}

/** `a`, `a and b`, `a, b and c`. */
export function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

export const grouped = (value: number): string => value.toLocaleString("en-US");

/** The verdict of a check that needs the skill's files when the prompt names none the doctor finds. */
export function noSkillVerdict(
  check: CheckId,
  title: string,
  invocation: Invocation,
  needs: string,
): Verdict {
  return verdict(
    check,
    "cannot-tell",
    title,
    `The prompt names no skill the doctor finds in the repository, so ${needs}.`,
    invocation.location,
    "Name the skill in the prompt (`$drift-check`, or the path of its SKILL.md).",
  );
}

/** A path the schedule builds at run time (`$RUNNER_TEMP/x`, `${{ inputs.schema }}`): not a file the doctor can look at. */
export const isRunTimePath = (path: string): boolean => path.includes("$") || path.includes("`");
