/**
 * File-system and body helpers shared by the quality/ and ops/ rules. Every function here is
 * bounded and never throws: a rule on an odd skill (unreadable folders, huge or binary files,
 * symlink loops) simply sees fewer files.
 */
import { existsSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
import type { SkillDirEntry, SkillFile } from "@ops-skill/core";

export { looksBinary, readHead, type SkillDirEntry } from "@ops-skill/core";

/** The skill's files under a sub-folder (`scripts`), from the model's one walk of the folder. */
export function filesUnder(skill: SkillFile, folder: string): readonly SkillDirEntry[] {
  return skill.files.filter((entry) => entry.rel.startsWith(`${folder}/`));
}

const REGULAR_FILES = Symbol("regular files of the skill");

/**
 * Whether a path relative to the skill folder exists (following links, like `existsSync`).
 * The skill's one walk answers for its regular files without a system call each.
 */
export function existsInSkill(skill: SkillFile, relativePath: string): boolean {
  const path = resolve(skill.dir, relativePath);
  const known = skill.derived(
    REGULAR_FILES,
    () => new Set(skill.files.filter((e) => e.kind === "file").map((e) => e.path)),
  );
  return known.has(path) || existsSync(path);
}

/** Real path, or undefined when it does not resolve (dangling link, loop, permissions). */
export function realPath(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

/** The skill has a frontmatter split, so the Markdown body is what follows it. */
export function hasBody(skill: SkillFile): boolean {
  const split = skill.codex.split;
  return skill.readError === undefined && split !== undefined && !("kind" in split);
}

/** A link target that is not a path in the skill: URLs, `mailto:`, anchors, absolute paths. */
export function isExternalTarget(target: string): boolean {
  return (
    target === "" ||
    target.startsWith("#") ||
    target.startsWith("/") ||
    target.startsWith("\\") ||
    target.startsWith("~") ||
    /^[a-z][a-z0-9+.-]*:/i.test(target)
  );
}

/** The path part of a relative link target: without `#fragment` or `?query`, percent-decoded. */
export function linkPath(target: string): string {
  const path = target.replace(/[?#].*$/s, "");
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * 1-based column of a link's target in its line: after `](`, `](<` or `]: ` when the target is
 * found there (the target text may also stand in the link text before it), else `fallback`.
 */
export function targetColumn(lineText: string, target: string, fallback: number): number {
  for (const before of ["](", "](<", "]: "]) {
    const index = lineText.indexOf(before + target);
    if (index >= 0) return index + before.length + 1;
  }
  return fallback;
}
