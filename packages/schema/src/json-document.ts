/**
 * A JSON file read with positions: strict JSON (no comments, no trailing commas) parsed with
 * jsonc-parser's `parseTree`, and any JSON Pointer mapped to the 1-based line and column of its
 * value and of its key. The value itself comes from `JSON.parse`, so duplicate keys resolve the
 * way Codex's serde_json resolves them (the last one wins).
 */
import { LineIndex } from "@ops-skill/core";
import { type Node, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import { parsePointer } from "./pointer.js";

/** 1-based; the end is exclusive (as in `Diagnostic`). */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface JsonLocation {
  /** The value at the pointer. */
  value: SourceRange;
  /** The property name, when the value is an object member. */
  key?: SourceRange;
  /** UTF-16 offsets of the value: [start, end). */
  offset: number;
  length: number;
}

export interface JsonSyntaxProblem {
  /** What is wrong, in words (`Comments are not allowed in JSON`). */
  message: string;
  /** jsonc-parser's error code name (`InvalidCommentToken`), or `ByteOrderMark`. */
  code: string;
  offset: number;
  length: number;
  range: SourceRange;
}

export interface JsonDocument {
  text: string;
  /** The parsed value; `undefined` when `problems` is not empty. */
  value: unknown;
  /** Syntax problems, in file order; empty for valid JSON. */
  problems: JsonSyntaxProblem[];
  /**
   * Set when the tree could not be built with positions (nesting deeper than the parser's
   * stack); the value is still parsed, `locate` then returns `undefined`.
   */
  positionsUnavailable: boolean;
  lines: LineIndex;
  /** Where the value at a JSON Pointer is, or `undefined` when the pointer names nothing. */
  locate(pointer: string): JsonLocation | undefined;
  /** The range of UTF-16 offsets [start, end) as 1-based lines and columns. */
  rangeOf(offset: number, length: number): SourceRange;
}

const MESSAGES: Record<string, string> = {
  InvalidSymbol: "Unexpected character",
  InvalidNumberFormat: "Invalid number",
  PropertyNameExpected: "Expected a property name in double quotes",
  ValueExpected: "Expected a value",
  ColonExpected: "Expected ':' after the property name",
  CommaExpected: "Expected ',' between values",
  CloseBraceExpected: "Expected '}' to close the object",
  CloseBracketExpected: "Expected ']' to close the array",
  EndOfFileExpected: "Unexpected content after the JSON value",
  InvalidCommentToken: "Comments are not allowed in JSON",
  UnexpectedEndOfComment: "Comments are not allowed in JSON",
  UnexpectedEndOfString: "Unterminated string",
  UnexpectedEndOfNumber: "Unterminated number",
  InvalidUnicode: "Invalid unicode escape",
  InvalidEscapeCharacter: "Invalid escape character in a string",
  InvalidCharacter: "Invalid character in a string (control characters must be escaped)",
};

function isTrailingComma(text: string, offset: number): boolean {
  // jsonc-parser reports `PropertyNameExpected`/`ValueExpected` at the closing bracket of
  // `{"a": 1,}` and `[1,]`; say what it is.
  const closer = text[offset];
  if (closer !== "}" && closer !== "]") return false;
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i] as string)) i--;
  return text[i] === ",";
}

export function parseJsonDocument(text: string): JsonDocument {
  const lines = new LineIndex(text);
  const rangeOf = (offset: number, length: number): SourceRange => {
    const start = lines.positionAt(offset);
    const end = lines.positionAt(offset + Math.max(length, 1));
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  };
  const problems: JsonSyntaxProblem[] = [];
  let tree: Node | undefined;
  let positionsUnavailable = false;

  if (text.charCodeAt(0) === 0xfeff) {
    problems.push({
      message: "The file starts with a byte-order mark (U+FEFF), which JSON does not allow",
      code: "ByteOrderMark",
      offset: 0,
      length: 1,
      range: rangeOf(0, 1),
    });
  } else {
    const errors: ParseError[] = [];
    try {
      tree = parseTree(text, errors, {
        disallowComments: true,
        allowTrailingComma: false,
        allowEmptyContent: false,
      });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      positionsUnavailable = true;
    }
    const seen = new Set<number>();
    for (const error of errors) {
      if (seen.has(error.offset)) continue; // one problem per place
      seen.add(error.offset);
      const code = printParseErrorCode(error.error);
      const message =
        (code === "PropertyNameExpected" || code === "ValueExpected") &&
        isTrailingComma(text, error.offset)
          ? "Trailing commas are not allowed in JSON"
          : text.trim() === "" && code === "ValueExpected"
            ? "The file is empty"
            : (MESSAGES[code] ?? code);
      problems.push({
        message,
        code,
        offset: error.offset,
        length: error.length,
        range: rangeOf(error.offset, error.length),
      });
    }
  }

  let value: unknown;
  if (problems.length === 0) {
    try {
      value = JSON.parse(text);
    } catch (error) {
      // jsonc-parser accepted something JSON.parse does not (or the reverse); trust JSON.parse.
      problems.push({
        message: error instanceof Error ? error.message : String(error),
        code: "InvalidJson",
        offset: 0,
        length: 1,
        range: rangeOf(0, 1),
      });
      tree = undefined;
    }
  }
  if (problems.length > 0) tree = undefined;

  // Per-object maps from property name to member node, built on first use, so locating
  // every member of a 10,000-property object stays linear.
  const memberMaps = new WeakMap<Node, Map<string, Node>>();
  const membersOf = (node: Node): Map<string, Node> => {
    let map = memberMaps.get(node);
    if (map === undefined) {
      map = new Map();
      for (const property of node.children ?? []) {
        const keyNode = property.children?.[0];
        if (keyNode !== undefined) map.set(String(keyNode.value), property); // the last one wins
      }
      memberMaps.set(node, map);
    }
    return map;
  };

  const locate = (pointer: string): JsonLocation | undefined => {
    if (tree === undefined) return undefined;
    let segments: string[];
    try {
      segments = parsePointer(pointer);
    } catch {
      return undefined;
    }
    let node: Node = tree;
    let member: Node | undefined;
    for (const segment of segments) {
      if (node.type === "object") {
        member = membersOf(node).get(segment);
        const valueNode = member?.children?.[1];
        if (valueNode === undefined) return undefined;
        node = valueNode;
      } else if (node.type === "array") {
        if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
        const item = node.children?.[Number(segment)];
        if (item === undefined) return undefined;
        member = undefined;
        node = item;
      } else {
        return undefined;
      }
    }
    const keyNode = member?.children?.[0];
    return {
      value: rangeOf(node.offset, node.length),
      ...(keyNode !== undefined ? { key: rangeOf(keyNode.offset, keyNode.length) } : {}),
      offset: node.offset,
      length: node.length,
    };
  };

  return { text, value, problems, positionsUnavailable, lines, locate, rangeOf };
}
