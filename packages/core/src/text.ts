/** Text of a file with the byte-level facts Codex cares about, and offset ↔ line/column maps. */
import { isUtf8 } from "node:buffer";

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units as editors count them. */
  column: number;
}

export interface Utf8Problem {
  /** Byte index of the first bad sequence, as Rust's `Utf8Error::valid_up_to` reports it. */
  byteIndex: number;
  /** Rust's `Utf8Error` display text, which Codex prints after `failed to read file: `. */
  message: string;
}

export interface DecodedText {
  text: string;
  /** The file starts with the UTF-8 byte-order mark (kept in `text` as U+FEFF). */
  hasBom: boolean;
  /** Looks like UTF-16 (a UTF-16 byte-order mark). */
  utf16: boolean;
  invalidUtf8: Utf8Problem | undefined;
}

/**
 * Finds the first invalid UTF-8 sequence the way Rust's `std::str::from_utf8` does, so the
 * message matches Codex's `invalid utf-8 sequence of N bytes from index I`.
 */
export function findInvalidUtf8(bytes: Uint8Array): Utf8Problem | undefined {
  // Node's native check first: almost every file is valid, and then nothing is left to find.
  if (isUtf8(bytes)) return undefined;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let width = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) width = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      width = 3;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      width = 4;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else {
      return invalid(i, 1);
    }
    for (let k = 1; k < width; k++) {
      if (i + k >= n)
        return { byteIndex: i, message: `incomplete utf-8 byte sequence from index ${i}` };
      const c = bytes[i + k] as number;
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (c < min || c > max) return invalid(i, k);
    }
    i += width;
  }
  return undefined;
}

function invalid(index: number, length: number): Utf8Problem {
  return {
    byteIndex: index,
    message: `invalid utf-8 sequence of ${length} bytes from index ${index}`,
  };
}

const utf8Decoder = new TextDecoder("utf-8", { ignoreBOM: true });

export function decodeText(bytes: Uint8Array): DecodedText {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const utf16 =
    (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  return {
    text: utf8Decoder.decode(bytes),
    hasBom,
    utf16,
    invalidUtf8: findInvalidUtf8(bytes),
  };
}

/** Maps UTF-16 offsets of a text to 1-based lines and columns (\n, \r\n and \r end lines). */
export class LineIndex {
  readonly lineStarts: number[];
  /** Line texts without endings, split on first use: rules ask for the same lines many times. */
  #lines: string[] | undefined;

  constructor(readonly text: string) {
    const starts = [0];
    // indexOf runs natively; most texts have no \r at all, so that search ends at once.
    if (!text.includes("\r")) {
      for (let lf = text.indexOf("\n"); lf >= 0; lf = text.indexOf("\n", lf + 1))
        starts.push(lf + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - (this.lineStarts[low] as number) + 1 };
  }

  offsetAt(position: Position): number {
    const start = this.lineStarts[position.line - 1];
    if (start === undefined) return this.text.length;
    return Math.min(start + position.column - 1, this.text.length);
  }

  /** Frees the line texts split on first use of `lineText` (they are split again if needed). */
  releaseLineTexts(): void {
    this.#lines = undefined;
  }

  /** The text of a 1-based line without its line ending. */
  lineText(line: number): string {
    this.#lines ??= this.text.split(/\r\n|\n|\r/);
    return this.#lines[line - 1] ?? "";
  }
}

/**
 * `text` without any of `chars` at its end: what `replace(/[...]+$/, "")` does, in linear time
 * (that regex retries from every position of a long run that is not at the end).
 */
export function trimTrailing(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1] as string)) end--;
  return text.slice(0, end);
}

/** `text` without any of `chars` at its start. */
export function trimLeading(text: string, chars: string): string {
  let start = 0;
  while (start < text.length && chars.includes(text[start] as string)) start++;
  return text.slice(start);
}
