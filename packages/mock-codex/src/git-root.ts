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
      const stat = statSync(join(dir, ".git"));
      if (stat.isFile()) return dir;
      if (stat.isDirectory() && statSync(join(dir, ".git", "HEAD"), { throwIfNoEntry: false })) {
        return dir;
      }
    } catch {
      // no .git here
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
