/**
 * Codex config files (`config.toml`, `NAME.config.toml`, `hooks.json`) parsed once with
 * positions, for the `config/` and `hooks/` rules. TOML is read into an ESLint-style AST
 * (toml-eslint-parser) and JSON into a jsonc-parser tree; both become the same located value
 * tree (tables, arrays, scalars, each with the offsets of its key and value), and the hook
 * groups of either file become one list. Rules read this model and never parse text again.
 */
import { type FileProblem, LineIndex } from "@ops-skill/core";
import type { Node as JsonNode, ParseError as JsonParseError } from "jsonc-parser";
import { parseTree, printParseErrorCode } from "jsonc-parser";
import { type AST, getStaticTOMLValue, ParseError, parseTOML } from "toml-eslint-parser";
import { type HooksModel, hooksModel } from "./hooks.js";
import { jsonDepthProblem, type LimitProblem, prepareToml, restoreLongTokens } from "./limits.js";
import { entryOf, type Located, type LocatedEntry, type LocatedTable, type Span } from "./tree.js";

export * from "./tree.js";

/** A Codex config file as read: `config.toml` (or a profile's `NAME.config.toml`) or `hooks.json`. */
export interface ConfigFile {
  path: string;
  kind: "config-toml" | "hooks-json";
  text: string;
  /** Why the file could not be read (a FIFO, a folder, no permission, over the size cap). */
  unread?: FileProblem;
}

/** Where a span is, 1-based, as findings report it. */
export interface SpanPosition {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface SyntaxProblem {
  message: string;
  offset: number;
  line?: number;
  column?: number;
}

interface ModelBase {
  kind: ConfigFile["kind"];
  file: ConfigFile;
  lines: LineIndex;
  /** Report position of a span (1-based line and column). */
  at(span: Span): SpanPosition;
  /**
   * The same parser for another file a rule must read (the `config.toml` beside a `hooks.json`,
   * the user config holding hook trust), so rules need not load the parsers themselves.
   */
  parseOther(file: ConfigFile): ParsedConfigFile;
}

export interface ParsedConfigModel extends ModelBase {
  syntaxError?: undefined;
  unread?: undefined;
  /** The document: a TOML file's root table, a JSON file's top-level value. */
  top: Located | undefined;
  /** `top` when it is a table. */
  root: LocatedTable | undefined;
  /** Plain JavaScript value of the document. */
  value: unknown;
  /** TOML only: the parser's AST. */
  ast?: AST.TOMLProgram;
  /** JSON only: the parser's tree. */
  tree?: JsonNode;
  hooks: HooksModel;
}

export interface BrokenConfigModel extends ModelBase {
  syntaxError: SyntaxProblem;
  /** The file was not read at all (see `ConfigFile.unread`): no syntax rule speaks for it. */
  unread?: FileProblem;
}

export type ParsedConfigFile = ParsedConfigModel | BrokenConfigModel;

export function parseConfigFile(file: ConfigFile): ParsedConfigFile {
  const lines = new LineIndex(file.text);
  const base: ModelBase = {
    kind: file.kind,
    file,
    lines,
    parseOther: parseConfigFile,
    at: (span) => {
      const start = lines.positionAt(span.start);
      const end = lines.positionAt(Math.max(span.end, span.start + 1));
      return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
    },
  };
  if (file.unread)
    return {
      ...base,
      syntaxError: { message: file.unread.problem, offset: 0, line: 1, column: 1 },
      unread: file.unread,
    };
  if (file.kind === "config-toml") {
    // Nesting past Codex's limits is Codex's syntax error; long tokens are shortened for the
    // parser and put back (limits.ts).
    const prepared = prepareToml(file.text);
    if (prepared.problem) return { ...base, syntaxError: problemAt(prepared.problem, lines) };
    let ast: AST.TOMLProgram;
    try {
      ast = parseTOML(prepared.text);
      if (prepared.long.length > 0) restoreLongTokens(ast, prepared.long, lines);
    } catch (error) {
      if (error instanceof ParseError) {
        return {
          ...base,
          syntaxError: {
            message: error.message,
            offset: error.index,
            line: error.lineNumber,
            column: error.column + 1,
          },
        };
      }
      throw error;
    }
    const root = tomlTree(ast);
    const model: ParsedConfigModel = {
      ...base,
      top: root,
      root,
      value: getStaticTOMLValue(ast),
      ast,
      hooks: hooksModel(file.kind, root, file),
    };
    return model;
  }
  // A container as deep as serde_json refuses: Codex skips the file, and the tree is not built.
  const tooDeep = jsonDepthProblem(file.text);
  if (tooDeep) return { ...base, syntaxError: problemAt(tooDeep, lines) };
  const errors: JsonParseError[] = [];
  const tree = parseTree(file.text, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  if (first) {
    const position = lines.positionAt(first.offset);
    const trailingComma =
      /,\s*$/.test(file.text.slice(0, first.offset)) &&
      /^\s*[}\]]/.test(file.text.slice(first.offset));
    return {
      ...base,
      syntaxError: {
        message: trailingComma ? "trailing comma" : jsonErrorText(printParseErrorCode(first.error)),
        offset: first.offset,
        line: position.line,
        column: position.column,
      },
    };
  }
  const top = tree ? jsonTree(tree, file.text) : undefined;
  const root = top?.kind === "table" ? top : undefined;
  return {
    ...base,
    top,
    root,
    value: tree ? JSON.parse(file.text) : undefined,
    ...(tree ? { tree } : {}),
    hooks: hooksModel(file.kind, root, file),
  };
}

/** A limit's problem with its line and column, in Codex's words (`... at line L column C`). */
function problemAt(problem: LimitProblem, lines: LineIndex): SyntaxProblem {
  const { line, column } = lines.positionAt(problem.offset);
  const message =
    problem.message === "recursion limit exceeded"
      ? `recursion limit exceeded at line ${line} column ${column}`
      : problem.message;
  return { message, offset: problem.offset, line, column };
}

// ------------------------------------------------------------------------------------------
// TOML → located tree

const spanOf = (node: { range: [number, number] }): Span => ({
  start: node.range[0],
  end: node.range[1],
});

function tomlTree(ast: AST.TOMLProgram): LocatedTable {
  const root: LocatedTable = {
    kind: "table",
    entries: [],
    span: { start: 0, end: 0 },
    form: "root",
  };
  const top = ast.body[0];
  for (const node of top.body) {
    if (node.type === "TOMLKeyValue") {
      addKeyValue(root, node);
      continue;
    }
    const segments = node.key.keys;
    let table = root;
    for (const [i, segment] of segments.entries()) {
      const name = segmentName(segment);
      const last = i === segments.length - 1;
      const existing = entryOf(table, name);
      if (last && node.kind === "array") {
        const item: LocatedTable = {
          kind: "table",
          entries: [],
          span: spanOf(node.key),
          form: "array-item",
        };
        if (existing?.value.kind === "array") existing.value.items.push(item);
        else if (!existing)
          table.entries.push({
            key: name,
            keySpan: spanOf(segment),
            value: { kind: "array", items: [item], span: spanOf(node.key), ofHeaders: true },
          });
        table = item;
        break;
      }
      table = descend(table, existing, name, segment, last ? "header" : "implicit", node.key);
    }
    for (const keyValue of node.body) addKeyValue(table, keyValue);
  }
  return root;
}

/** The table `name` below `table`, created if absent; into the last item of an array of tables. */
function descend(
  table: LocatedTable,
  existing: LocatedEntry | undefined,
  name: string,
  segment: AST.TOMLBare | AST.TOMLQuoted,
  form: "header" | "implicit",
  header: AST.TOMLKey,
): LocatedTable {
  if (existing) {
    const value = existing.value;
    if (value.kind === "table") {
      if (form === "header" && value.form === "implicit") {
        value.form = "header";
        value.span = spanOf(header);
      }
      return value;
    }
    if (value.kind === "array") {
      const last = value.items.at(-1);
      if (last?.kind === "table") return last;
    }
    // The parser rejects redefinitions; keep going in a detached table.
    return { kind: "table", entries: [], span: spanOf(header), form };
  }
  const created: LocatedTable = {
    kind: "table",
    entries: [],
    span: form === "header" ? spanOf(header) : spanOf(segment),
    form,
  };
  table.entries.push({ key: name, keySpan: spanOf(segment), value: created });
  return created;
}

function addKeyValue(table: LocatedTable, node: AST.TOMLKeyValue): void {
  const segments = node.key.keys;
  let current = table;
  for (const [i, segment] of segments.entries()) {
    const name = segmentName(segment);
    if (i === segments.length - 1) {
      current.entries.push({ key: name, keySpan: spanOf(segment), value: tomlValue(node.value) });
      return;
    }
    current = descend(current, entryOf(current, name), name, segment, "implicit", node.key);
  }
}

function segmentName(segment: AST.TOMLBare | AST.TOMLQuoted): string {
  return segment.type === "TOMLBare" ? segment.name : segment.value;
}

function tomlValue(node: AST.TOMLContentNode): Located {
  if (node.type === "TOMLArray")
    return { kind: "array", items: node.elements.map(tomlValue), span: spanOf(node) };
  if (node.type === "TOMLInlineTable") {
    const table: LocatedTable = { kind: "table", entries: [], span: spanOf(node), form: "inline" };
    for (const keyValue of node.body) addKeyValue(table, keyValue);
    return table;
  }
  switch (node.kind) {
    case "string":
      return { kind: "string", value: node.value, span: spanOf(node) };
    case "integer":
      return { kind: "integer", value: node.value, span: spanOf(node) };
    case "float":
      return { kind: "float", value: node.value, span: spanOf(node) };
    case "boolean":
      return { kind: "boolean", value: node.value, span: spanOf(node) };
    default:
      return { kind: "datetime", value: node.datetime, span: spanOf(node) };
  }
}

// ------------------------------------------------------------------------------------------
// JSON → located tree

function jsonTree(node: JsonNode, text: string): Located {
  const span = { start: node.offset, end: node.offset + node.length };
  switch (node.type) {
    case "object": {
      const entries: LocatedEntry[] = [];
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode) continue;
        entries.push({
          key: String(keyNode.value),
          keySpan: { start: keyNode.offset, end: keyNode.offset + keyNode.length },
          value: valueNode ? jsonTree(valueNode, text) : { kind: "null", value: null, span },
        });
      }
      return { kind: "table", entries, span };
    }
    case "array":
      return {
        kind: "array",
        items: (node.children ?? []).map((child) => jsonTree(child, text)),
        span,
      };
    case "string":
      return { kind: "string", value: node.value as string, span };
    case "number":
      return {
        kind: /[.eE]/.test(text.slice(span.start, span.end)) ? "float" : "integer",
        value: node.value as number,
        span,
      };
    case "boolean":
      return { kind: "boolean", value: node.value as boolean, span };
    default:
      return { kind: "null", value: null, span };
  }
}

/** `ValueExpected` → `value expected`. */
function jsonErrorText(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

// ------------------------------------------------------------------------------------------
// `-c key=value` overrides

/** A `-c key=value` override as Codex reads it. */
export interface ParsedConfigOverride {
  /** The dotted key, trimmed. */
  key: string;
  /** The value: TOML when it parses as a TOML value, else the text (trimmed, outer quotes off). */
  value: unknown;
  /** Whether the value parsed as TOML (else it is the text, as a string). */
  toml: boolean;
}

/**
 * Codex's reading of a `-c` override: the key before the first `=`, the value parsed as a TOML
 * value, and when that fails the text itself as a string, trimmed and without surrounding quotes
 * (so `-c sandbox_mode=workspace-write` is the string `workspace-write`, measured:
 * conformance/sandbox `c-sandbox-mode-beats-user-profile`). Undefined without `=`.
 */
export function parseConfigOverride(text: string): ParsedConfigOverride | undefined {
  const eq = text.indexOf("=");
  if (eq < 0) return undefined;
  const key = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1);
  try {
    const value = (getStaticTOMLValue(parseTOML(`_x_ = ${raw}`)) as { _x_?: unknown })._x_;
    if (value !== undefined) return { key, value, toml: true };
  } catch {
    // not a TOML value: the text
  }
  const bare = raw.trim();
  let start = 0;
  let end = bare.length;
  const quote = (i: number) => bare[i] === '"' || bare[i] === "'";
  while (start < end && quote(start)) start++;
  while (end > start && quote(end - 1)) end--;
  return { key, value: bare.slice(start, end), toml: false };
}
