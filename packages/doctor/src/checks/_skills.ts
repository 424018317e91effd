/**
 * The skills of a run: which ones the prompt names (`$name` mentions as Codex reads them, and
 * plain "the drift-check skill"), which ones Codex discovers, loads and lists from the run's
 * working directory and homes, and where a named skill lives when Codex does not find it. The
 * decisions are core's (`discoverSkills`, `readSkill`, `listingBudget`, `skillMentions`).
 */
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import {
  type AgentsPolicy,
  agentsPolicyOf,
  type DiscoveryMiss,
  discoverSkills,
  type ListingBudget,
  listingBudget,
  readSkill,
  type SkillFile,
  skillMentions,
} from "@ops-skill/core";
import type { DoctorContext, Invocation } from "../model.js";
import { type RunHome, runHomeDir } from "./_home.js";

export interface NamedSkill {
  name: string;
  /** `mention`: `$name` (Codex injects the skill); `plain`: the model must pick it from the list. */
  how: "mention" | "plain";
}

/** The word "skill" (not "skills"), any case. */
const SKILL_WORD = /\bskill\b/gi;
const NAME_CHAR = /[A-Za-z0-9_:.-]/;
const NAME_START = /[A-Za-z0-9]/;
const SPACE = /\s/;

/**
 * The word right before `at` ("the drift-check skill", "`drift-check` skill"): white space, an
 * optional quote, then a run of name characters, read backwards (no regex over the prompt, so
 * the time stays linear whatever it holds); trailing `.`, `:` and `-` dropped.
 */
function wordBefore(prompt: string, at: number): string | undefined {
  let end = at;
  while (end > 0 && SPACE.test(prompt[end - 1] as string)) end--;
  if (end === at) return undefined;
  if (end > 0 && "`'\"".includes(prompt[end - 1] as string)) end--;
  let start = end;
  while (start > 0 && NAME_CHAR.test(prompt[start - 1] as string)) start--;
  while (start < end && !NAME_START.test(prompt[start] as string)) start++;
  while (end > start && ".:-".includes(prompt[end - 1] as string)) end--;
  return end > start ? prompt.slice(start, end) : undefined;
}
const NOT_NAMES = new Set([
  "a",
  "an",
  "any",
  "each",
  "every",
  "following",
  "its",
  "my",
  "named",
  "new",
  "one",
  "our",
  "same",
  "that",
  "the",
  "this",
  "your",
]);

/**
 * The skills a prompt names: every `$name` mention Codex reads, then every plain name before
 * "skill" that looks like a skill name (a hyphen, `_`, `:` or a digit) or is one of `known`.
 */
export function namedSkills(prompt: string, known: ReadonlySet<string>): NamedSkill[] {
  const named: NamedSkill[] = skillMentions(prompt).map((name) => ({ name, how: "mention" }));
  if (!/skill/i.test(prompt)) return named;
  for (const match of prompt.matchAll(SKILL_WORD)) {
    const name = wordBefore(prompt, match.index);
    if (name === undefined || NOT_NAMES.has(name.toLowerCase())) continue;
    if (!known.has(name) && !/[-_:0-9]/.test(name)) continue;
    if (named.some((n) => n.name === name)) continue;
    named.push({ name, how: "plain" });
  }
  return named;
}

export interface LoadedSkill {
  path: string;
  root: string | undefined;
  name: string;
  scope: "project" | "user";
  policy: AgentsPolicy | undefined;
  skill: SkillFile;
}

export interface UnseenSkill {
  path: string;
  /** The name Codex would give it (its frontmatter's, else its folder's). */
  name: string;
  /** Why Codex does not list it. */
  why: "missed" | "refused" | "not-a-root";
  miss?: DiscoveryMiss;
  /** Codex's refusal, for `refused`. */
  reason?: string;
}

export interface RunSkills {
  /** The roots Codex scans for this run, in its order. */
  roots: string[];
  loaded: LoadedSkill[];
  /** Skills Codex misses or refuses under those roots, and the repository's skills outside them. */
  unseen: UnseenSkill[];
  budget: ListingBudget;
}

function nameOf(skill: SkillFile): string {
  return skill.codex.status === "loaded" ? skill.codex.listing.name : basename(skill.dir);
}

/** The user-level roots of a run: `$CODEX_HOME/skills` and `$HOME/.agents/skills`, when there. */
function userRoots(
  invocation: Invocation,
  context: DoctorContext,
  home: RunHome,
  homeDir: string | undefined,
): string[] {
  const roots: string[] = [];
  if (home.kind === "dir") roots.push(join(home.dir, "skills"));
  else if (homeDir !== undefined) roots.push(join(homeDir, "skills"));
  const userHome = runHomeDir(invocation, context);
  if (userHome !== undefined) roots.push(join(userHome, ".agents", "skills"));
  return roots.filter((root) => existsSync(root));
}

/**
 * What Codex discovers, loads and lists for the run (project roots from the repository root
 * down to `cwd`, then the user roots), and the skills it does not see: missed or refused under
 * those roots, and the repository's own skills outside them (its roots from the repository
 * root, and `skills/`).
 */
export async function runSkills(
  invocation: Invocation,
  context: DoctorContext,
  home: RunHome,
  homeDir?: string,
): Promise<RunSkills> {
  const project = await discoverSkills([], { cwd: invocation.cwd });
  const user = userRoots(invocation, context, home, homeDir);
  const users = user.length > 0 ? await discoverSkills(user, { cwd: invocation.cwd }) : undefined;
  const result: RunSkills = {
    roots: [...project.roots.map((r) => r.path), ...(users?.roots.map((r) => r.path) ?? [])],
    loaded: [],
    unseen: [],
    budget: listingBudget([]),
  };
  const seen = new Set<string>();
  const take = async (
    candidates: typeof project.candidates,
    scope: "project" | "user",
    notARoot: boolean,
  ) => {
    for (const candidate of candidates) {
      if (seen.has(candidate.path)) continue;
      seen.add(candidate.path);
      if (candidate.entryKind === "directory") continue;
      const skill = await readSkill(candidate.path);
      if (notARoot) {
        result.unseen.push({ path: candidate.path, name: nameOf(skill), why: "not-a-root" });
      } else if (candidate.miss !== undefined) {
        result.unseen.push({
          path: candidate.path,
          name: nameOf(skill),
          why: "missed",
          miss: candidate.miss,
        });
      } else if (skill.codex.status === "refused") {
        result.unseen.push({
          path: candidate.path,
          name: nameOf(skill),
          why: "refused",
          reason: skill.codex.refusal.reason,
        });
      } else {
        result.loaded.push({
          path: candidate.path,
          root: candidate.root?.path,
          name: skill.codex.listing.name,
          scope,
          policy: agentsPolicyOf(skill),
          skill,
        });
      }
    }
  };
  await take(project.candidates, "project", false);
  if (users) await take(users.candidates, "user", false);
  result.budget = listingBudget(
    result.loaded.flatMap((entry) =>
      entry.skill.codex.status === "loaded"
        ? [{ path: entry.path, root: entry.root, listing: entry.skill.codex.listing }]
        : [],
    ),
  );
  // The repository's skills Codex does not look at from this directory.
  const elsewhere = await discoverSkills([], { cwd: context.root });
  await take(elsewhere.candidates, "project", true);
  const catalogue = join(context.root, "skills");
  if (existsSync(catalogue)) {
    const found = await discoverSkills([catalogue], { cwd: context.root });
    await take(found.candidates, "project", true);
  }
  return result;
}

/** Every name the run's skills go by (loaded or not), for reading plain names in a prompt. */
export function knownNames(skills: RunSkills): Set<string> {
  return new Set([...skills.loaded.map((s) => s.name), ...skills.unseen.map((s) => s.name)]);
}

/** The SKILL.md files of the skills a prompt names (wherever they are), for the hooks check. */
export function namedSkillFiles(skills: RunSkills, named: readonly NamedSkill[]): string[] {
  const files: string[] = [];
  for (const { name } of named) {
    const loaded = skills.loaded.filter((s) => s.name === name).map((s) => s.path);
    const found =
      loaded.length > 0 ? loaded : skills.unseen.filter((s) => s.name === name).map((s) => s.path);
    for (const file of found) if (!files.includes(file)) files.push(file);
  }
  return files;
}
