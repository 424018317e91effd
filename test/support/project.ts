/**
 * Scratch projects for tests that run the linter on files: a temporary git project holding
 * the given files, removed after the test file, and the text of a skill Codex loads.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";

/**
 * A folder removed after the test file (`scratch`), and a `project(files)` maker whose projects
 * live in it.
 */
export function scratchProjects(prefix: string): {
  scratch: string;
  project: (files: Record<string, string>) => string;
} {
  const scratch = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const project = (files: Record<string, string>) => {
    const root = mkdtempSync(join(scratch, "p-"));
    mkdirSync(join(root, ".git"));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  };
  return { scratch, project };
}

/** A SKILL.md Codex loads and no quality rule objects to, with `body` after its heading. */
export const skill = (name: string, body = "") =>
  `---\nname: ${name}\ndescription: Checks ${name} things across the fleet. Use when asked to check ${name}.\n---\n\n# ${name}\n\n${body}\n`;
