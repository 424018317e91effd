import { statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * The git repository `start` is in, as Codex finds it: the nearest directory, here or above,
 * holding a `.git` file or a `.git` directory with a `HEAD`; undefined outside any.
 */
export function gitRepositoryRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    try {
      // No exception for the usual case, a folder without .git: a replay checks every level.
      const stat = statSync(join(dir, ".git"), { throwIfNoEntry: false });
      if (stat?.isFile()) return dir;
      if (stat?.isDirectory() && statSync(join(dir, ".git", "HEAD"), { throwIfNoEntry: false })) {
        return dir;
      }
    } catch {
      // unreadable: no .git here
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
