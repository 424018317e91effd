/** Whether a path lies within a folder: the one answer every package uses. */
import { isAbsolute, relative, sep } from "node:path";

/**
 * Whether `path` is `root` itself or below it. Both absolute and normalised; symbolic links are
 * not followed (pass real paths to compare where files really are). A name that only starts
 * with dots (`..cache`) is inside.
 */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
