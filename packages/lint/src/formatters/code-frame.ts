/**
 * Code frames for the stylish format: the lines of a finding with one line of context either
 * side, the finding's line marked with `>` and its columns with `^` (the look of Babel's
 * code frames). A file's lines are indexed once and each frame slices only the lines it
 * shows, so a file with many findings costs time in proportion to the findings, not to the
 * findings times the file. Every line is shown through `visible`, and the marks line up with
 * the escaped text.
 */
import { LineIndex } from "@ops-skill/core";
import { visible } from "./visible.js";

export interface FrameLocation {
  line: number;
  column: number;
  /** Omitted: one `^` at the start. */
  endLine?: number;
  endColumn?: number;
}

/** The lines of one file's text, split once, for every frame drawn from it. */
export class FrameSource {
  readonly #index: LineIndex;

  constructor(readonly text: string) {
    this.#index = new LineIndex(text);
  }

  get lineCount(): number {
    return this.#index.lineCount;
  }

  /** A 1-based line without its line ending. */
  line(n: number): string {
    const starts = this.#index.lineStarts;
    const start = starts[n - 1];
    if (start === undefined) return "";
    const next = starts[n];
    let end = next ?? this.text.length;
    if (next !== undefined) {
      // Drop the line ending: LF, CR LF or CR.
      if (this.text.charCodeAt(end - 1) === 10) end--;
      if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    }
    return this.text.slice(start, end);
  }
}

const LINES_AROUND = 1;
/** Characters of one line a frame shows at most, around the first mark. */
const MAX_SHOWN = 200;
const ELLIPSIS = "…";

/** The `[start, end)` slice of `line` a frame shows: all of it, or a window around `column`. */
function windowOf(line: string, column: number): { start: number; end: number } {
  if (line.length <= MAX_SHOWN) return { start: 0, end: line.length };
  const start = Math.min(Math.max(0, column - 1 - MAX_SHOWN / 4), line.length - MAX_SHOWN);
  return { start, end: start + MAX_SHOWN };
}

/** The frame of `location` in `source`, or "" when the location is past the text. */
export function codeFrame(source: FrameSource, location: FrameLocation): string {
  const startLine = Math.max(1, location.line);
  const endLine = Math.max(startLine, location.endLine ?? startLine);
  const first = Math.max(1, startLine - LINES_AROUND);
  const last = Math.min(source.lineCount, endLine + LINES_AROUND);
  if (first > last) return "";
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const full = source.line(n);
    const marked = n >= startLine && n <= endLine;
    const [fullFrom, fullTo] = marked
      ? markedColumns(full, n, startLine, endLine, location)
      : [1, 1];
    // A long line (a pasted log, minified JSON) shows a window around its marks, so a frame
    // costs at most MAX_SHOWN characters a line, whatever the file holds.
    const cut = windowOf(full, fullFrom);
    const raw = `${cut.start > 0 ? ELLIPSIS : ""}${full.slice(cut.start, cut.end)}${cut.end < full.length ? ELLIPSIS : ""}`;
    const shift = cut.start > 0 ? cut.start - ELLIPSIS.length : 0;
    const text = visible(raw);
    const number = String(n).padStart(width, " ");
    out.push(`${marked ? ">" : " "} ${number} |${text.length > 0 ? ` ${text}` : ""}`);
    if (!marked) continue;
    const from = Math.max(1, fullFrom - shift);
    const to = Math.min(raw.length + 1, Math.max(from + 1, fullTo - shift));
    // The marks go under the escaped text: count what the escapes add before and inside them.
    const before = visible(raw.slice(0, from - 1)).replace(/[^\t]/g, " ");
    const count = Math.max(1, visible(raw.slice(from - 1, to - 1)).length);
    out.push(`  ${" ".repeat(width)} | ${before}${"^".repeat(count)}`);
  }
  return out.join("\n");
}

/** The 1-based columns `[from, to)` marked on line `n` of the range. */
function markedColumns(
  raw: string,
  n: number,
  startLine: number,
  endLine: number,
  location: FrameLocation,
): [number, number] {
  const lineEnd = raw.length + 1;
  const startColumn = Math.min(Math.max(1, location.column), lineEnd);
  if (location.endLine === undefined || location.endColumn === undefined)
    return [startColumn, startColumn + 1];
  const endColumn = Math.max(1, location.endColumn);
  if (startLine === endLine) return [startColumn, Math.max(startColumn + 1, endColumn)];
  if (n === startLine) return [startColumn, lineEnd];
  if (n === endLine) return [1, endColumn];
  return [1, lineEnd];
}
