/**
 * A unified diff of two schemas, pretty-printed as JSON with two spaces (how `fixSchema`'s
 * output is written), made by jsdiff (`diff`).
 */
import type { TextEdit } from "@ops-skill/core";
import { createTwoFilesPatch } from "diff";

export interface SchemaDiffOptions {
  /** Names in the `---`/`+++` header (default `a/schema.json`, `b/schema.json`). */
  fromFile?: string;
  toFile?: string;
  /** Unchanged lines around each change (default 3). */
  context?: number;
}

/** The text `fixSchema` output is written as: 2-space JSON and a final newline. */
export function formatSchemaJson(schema: unknown): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** A unified diff of two texts; empty when they are equal. */
export function unifiedDiff(
  before: string,
  after: string,
  options: SchemaDiffOptions = {},
): string {
  if (before === after) return "";
  const patch = createTwoFilesPatch(
    options.fromFile ?? "a/schema.json",
    options.toFile ?? "b/schema.json",
    before,
    after,
    undefined,
    undefined,
    { context: options.context ?? 3 },
  );
  // jsdiff starts with an `Index:`-free `===` line only for createPatch; drop tabs after names.
  return patch
    .split("\n")
    .filter((line) => !line.startsWith("==="))
    .map((line) =>
      line.startsWith("--- ") || line.startsWith("+++ ") ? line.split("\t", 1)[0] : line,
    )
    .join("\n");
}

/** The unified diff between two schemas as `fixSchema` writes them. */
export function formatSchemaDiff(
  before: unknown,
  after: unknown,
  options: SchemaDiffOptions = {},
): string {
  return unifiedDiff(formatSchemaJson(before), formatSchemaJson(after), options);
}

/** One changed stretch of lines: the old ones from `start` (0-based), and what replaces them. */
interface LineChange {
  start: number;
  removed: string[];
  added: string[];
}

/** Lines with their terminators (`a\n`, `b\r\n`, a last `c` without). */
function splitKeepingEnds(text: string): string[] {
  const lines: string[] = [];
  let at = 0;
  while (at < text.length) {
    const end = text.indexOf("\n", at);
    const next = end < 0 ? text.length : end + 1;
    lines.push(text.slice(at, next));
    at = next;
  }
  return lines;
}

/**
 * A unified diff of `text` and `text` with `edits` applied (in order, not overlapping), made from
 * the edits themselves: each changed stretch is the lines the edits touch, so the work is linear
 * in the text and the edits, where a diff of two whole texts is not. The same format as
 * `unifiedDiff`; empty when nothing changes.
 */
export function diffFromEdits(
  text: string,
  edits: readonly TextEdit[],
  options: SchemaDiffOptions = {},
): string {
  const context = options.context ?? 3;
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0 && i + 1 < text.length; i = text.indexOf("\n", i + 1))
    starts.push(i + 1);
  const lineCount = text.length === 0 ? 0 : starts.length;
  const lineStart = (line: number) => (line < lineCount ? (starts[line] as number) : text.length);
  let cursor = 0;
  /** The line holding `offset` (offsets come in order, so the search only moves forward). */
  const lineOf = (offset: number) => {
    while (cursor + 1 < lineCount && (starts[cursor + 1] as number) <= offset) cursor++;
    return offset >= text.length && text.endsWith("\n") ? lineCount : cursor;
  };

  // Group edits by the lines they touch; each group is one change of whole lines.
  const changes: LineChange[] = [];
  for (let i = 0; i < edits.length; ) {
    const first = edits[i] as TextEdit;
    const from = lineOf(first.range[0]);
    let to = lineOf(Math.max(first.range[0], first.range[1] - 1));
    let j = i + 1;
    while (j < edits.length && lineOf((edits[j] as TextEdit).range[0]) <= to) {
      const e = edits[j] as TextEdit;
      to = Math.max(to, lineOf(Math.max(e.range[0], e.range[1] - 1)));
      j++;
    }
    const spanStart = lineStart(from);
    const spanEnd = lineStart(to + 1);
    const parts: string[] = [];
    let at = spanStart;
    for (let k = i; k < j; k++) {
      const e = edits[k] as TextEdit;
      parts.push(text.slice(at, e.range[0]), e.text);
      at = e.range[1];
    }
    parts.push(text.slice(at, spanEnd));
    const removed = splitKeepingEnds(text.slice(spanStart, spanEnd));
    const added = splitKeepingEnds(parts.join(""));
    // Lines the edits left as they were are context, not change.
    let head = 0;
    while (head < removed.length && head < added.length && removed[head] === added[head]) head++;
    let tail = 0;
    while (
      tail < removed.length - head &&
      tail < added.length - head &&
      removed[removed.length - 1 - tail] === added[added.length - 1 - tail]
    )
      tail++;
    const change: LineChange = {
      start: from + head,
      removed: removed.slice(head, removed.length - tail),
      added: added.slice(head, added.length - tail),
    };
    const previous = changes[changes.length - 1];
    if (previous && previous.start + previous.removed.length === change.start) {
      // Changes on adjacent lines read as one: all their old lines, then all their new ones.
      for (const line of change.removed) previous.removed.push(line);
      for (const line of change.added) previous.added.push(line);
    } else if (change.removed.length > 0 || change.added.length > 0) changes.push(change);
    i = j;
  }
  if (changes.length === 0) return "";

  const oldLine = (line: number) => text.slice(lineStart(line), lineStart(line + 1));
  const out: string[] = [
    `--- ${options.fromFile ?? "a/schema.json"}`,
    `+++ ${options.toFile ?? "b/schema.json"}`,
  ];
  const print = (sign: string, line: string) => {
    const ends = line.endsWith("\n");
    out.push(`${sign}${ends ? line.slice(0, -1) : line}`);
    if (!ends) out.push("\\ No newline at end of file");
  };
  let delta = 0; // new line number minus old, before the hunk being written
  for (let c = 0; c < changes.length; ) {
    // Changes closer than twice the context share a hunk.
    let last = c;
    while (last + 1 < changes.length) {
      const prev = changes[last] as LineChange;
      const next = changes[last + 1] as LineChange;
      if (next.start - (prev.start + prev.removed.length) > 2 * context) break;
      last++;
    }
    const firstChange = changes[c] as LineChange;
    const lastChange = changes[last] as LineChange;
    const from = Math.max(0, firstChange.start - context);
    const to = Math.min(lineCount, lastChange.start + lastChange.removed.length + context);
    let oldCount = 0;
    let newCount = 0;
    let line = from;
    const hunk: Array<[string, string]> = [];
    for (let k = c; k <= last; k++) {
      const change = changes[k] as LineChange;
      for (; line < change.start; line++) hunk.push([" ", oldLine(line)]);
      for (const r of change.removed) hunk.push(["-", r]);
      for (const a of change.added) hunk.push(["+", a]);
      line = change.start + change.removed.length;
    }
    for (; line < to; line++) hunk.push([" ", oldLine(line)]);
    for (const [sign] of hunk) {
      if (sign !== "+") oldCount++;
      if (sign !== "-") newCount++;
    }
    const oldStart = oldCount === 0 ? from : from + 1;
    const newFrom = from + delta;
    const newStart = newCount === 0 ? newFrom : newFrom + 1;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const [sign, content] of hunk) print(sign, content);
    for (let k = c; k <= last; k++) {
      const change = changes[k] as LineChange;
      delta += change.added.length - change.removed.length;
    }
    c = last + 1;
  }
  return `${out.join("\n")}\n`;
}
