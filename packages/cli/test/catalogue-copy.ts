/** Scratch copies of the repository's catalogue, for CLI tests that break one part of it. */
import { cpSync, mkdirSync } from "node:fs";
import { join } from "node:path";

export const repositoryRoot = join(import.meta.dirname, "..", "..", "..");

/** A copy of skills/, schemas/, schedule/ and .codex/ in `scratch/name`, a repository (`.git`). */
export function copyCatalogue(scratch: string, name: string): string {
  const repo = join(scratch, name);
  mkdirSync(join(repo, ".git"), { recursive: true });
  for (const part of ["skills", "schemas", "schedule", ".codex"]) {
    cpSync(join(repositoryRoot, part), join(repo, part), { recursive: true });
  }
  return repo;
}
