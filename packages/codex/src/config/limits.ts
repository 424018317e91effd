/**
 * What the TOML and JSON parsers are never handed, found in one linear pass before parsing.
 *
 * - Nesting. Codex 0.169.0 refuses a config whose values nest more than 80 levels (`TOML parse
 *   error ... cannot recurse further; max recursion depth met`, at the 81st bracket) or whose
 *   table keys have more than 80 parts (`recursion limit`), and skips a `hooks.json` with a
 *   container 128 levels down (serde_json: `recursion limit exceeded at line L column C`), all
 *   measured (conformance/config, `nesting-*`). Past those limits the file is Codex's syntax
 *   error, reported where Codex reports it, and the recursive parsers never see it.
 * - Long tokens. toml-eslint-parser builds a string or a number with one
 *   `String.fromCodePoint(...codePoints)` call, which overflows the stack for a token of some
 *   100,000 code points (a pasted certificate chain or log in a string, which Codex accepts). A
 *   token that long goes to the parser shortened to a placeholder and padded with spaces, so
 *   every offset after it stays where it was; its value is decoded here and put back in the
 *   tree, with its range.
 */
import type { LineIndex } from "@ops-skill/core";
import type { AST } from "toml-eslint-parser";

/** More nested arrays and inline tables than this, and Codex's TOML parser refuses the file. */
export const CODEX_TOML_MAX_DEPTH = 80;
/** More parts than this in a table's key, and Codex refuses the file (`recursion limit`). */
export const CODEX_TOML_MAX_KEY_PARTS = 80;
/** A JSON container this deep makes serde_json fail (`recursion limit exceeded`). */
export const CODEX_JSON_FAILING_DEPTH = 128;
/** Tokens of more UTF-16 units than this are shortened before toml-eslint-parser sees them. */
export const LONG_TOKEN = 16_384;

export interface LimitProblem {
  message: string;
  offset: number;
}

interface LongToken {
  /** Offsets in the original text: the token (delimiters included). */
  start: number;
  end: number;
  /** Where the shortened token ends in the text handed to the parser. */
  newEnd: number;
  replacement: string;
  restore:
    | { kind: "string"; value: string; style: "basic" | "literal"; multiline: boolean }
    | { kind: "integer"; value: number; bigint: bigint }
    | { kind: "float"; value: number };
}

export interface PreparedToml {
  /** The text to parse: the original unless long tokens were shortened. */
  text: string;
  /** Codex's refusal for nesting, or a broken long token: the parser is not run. */
  problem?: LimitProblem;
  long: LongToken[];
}

const DEC_INT = /^[+-]?(?:0|[1-9](?:_?\d)*)$/;
const FLOAT = /^[+-]?(?:0|[1-9](?:_?\d)*)(?:\.\d(?:_?\d)*)?(?:[eE][+-]?\d(?:_?\d)*)?$/;
const RADIX_INT = /^0(?:x[0-9A-Fa-f](?:_?[0-9A-Fa-f])*|o[0-7](?:_?[0-7])*|b[01](?:_?[01])*)$/;

/** One pass over a TOML text: nesting over Codex's limits, and tokens too long to parse. */
export function prepareToml(text: string): PreparedToml {
  const long: LongToken[] = [];
  /** Containers of the value being read: `[` arrays and `{` inline tables. */
  const containers: number[] = [];
  let expectValue = false;
  let lineStart = true;
  /** Where the table header being read starts (-1 outside one), and its key's parts so far. */
  let headerStart = -1;
  let headerParts = 0;
  const n = text.length;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      if (containers.length === 0) expectValue = false;
      headerStart = -1;
      lineStart = true;
      i++;
      continue;
    }
    if (c === 0x20 || c === 0x09 || c === 0x0d) {
      i++;
      continue;
    }
    const atLineStart = lineStart;
    lineStart = false;
    if (c === 0x23 /* # */) {
      const end = text.indexOf("\n", i);
      i = end === -1 ? n : end;
      continue;
    }
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      const token = readString(text, i);
      if ("message" in token) return { text, problem: token, long };
      if (token.contentLength > LONG_TOKEN) {
        const decoded = token.decode();
        if (typeof decoded !== "string") return { text, problem: decoded, long };
        long.push(stringToken(text, i, token.end, decoded, token, long.length));
      }
      i = token.end;
      continue;
    }
    if (c === 0x5b /* [ */ && atLineStart && containers.length === 0 && !expectValue) {
      // A table header: its key's parts are counted up to its `]`.
      headerStart = i;
      headerParts = 1;
      i += text.charCodeAt(i + 1) === 0x5b ? 2 : 1;
      continue;
    }
    if (headerStart >= 0) {
      if (c === 0x2e /* . */ && ++headerParts > CODEX_TOML_MAX_KEY_PARTS)
        return { text, problem: { message: "recursion limit", offset: headerStart }, long };
      if (c === 0x5d) headerStart = -1;
      i++;
      continue;
    }
    if (c === 0x5b || c === 0x7b /* { */) {
      if (!expectValue && containers.length === 0) {
        i++;
        continue;
      }
      containers.push(c);
      if (containers.length > CODEX_TOML_MAX_DEPTH)
        return {
          text,
          problem: { message: "cannot recurse further; max recursion depth met", offset: i },
          long,
        };
      expectValue = c === 0x5b;
      i++;
      continue;
    }
    if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      containers.pop();
      expectValue = containers.at(-1) === 0x5b;
      i++;
      continue;
    }
    if (c === 0x3d /* = */) {
      expectValue = true;
      i++;
      continue;
    }
    if (c === 0x2c /* , */) {
      expectValue = containers.at(-1) === 0x5b;
      i++;
      continue;
    }
    // A bare run: a key, or a value (number, boolean, date).
    let end = i;
    while (end < n && !isRunEnd(text.charCodeAt(end))) end++;
    if (end === i) end = i + 1;
    if (expectValue && end - i > LONG_TOKEN) {
      const token = numberToken(text, i, end);
      if ("message" in token) return { text, problem: token, long };
      long.push(token);
    }
    // A key's parts (`a.b.c = 1`): the dots are runs of their own here, and rare; the header
    // limit is the one that matters.
    i = end;
  }
  if (long.length === 0) return { text, long };
  const parts: string[] = [];
  let at = 0;
  for (const token of long) {
    parts.push(text.slice(at, token.start), token.replacement);
    parts.push(padding(text, token.start + token.replacement.length, token.end));
    at = token.end;
  }
  parts.push(text.slice(at));
  return { text: parts.join(""), long };
}

function isRunEnd(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0x09 ||
    c === 0x0a ||
    c === 0x0d ||
    c === 0x2c ||
    c === 0x3d ||
    c === 0x5b ||
    c === 0x5d ||
    c === 0x7b ||
    c === 0x7d ||
    c === 0x23 ||
    c === 0x22 ||
    c === 0x27
  );
}

/** Spaces for `text[from, to)`, its line breaks kept. */
function padding(text: string, from: number, to: number): string {
  if (to <= from) return "";
  const region = text.slice(from, to);
  if (!region.includes("\n")) return " ".repeat(region.length);
  return region
    .split("\n")
    .map((line) =>
      line.endsWith("\r") ? `${" ".repeat(line.length - 1)}\r` : " ".repeat(line.length),
    )
    .join("\n");
}

interface StringScan {
  end: number;
  contentLength: number;
  style: "basic" | "literal";
  multiline: boolean;
  /** The string's value, or why it is not valid TOML (at its offset). */
  decode(): string | LimitProblem;
}

/** The string token at `start`: where it ends (past its closing delimiter). */
function readString(text: string, start: number): StringScan | LimitProblem {
  const quote = text[start] as string;
  const style = quote === '"' ? "basic" : "literal";
  const multiline = text.startsWith(quote.repeat(3), start);
  const n = text.length;
  const from = start + (multiline ? 3 : 1);
  let i = from;
  if (!multiline) {
    while (i < n) {
      const c = text[i];
      if (c === "\n") break;
      if (c === quote) break;
      if (c === "\\" && style === "basic") i++;
      i++;
    }
    if (i >= n || text[i] !== quote)
      return { message: "Unterminated string constant", offset: start };
    const contentEnd = i;
    return {
      end: i + 1,
      contentLength: contentEnd - from,
      style,
      multiline,
      decode: () => decodeString(text, from, contentEnd, style, false),
    };
  }
  for (;;) {
    const close = text.indexOf(quote.repeat(3), i);
    if (close === -1) return { message: "Unterminated string constant", offset: start };
    if (style === "basic") {
      // A `\"""` does not close: count the backslashes before it.
      let k = close - 1;
      while (k >= from && text[k] === "\\") k--;
      if ((close - 1 - k) % 2 === 1) {
        i = close + 1;
        continue;
      }
    }
    // Up to two more quotes belong to the content: `""""` ends with one `"` in the value.
    let end = close + 3;
    while (end < n && text[end] === quote && end - close < 5) end++;
    const contentEnd = end - 3;
    return {
      end,
      contentLength: contentEnd - from,
      style,
      multiline,
      decode: () => decodeString(text, from, contentEnd, style, true),
    };
  }
}

const ESCAPES: Record<string, string> = {
  b: "\b",
  t: "\t",
  n: "\n",
  f: "\f",
  r: "\r",
  e: "\u001b",
  '"': '"',
  "\\": "\\",
};

/** A string's value as TOML defines it; a problem for a control character or a bad escape. */
function decodeString(
  text: string,
  from: number,
  to: number,
  style: "basic" | "literal",
  multiline: boolean,
): string | LimitProblem {
  let i = from;
  if (multiline) {
    if (text.startsWith("\r\n", i)) i += 2;
    else if (text[i] === "\n") i++;
  }
  const out: string[] = [];
  let run = i;
  const flush = (until: number) => {
    if (until > run) out.push(text.slice(run, until));
  };
  while (i < to) {
    const c = text.charCodeAt(i);
    const newline = c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) === 0x0a);
    if ((c < 0x20 && c !== 0x09 && !(multiline && newline)) || c === 0x7f)
      return {
        message: "Control characters (codes < 0x1f and 0x7f) are not allowed",
        offset: i,
      };
    if (c !== 0x5c /* \ */ || style === "literal") {
      i++;
      continue;
    }
    flush(i);
    const e = text[i + 1] ?? "";
    if (e in ESCAPES) {
      out.push(ESCAPES[e] as string);
      i += 2;
    } else if (e === "u" || e === "U" || e === "x") {
      const digits = e === "u" ? 4 : e === "U" ? 8 : 2;
      const hex = text.slice(i + 2, i + 2 + digits);
      const cp =
        /^[0-9A-Fa-f]+$/.test(hex) && hex.length === digits ? Number.parseInt(hex, 16) : -1;
      if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return { message: "Invalid character in escape sequence", offset: i };
      out.push(String.fromCodePoint(cp));
      i += 2 + digits;
    } else if (multiline) {
      // A line-ending backslash: it and all white space after it, line breaks too, go.
      let k = i + 1;
      while (k < to && (text[k] === " " || text[k] === "\t")) k++;
      if (!(text[k] === "\n" || (text[k] === "\r" && text[k + 1] === "\n")))
        return { message: "Invalid character in escape sequence", offset: i };
      while (k < to && /[ \t\r\n]/.test(text[k] as string)) k++;
      i = k;
    } else {
      return { message: "Invalid character in escape sequence", offset: i };
    }
    run = i;
  }
  flush(to);
  return out.join("");
}

/** A long string, shortened to a placeholder of the same kind of token. */
function stringToken(
  text: string,
  start: number,
  end: number,
  value: string,
  scan: StringScan,
  index: number,
): LongToken {
  const restore = {
    kind: "string" as const,
    value,
    style: scan.style,
    multiline: scan.multiline,
  };
  const lastBreak = text.lastIndexOf("\n", end - 1);
  if (!scan.multiline || lastBreak <= start) {
    const replacement = scan.multiline ? '""""""' : `"ops-skill-long-token-${index}"`;
    return { start, end, newEnd: start + replacement.length, replacement, restore };
  }
  // Keep every line break: each line becomes a backslash and spaces (a line-ending backslash
  // drops them all), and the string closes right after the last break.
  const body = text
    .slice(start + 3, lastBreak + 1)
    .split("\n")
    .map((line, i, lines) => {
      if (i === lines.length - 1) return line === "" ? "" : " ".repeat(line.length);
      const cr = line.endsWith("\r") ? "\r" : "";
      const width = line.length - cr.length;
      return width === 0 ? cr : `\\${" ".repeat(width - 1)}${cr}`;
    })
    .join("\n");
  const replacement = `"""${body}"""`;
  return { start, end, newEnd: start + replacement.length, replacement, restore };
}

/** A long number, shortened to `0`; anything else that long in a value is no valid TOML. */
function numberToken(text: string, start: number, end: number): LongToken | LimitProblem {
  const raw = text.slice(start, end);
  const clean = raw.replace(/_/g, "");
  if (DEC_INT.test(raw) || RADIX_INT.test(raw)) {
    const bigint = BigInt(clean.startsWith("+") ? clean.slice(1) : clean);
    return {
      start,
      end,
      newEnd: start + 1,
      replacement: "0",
      restore: { kind: "integer", value: Number(bigint), bigint },
    };
  }
  if (FLOAT.test(raw))
    return {
      start,
      end,
      newEnd: start + 1,
      replacement: "0",
      restore: { kind: "float", value: Number(clean) },
    };
  return { message: "Unexpected character", offset: start };
}

/** Puts the long tokens' values and ranges back in the tree parsed from the shortened text. */
export function restoreLongTokens(
  ast: AST.TOMLProgram,
  long: readonly LongToken[],
  lines: LineIndex,
): void {
  const byStart = new Map(long.map((t) => [t.start, t]));
  const byNewEnd = new Map(long.map((t) => [t.newEnd, t]));
  const position = (offset: number) => {
    const { line, column } = lines.positionAt(offset);
    return { line, column: column - 1 };
  };
  const stack: unknown[] = [ast];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown> & {
      range?: [number, number];
      loc?: { end: unknown };
    };
    if (seen.has(node)) continue;
    seen.add(node);
    if (node.range) {
      const token = byStart.get(node.range[0]);
      if (token && (node.type === "TOMLValue" || node.type === "TOMLQuoted")) {
        Object.assign(node, token.restore);
        if (node.type === "TOMLQuoted") node.kind = "string";
      }
      const ended = byNewEnd.get(node.range[1]);
      if (ended && node.range[0] <= ended.start) {
        node.range = [node.range[0], ended.end];
        if (node.loc) node.loc.end = position(ended.end);
      }
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === "parent" || key === "tokens" || key === "comments") continue;
      if (Array.isArray(value)) {
        for (const item of value) if (item && typeof item === "object") stack.push(item);
      } else if (value && typeof value === "object" && "type" in value) stack.push(value);
    }
  }
}

/**
 * The first JSON container at `CODEX_JSON_FAILING_DEPTH`, as serde_json reports it, or
 * undefined. Strings are skipped (brackets in them are text).
 */
export function jsonDepthProblem(text: string): LimitProblem | undefined {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < n; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth >= CODEX_JSON_FAILING_DEPTH)
        return { message: "recursion limit exceeded", offset: i };
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return undefined;
}
