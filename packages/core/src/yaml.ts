/**
 * Frontmatter YAML with positions. The `yaml` library keeps node ranges and caps alias
 * expansion (`maxAliasCount`), so a billion-laughs frontmatter fails fast instead of hanging.
 */
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Node,
  parseAllDocuments,
  Scalar,
  type YAMLMap,
} from "yaml";
import { capYamlNesting } from "./yaml-depth.js";

/** Offsets here are into the YAML text handed to the parser, not into the file. */
export interface YamlProblem {
  message: string;
  offset: number;
}

export type YamlValueKind =
  | "string"
  | "number"
  | "boolean"
  | "null"
  | "sequence"
  | "mapping"
  | "alias";

export interface FrontmatterField {
  key: string;
  /** A sequence or map used as a key (`? [a, b]`); Codex refuses those. */
  keyKind: "scalar" | "sequence" | "mapping";
  keyRange: [number, number];
  /** Range of the value node; equal to the end of the key when the value is empty. */
  valueRange: [number, number];
  /** Where serde_yaml places an error about the value: the node, or for an alias the anchored node. */
  valueErrorOffset: number;
  kind: YamlValueKind;
  /**
   * The value as text the way serde_yaml hands a scalar to a `String` field: plain scalars
   * keep their source spelling (`1.0`, `true`), quoted and block scalars their parsed value.
   * Undefined for null, sequences and mappings.
   */
  text: string | undefined;
  /** Plain JavaScript value of the node (for spec rules that look inside maps). */
  value: unknown;
  /** Whether the value is a plain (unquoted) single-line scalar. */
  plain: boolean;
  /** The value is a null written out (`null`, `~`), not just empty. */
  explicitNull: boolean;
  /** serde's words for the value's type (`string "x"`, `sequence`, `map`, ...). */
  serdeType: string;
  /** The entries of a mapping value (one level), for `metadata`. */
  children?: FrontmatterField[];
}

export interface ParsedYaml {
  ok: boolean;
  problems: YamlProblem[];
  /** Top-level keys in document order, duplicates included. */
  fields: FrontmatterField[];
  /** Whether the document root is a mapping (or empty). */
  rootIsMapping: boolean;
  /** serde's words for a root that is not a mapping: `string "text"`, `sequence`, ... */
  rootType?: string;
  /**
   * Where a collection nested deeper than the cap starts (`MAX_YAML_DEPTH`): it and what is
   * below it were parsed as a plain `x`, not as written (see yaml-depth.ts).
   */
  cappedAt?: number;
}

const PARSE_OPTIONS = {
  // Duplicate keys are legal for Codex except `name` and `description`; we judge them ourselves.
  uniqueKeys: false,
  // YAML 1.2 core schema, as serde_yaml: no `<<` merge keys, no yes/no booleans.
  merge: false,
  version: "1.2",
  strict: true,
  prettyErrors: false,
  keepSourceTokens: false,
} as const;

const TO_JS_OPTIONS = { maxAliasCount: 100 } as const;

/** libyaml's reader accepts only these code points; anything else is "control characters are not allowed". */
const NOT_ALLOWED = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

export function parseFrontmatterYaml(text: string): ParsedYaml {
  const control = NOT_ALLOWED.exec(text);
  if (control) {
    const position = Buffer.byteLength(text.slice(0, control.index));
    return failed([
      {
        message: `control characters are not allowed at position ${position}`,
        offset: control.index,
      },
    ]);
  }
  const capped = capYamlNesting(text);
  if (capped.cappedAt !== undefined) {
    const parsed = parseCapped(capped.text);
    parsed.cappedAt = capped.cappedAt;
    return parsed;
  }
  return parseCapped(text);
}

function parseCapped(text: string): ParsedYaml {
  const problems: YamlProblem[] = [];
  let documents: ReturnType<typeof parseAllDocuments>;
  try {
    documents = parseAllDocuments(text, PARSE_OPTIONS);
  } catch (error) {
    if (isInternalError(error)) throw error;
    return failed([{ message: messageOf(error), offset: 0 }]);
  }
  if (!Array.isArray(documents)) {
    // parseAllDocuments returns an EmptyStream for input with no documents at all.
    return { ok: true, problems: [], fields: [], rootIsMapping: true };
  }
  for (const document of documents) {
    for (const error of document.errors) {
      // The library reports its own stack overflow as a document error: an internal error,
      // not Codex's verdict on the YAML.
      if (error.code === "RESOURCE_EXHAUSTION")
        throw new RangeError(`the YAML parser ran out of stack: ${cleanMessage(error.message)}`);
      problems.push({ message: cleanMessage(error.message), offset: error.pos[0] });
    }
  }
  if (problems.length > 0) return failed(problems);
  const [document, second] = documents;
  if (second) {
    return failed([
      {
        message: "deserializing from YAML containing more than one document is not supported",
        offset: second.range?.[0] ?? 0,
      },
    ]);
  }
  if (!document) return { ok: true, problems: [], fields: [], rootIsMapping: true };
  const root = document.contents;
  if (root === null || (isScalar(root) && root.value === null)) {
    return { ok: true, problems: [], fields: [], rootIsMapping: true };
  }
  if (!isMap(root))
    return {
      ok: true,
      problems: [],
      fields: [],
      rootIsMapping: false,
      rootType: serdeTypeOf(root as Node),
    };
  let fields: FrontmatterField[];
  try {
    fields = fieldsOf(root, document, text, true);
  } catch (error) {
    if (isInternalError(error)) throw error;
    return failed([
      { message: messageOf(error), offset: (error as { offset?: number }).offset ?? 0 },
    ]);
  }
  return { ok: true, problems: [], fields, rootIsMapping: true };
}

function fieldsOf(
  map: YAMLMap,
  document: Document,
  text: string,
  withChildren: boolean,
): FrontmatterField[] {
  const fields: FrontmatterField[] = [];
  for (const pair of map.items) {
    const keyNode = pair.key as Node | null;
    const keyKind =
      keyNode && isSeq(keyNode) ? "sequence" : keyNode && isMap(keyNode) ? "mapping" : "scalar";
    const key =
      keyNode && isScalar(keyNode)
        ? String(keyNode.value)
        : keyKind === "scalar"
          ? ""
          : `<${keyKind}>`;
    const keyRange: [number, number] = [keyNode?.range?.[0] ?? 0, keyNode?.range?.[1] ?? 0];
    const valueNode = pair.value as Node | null;
    const target =
      valueNode && isAlias(valueNode)
        ? (valueNode.resolve(document) as Node | undefined)
        : valueNode;
    if (valueNode && isAlias(valueNode) && !target) {
      throw Object.assign(new Error("unknown anchor"), {
        offset: valueNode.range?.[0] ?? keyRange[1],
      });
    }
    let value: unknown;
    try {
      value = valueNode ? valueNode.toJS(document, TO_JS_OPTIONS) : null;
    } catch (error) {
      if (isInternalError(error)) throw error;
      // Too many aliases to expand: Codex never expands keys it ignores (measured: a
      // billion-laughs frontmatter loads), so keep the node's kind and drop the value.
      if (!/alias/i.test(messageOf(error)))
        throw Object.assign(new Error(messageOf(error)), {
          offset: valueNode?.range?.[0] ?? keyRange[0],
        });
      value = undefined;
    }
    const serde =
      isScalar(target) && typeof target.value === "string"
        ? { string: target.value }
        : { string: undefined, type: target ? serdeTypeOf(target) : "unit value" };
    const field: FrontmatterField = {
      key,
      keyKind,
      keyRange,
      valueRange: valueNode?.range
        ? [valueNode.range[0], valueNode.range[1]]
        : [keyRange[1], keyRange[1]],
      valueErrorOffset: anchorStart(target, text) ?? valueNode?.range?.[0] ?? keyRange[1],
      kind: kindOf(target ?? null, value),
      text: textOf(target ?? null, value, text),
      value,
      plain: isScalar(valueNode) && valueNode.type === Scalar.PLAIN,
      // A string's is worked out when asked (only refusals quote it): escaping every string
      // up front cost a tenth of the time it takes to read a skill.
      get serdeType() {
        return serde.string === undefined ? serde.type : `string ${rustDebugString(serde.string)}`;
      },
      explicitNull:
        isScalar(target) &&
        target.value === null &&
        /^(?:~|null|Null|NULL)$/.test(
          text.slice(target.range?.[0] ?? 0, target.range?.[1] ?? 0).trim(),
        ),
    };
    if (withChildren && target && isMap(target))
      field.children = fieldsOf(target, document, text, false);
    fields.push(field);
  }
  return fields;
}

/** libyaml marks a node at its anchor (`&name`) when it has one, else at its first character. */
function anchorStart(node: Node | null | undefined, text: string): number | undefined {
  const start = node?.range?.[0];
  if (start === undefined || !node) return undefined;
  if (!node.anchor) return start;
  const anchorAt = text.lastIndexOf(`&${node.anchor}`, start);
  return anchorAt === -1 ? start : anchorAt;
}

/** How serde_yaml names a node's type in `invalid type: ...` errors. */
function serdeTypeOf(node: Node): string {
  if (isSeq(node)) return "sequence";
  if (isMap(node)) return "map";
  if (isScalar(node)) {
    const value = node.value;
    if (typeof value === "string") return `string ${rustDebugString(value)}`;
    if (typeof value === "boolean") return `boolean \`${value}\``;
    if (typeof value === "number")
      return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``;
  }
  return "unit value";
}

const RUST_SHORT_ESCAPES: Record<string, string> = {
  "\0": "\\0",
  "\t": "\\t",
  "\n": "\\n",
  "\r": "\\r",
  '"': '\\"',
  "\\": "\\\\",
};

/**
 * Characters Rust's `{:?}` escapes: the short escapes above, and as `\u{hex}` those it counts
 * unprintable (control, format, private-use, unassigned and surrogate code points, separators
 * other than the space) and combining marks (Grapheme_Extend). Measured: conformance case
 * `yaml-string-escapes`.
 */
const RUST_ANY_ESCAPE =
  /[\0\t\n\r"\\\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}\p{Grapheme_Extend}]|(?! )\p{Zs}/gu;

/** A string as Rust's `Debug` prints it (and serde_yaml's `invalid type: string "..."`). */
export function rustDebugString(value: string): string {
  // One replace, not a character at a time: that would build a string of hundreds of pieces
  // that every field of every skill keeps alive.
  const escaped = value.replace(
    RUST_ANY_ESCAPE,
    (char) => RUST_SHORT_ESCAPES[char] ?? `\\u{${(char.codePointAt(0) as number).toString(16)}}`,
  );
  return `"${escaped}"`;
}

function failed(problems: YamlProblem[]): ParsedYaml {
  return { ok: false, problems, fields: [], rootIsMapping: false };
}

function kindOf(node: Node | null, value: unknown): YamlValueKind {
  if (node && isSeq(node)) return "sequence";
  if (node && isMap(node)) return "mapping";
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" || typeof value === "bigint") return "number";
  if (typeof value === "boolean") return "boolean";
  return "string";
}

function textOf(node: Node | null, value: unknown, source: string): string | undefined {
  if (!node || value === null || value === undefined) return undefined;
  if (!isScalar(node)) return undefined;
  if (node.type === Scalar.PLAIN && typeof value !== "string" && node.range) {
    return source.slice(node.range[0], node.range[1]);
  }
  return String(value);
}

/**
 * A stack overflow or a type error is a fault of the program, not a problem of the YAML: it is
 * thrown on (the lint engine reports it as an internal error on the file), never passed off
 * as Codex's "invalid YAML" verdict.
 */
function isInternalError(error: unknown): boolean {
  return error instanceof RangeError || error instanceof TypeError;
}

function messageOf(error: unknown): string {
  return cleanMessage(error instanceof Error ? error.message : String(error));
}

function cleanMessage(message: string): string {
  return message.split("\n")[0]?.trim() ?? message;
}
