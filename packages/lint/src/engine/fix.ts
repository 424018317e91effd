/**
 * `--fix`, the same for every file kind: the fixes of a file's findings that do not overlap
 * are applied, the file is linted again, and so on (at most `MAX_FIX_PASSES` times); the file
 * is written once, through core's one writer, inside the tree it was linted in.
 */
import { dirname } from "node:path";
import {
  type Diagnostic,
  isInside,
  type TextEdit,
  type WriteResult,
  writeFileSafely,
} from "@ops-skill/core";

const MAX_FIX_PASSES = 10;

/**
 * Applies the fixes of a file's diagnostics that do not overlap, first come first served
 * (ESLint's approach); the engine re-lints and repeats for the rest.
 */
export function applyFixes(
  text: string,
  diagnostics: readonly Diagnostic[],
): { text: string; applied: number } {
  const edits: TextEdit[][] = diagnostics.flatMap((d) => (d.fix ? [d.fix.edits] : []));
  const accepted: TextEdit[] = [];
  let applied = 0;
  for (const group of edits) {
    // Edits that overlap, or start at the same offset (an insertion there and a replacement
    // would shift each other), wait for the next pass.
    const overlaps = group.some((edit) =>
      accepted.some(
        (a) =>
          edit.range[0] === a.range[0] ||
          (edit.range[0] < a.range[1] && a.range[0] < edit.range[1]),
      ),
    );
    if (overlaps) continue;
    accepted.push(...group);
    applied++;
  }
  accepted.sort((a, b) => b.range[0] - a.range[0]);
  let output = text;
  for (const edit of accepted)
    output = output.slice(0, edit.range[0]) + edit.text + output.slice(edit.range[1]);
  return { text: output, applied };
}

/**
 * Fixes `text` whose lint gave `found`, linting each new text with `relint`: the final text,
 * what its last lint gave and how many fixes were applied, or undefined when none was.
 */
export async function fixText<T extends { diagnostics: readonly Diagnostic[] }>(
  text: string,
  found: T,
  relint: (text: string) => T | Promise<T>,
): Promise<{ text: string; linted: T; fixes: number } | undefined> {
  let current = text;
  let linted = found;
  let fixes = 0;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    if (!linted.diagnostics.some((d) => d.fix)) break;
    const next = applyFixes(current, linted.diagnostics);
    if (next.applied === 0 || next.text === current) break;
    fixes += next.applied;
    current = next.text;
    linted = await relint(current);
  }
  return fixes === 0 ? undefined : { text: current, linted, fixes };
}

/** Writes a fixed file atomically, refusing a real path outside the tree it was linted in. */
export async function writeFixed(
  path: string,
  text: string,
  roots: readonly string[],
): Promise<WriteResult> {
  return writeFileSafely(path, text, { root: treeOf(path, roots) });
}

/** The tree a file was linted in: the innermost folder given that holds it (a file's folder). */
function treeOf(path: string, roots: readonly string[]): string {
  let tree: string | undefined;
  for (const root of roots)
    if (isInside(root, path) && (tree === undefined || root.length > tree.length)) tree = root;
  return tree === undefined || tree === path ? dirname(path) : tree;
}
