/**
 * A cap on YAML nesting, applied before the `yaml` library sees the text. The library composes
 * nested collections recursively: ten thousand `[` exhaust the stack, and when that happens
 * while V8 compiles a regular expression the process aborts (`RegExpCompiler Allocation
 * failed`), which no `try` can catch. One linear pass finds collections nested deeper than the
 * cap and blanks them (every character but line breaks becomes a space, the first a `x`), so
 * the library parses a shallow document with every offset and line where it was. The pass
 * reads the tokens of the library's own lexer (linear, no recursion), so a bracket in quotes
 * or in a plain scalar is what the parser takes it for.
 *
 * What Codex does is unchanged by it: Codex 0.169.0 loads a skill with 10,000 levels in a key
 * it ignores (conformance case `yaml-deep-nesting`), and a deep value in a field it reads
 * fails by the type of its outermost node (`invalid type: sequence`), which stays.
 */
import { CST, Lexer } from "yaml";

/** Deeper than this, a YAML collection is not parsed: serde_yaml's recursion limit. */
export const MAX_YAML_DEPTH = 128;

export interface CappedYaml {
  /** The text to parse: the input itself when nothing is that deep. */
  text: string;
  /** Offset of the first collection deeper than the cap, when there is one. */
  cappedAt?: number;
}

const LF = 0x0a;

/** Tokens of the lexer that stand for no source text. */
const ZERO_WIDTH = new Set(["\u0002", "\u0018", "\u001f"]);

/**
 * `text` with every collection nested deeper than `maxDepth` blanked. Flow levels are the
 * lexer's brackets; block levels are counted from indentation (a line more indented than the
 * open ones opens one more level, and each `- ` or `? ` before more content on its line opens
 * one), which may run a level high on odd layouts, never low.
 */
export function capYamlNesting(text: string, maxDepth = MAX_YAML_DEPTH): CappedYaml {
  // Fast path: fewer openers, lines and indicators than the cap cannot nest that deep.
  if (!mayBeDeeper(text, maxDepth)) return { text };
  /** Ranges to blank; `true`: the first of a capped collection, where the `x` goes. */
  const blank: [number, number, boolean][] = [];
  /** Indentation columns of the open block levels. */
  const stack: number[] = [];
  let flow = 0;
  /** Where a flow collection over the cap was opened, and its level; blanked to its close. */
  let flowCapStart = -1;
  let flowCapDepth = 0;
  /** A blanked block level: lines indented more than this are blanked too. */
  let blankAbove = -1;
  /** Where the blanked part of the current line starts, or -1. */
  let blankFrom = -1;
  let mark = false;
  let offset = 0;
  let lineStart = true;
  let lineBegin = 0;
  let indent = 0;
  let depth = 0;
  /** `- ` and `? ` seen on this line. */
  let indicators = 0;
  let afterScalarMarker = false;
  for (const token of new Lexer().lex(text)) {
    if (token.length === 1 && ZERO_WIDTH.has(token)) {
      afterScalarMarker = token === "\u001f";
      continue;
    }
    const start = offset;
    offset += token.length;
    const type = afterScalarMarker ? "scalar" : CST.tokenType(token);
    afterScalarMarker = false;
    if (type === "newline") {
      if (blankFrom >= 0) blank.push([blankFrom, start, mark]);
      blankFrom = -1;
      lineStart = true;
      lineBegin = offset;
      indent = 0;
      indicators = 0;
      continue;
    }
    if (type === "space" || type === "comment" || type === "byte-order-mark") {
      if (lineStart && type === "space") indent = token.length - token.trimStart().length;
      continue;
    }
    if (lineStart) {
      lineStart = false;
      if (blankAbove >= 0 && indent > blankAbove) {
        blankFrom = start - indent;
        mark = false;
      } else {
        blankAbove = -1;
        if (flow === 0) {
          while (stack.length > 0 && (stack[stack.length - 1] as number) > indent) stack.pop();
          if (stack.length === 0 || (stack[stack.length - 1] as number) < indent)
            stack.push(indent);
          depth = stack.length;
          if (depth > maxDepth) {
            stack.pop();
            blankFrom = start;
            mark = true;
            blankAbove = indent;
          }
        }
      }
    }
    if (blankFrom >= 0) continue;
    if ((type === "seq-item-ind" || type === "explicit-key-ind") && flow === 0) {
      // `- - x`: each indicator opens a level (one too many when nothing follows it).
      if (indicators++ > 0) depth++;
      if (depth > maxDepth) {
        blankFrom = start;
        mark = true;
        blankAbove = start - lineBegin;
      }
      continue;
    }
    if (type === "flow-seq-start" || type === "flow-map-start") {
      flow++;
      if (flowCapStart < 0 && depth + flow > maxDepth) {
        flowCapStart = start;
        flowCapDepth = flow;
      }
    } else if ((type === "flow-seq-end" || type === "flow-map-end") && flow > 0) {
      if (flowCapStart >= 0 && flow === flowCapDepth) {
        blank.push([flowCapStart, offset, true]);
        flowCapStart = -1;
      }
      flow--;
    }
  }
  if (blankFrom >= 0) blank.push([blankFrom, text.length, mark]);
  if (flowCapStart >= 0) blank.push([flowCapStart, text.length, true]);
  if (blank.length === 0) return { text };
  let cappedAt = text.length;
  for (const [from, , first] of blank) if (first && from < cappedAt) cappedAt = from;
  return { text: blanked(text, blank), cappedAt };
}

/** Cheap upper bound: nesting needs an opener, a line or an indicator per level. */
function mayBeDeeper(text: string, maxDepth: number): boolean {
  // A first look: only a document with that many of them is lexed.
  let count = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    const opens =
      c === 0x5b ||
      c === 0x7b ||
      c === LF ||
      // `- ` and `? ` indicators (a hyphen inside a word opens nothing)
      ((c === 0x2d || c === 0x3f) &&
        (text.charCodeAt(k + 1) === 0x20 || text.charCodeAt(k + 1) === 0x09));
    if (opens && ++count > maxDepth) return true;
  }
  return false;
}

/** `text` with the ranges blanked: a `x` where each starts, then spaces, line breaks kept. */
function blanked(text: string, ranges: readonly [number, number, boolean][]): string {
  const parts: string[] = [];
  let at = 0;
  for (const [from, to, mark] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (to <= at) continue;
    const start = Math.max(from, at);
    parts.push(text.slice(at, start));
    const region = spaces(text.slice(start, to));
    parts.push(mark && start === from && region[0] === " " ? `x${region.slice(1)}` : region);
    at = to;
  }
  parts.push(text.slice(at));
  return parts.join("");
}

/** As many spaces as `text` has characters, its line breaks kept. */
function spaces(text: string): string {
  if (!text.includes("\n") && !text.includes("\r")) return " ".repeat(text.length);
  return text
    .split("\n")
    .map((line) =>
      line.endsWith("\r") ? `${" ".repeat(line.length - 1)}\r` : " ".repeat(line.length),
    )
    .join("\n");
}
