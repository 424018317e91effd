import type { Diagnostic, TextEdit } from "@ops-skill/core";

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
