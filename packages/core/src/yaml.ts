/**
 * Frontmatter YAML with positions. The `yaml` library keeps node ranges and caps alias
 * expansion (`maxAliasCount`), so a billion-laughs frontmatter fails fast instead of hanging.
 */
import { isAlias, isMap, isScalar, isSeq, type Node, parseAllDocuments, Scalar } from "yaml";

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
  keyRange: [number, number];
  /** Range of the value node; equal to the end of the key when the value is empty. */
  valueRange: [number, number];
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
}

export interface ParsedYaml {
  ok: boolean;
  problems: YamlProblem[];
  /** Top-level keys in document order, duplicates included. */
  fields: FrontmatterField[];
  /** Whether the document root is a mapping (or empty). */
  rootIsMapping: boolean;
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

export function parseFrontmatterYaml(text: string): ParsedYaml {
  const problems: YamlProblem[] = [];
  let documents: ReturnType<typeof parseAllDocuments>;
  try {
    documents = parseAllDocuments(text, PARSE_OPTIONS);
  } catch (error) {
    return failed([{ message: messageOf(error), offset: 0 }]);
  }
  if (!Array.isArray(documents)) {
    // parseAllDocuments returns an EmptyStream for input with no documents at all.
    return { ok: true, problems: [], fields: [], rootIsMapping: true };
  }
  for (const document of documents) {
    for (const error of document.errors) {
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
  if (!isMap(root)) return { ok: true, problems: [], fields: [], rootIsMapping: false };
  const fields: FrontmatterField[] = [];
  for (const pair of root.items) {
    const keyNode = pair.key as Node | null;
    if (!keyNode || !isScalar(keyNode)) continue;
    const key = String(keyNode.value);
    const keyRange: [number, number] = [keyNode.range?.[0] ?? 0, keyNode.range?.[1] ?? 0];
    const valueNode = pair.value as Node | null;
    let value: unknown;
    try {
      value = valueNode ? valueNode.toJS(document, TO_JS_OPTIONS) : null;
    } catch (error) {
      return failed([{ message: messageOf(error), offset: valueNode?.range?.[0] ?? keyRange[0] }]);
    }
    fields.push({
      key,
      keyRange,
      valueRange: valueNode?.range
        ? [valueNode.range[0], valueNode.range[1]]
        : [keyRange[1], keyRange[1]],
      kind: kindOf(valueNode, value),
      text: textOf(valueNode, value, text),
      value,
      plain: isScalar(valueNode) && valueNode.type === Scalar.PLAIN,
    });
  }
  return { ok: true, problems: [], fields, rootIsMapping: true };
}

function failed(problems: YamlProblem[]): ParsedYaml {
  return { ok: false, problems, fields: [], rootIsMapping: false };
}

function kindOf(node: Node | null, value: unknown): YamlValueKind {
  if (node && isAlias(node)) return "alias";
  if (node && isSeq(node)) return "sequence";
  if (node && isMap(node)) return "mapping";
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" || typeof value === "bigint") return "number";
  if (typeof value === "boolean") return "boolean";
  return "string";
}

function textOf(node: Node | null, value: unknown, source: string): string | undefined {
  if (!node || value === null || value === undefined) return undefined;
  if (isAlias(node)) return typeof value === "object" ? undefined : String(value);
  if (!isScalar(node)) return undefined;
  if (node.type === Scalar.PLAIN && typeof value !== "string" && node.range) {
    return source.slice(node.range[0], node.range[1]);
  }
  return String(value);
}

function messageOf(error: unknown): string {
  return cleanMessage(error instanceof Error ? error.message : String(error));
}

function cleanMessage(message: string): string {
  return message.split("\n")[0]?.trim() ?? message;
}
