/**
 * Which files of a run name report schemas, decided cheaply: a skill's SKILL.md and scripts
 * that hold `--output-schema` (looked at while the lint engine has the skill's files in memory,
 * and remembered per skill), the `*.schema.json` paths a SKILL.md names, and the workflow
 * files of a repository that run `--output-schema`. Small on purpose: `ops-skill lint` imports
 * it on every run to decide whether the schema rules are needed at all.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { DEFAULT_MAX_FILE_BYTES, readRegularText, type SkillFile } from "@ops-skill/core";
import { OUTPUT_SCHEMA_FLAG, schemaFileNames } from "./scan.js";

/** Schema files and the files that mention them are not read past this size. */
export const MAX_SCHEMA_FILE_BYTES = DEFAULT_MAX_FILE_BYTES;

/** A workflow file larger than this is not looked at. */
const MAX_WORKFLOW_BYTES = 1024 * 1024;

export interface SkillMentions {
  /** SKILL.md and files under `scripts/` whose text holds `--output-schema`. */
  files: string[];
  /** Existing files named `*.schema.json` that SKILL.md names, relative to the skill folder. */
  named: string[];
}

const remembered = new WeakMap<SkillFile, SkillMentions>();

/**
 * What a skill mentions, worked out once per skill (the engine asks while the skill's texts are
 * in memory, so nothing is read twice) and remembered for the rest of the run.
 */
export function skillMentions(skill: SkillFile): SkillMentions {
  let mentions = remembered.get(skill);
  if (mentions) return mentions;
  const files: string[] = [];
  if (skill.text.includes(OUTPUT_SCHEMA_FLAG)) files.push(skill.path);
  for (const entry of skill.files) {
    if (!entry.rel.startsWith("scripts/")) continue;
    if (skill.textOf(entry)?.includes(OUTPUT_SCHEMA_FLAG)) files.push(entry.path);
  }
  const named = new Set<string>();
  if (skill.text.includes(".schema.json"))
    for (const name of schemaFileNames(skill.text)) {
      const path = resolve(skill.dir, name);
      if (existsSync(path)) named.add(path);
    }
  mentions = { files, named: [...named] };
  remembered.set(skill, mentions);
  return mentions;
}

/** `.github/workflows/*.yml` and `*.yaml` of a repository that hold `--output-schema`. */
export function workflowsMentioning(repositoryRoot: string): string[] {
  const dir = join(repositoryRoot, ".github", "workflows");
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith(".yml") || name.endsWith(".yaml"))
    .sort()
    .map((name) => join(dir, name))
    .filter((path) => {
      // One that cannot be read may run it too: kept, so the run names it rather than pass it by.
      const read = readRegularText(path, { maxBytes: MAX_WORKFLOW_BYTES });
      return !read.ok ? read.kind !== "missing" : read.text.includes(OUTPUT_SCHEMA_FLAG);
    });
}

/** Directories among `paths` (files given on the command line are not searched). */
export function directoriesOf(paths: readonly string[]): string[] {
  return paths.filter((path) => {
    try {
      return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
    } catch {
      // A symbolic link loop, no permission: not a folder to search.
      return false;
    }
  });
}

/**
 * A regular file's text, or undefined when it is not a regular file, is larger than `maxBytes`
 * or cannot be read (core's `readRegularText`).
 */
export function readSmallFile(path: string, maxBytes: number): string | undefined {
  const read = readRegularText(path, { maxBytes });
  return read.ok ? read.text : undefined;
}

/** `.github/workflows/NAME.yml` (or `.yaml`): a GitHub Actions workflow. */
export function isWorkflowPath(path: string): boolean {
  const parts = path.split(/[\\/]/);
  const n = parts.length;
  return (
    n >= 3 &&
    parts[n - 3] === ".github" &&
    parts[n - 2] === "workflows" &&
    /\.ya?ml$/.test(parts[n - 1] as string)
  );
}
