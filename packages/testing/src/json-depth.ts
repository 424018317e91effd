/**
 * How deep a JSON text nests, read in one linear pass before anything walks it: the golden
 * and the run's report are normalised and compared by recursive functions, so a document that
 * nests deeper than any report does is refused with its place instead of overflowing the stack.
 * Pure.
 */

/** Deeper than any report a skill gives; far below what a recursive walk can take. */
export const MAX_REPORT_DEPTH = 512;

/** The offset of the bracket that nests past `max` levels, or undefined. */
export function tooDeepAt(text: string, max = MAX_REPORT_DEPTH): number | undefined {
  let depth = 0;
  let inString = false;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (inString) {
      if (c === 0x5c)
        k++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return k;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
}
