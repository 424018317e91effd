/**
 * Unicode White_Space as Rust's `char::is_whitespace` defines it. JavaScript's `\s` differs
 * (it includes U+FEFF and lacks U+0085), and Codex trims and collapses with Rust's definition.
 */
export const RUST_WHITESPACE_CLASS =
  "\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

const TRIM = new RegExp(`^[${RUST_WHITESPACE_CLASS}]+|[${RUST_WHITESPACE_CLASS}]+$`, "g");
const RUNS = new RegExp(`[${RUST_WHITESPACE_CLASS}]+`, "g");

export function rustTrim(text: string): string {
  return text.replace(TRIM, "");
}

/** Codex's `split_whitespace().join(" ")`: trims and collapses every run to one space. */
export function collapseWhitespace(text: string): string {
  return rustTrim(text).replace(RUNS, " ");
}

/** Length in Unicode scalar values, as Rust's `chars().count()`. */
export function scalarLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
