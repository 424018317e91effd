/**
 * `fixSchemaText`: `fixSchema` applied to a schema's text as the smallest text edits that give
 * the fixed schema, so everything the fix did not change keeps its text: number literals
 * (`1e400` stays `1e400`), string escapes, duplicate keys, line endings, key order, indentation.
 *
 * The fixer works on `JSON.parse`'s value whose objects and arrays are mapped to the nodes of
 * jsonc-parser's tree; the fixed value is then compared with the tree, node by node:
 * - a kept key keeps its place and its text, and its value is compared in turn;
 * - a removed key is cut out with its comma; a new key is inserted after the kept key it
 *   follows in the fixed object, formatted as its neighbours are (indentation, line ending,
 *   `": "` or `":"`); a key renamed (`oneOf` → `anyOf`) has only its name replaced;
 * - an array that only grew (`required`, `enum`, `anyOf` members) gets its new items appended;
 * - a value the fix replaced is written out; parts of it that come from elsewhere in the file (an
 *   `allOf` member inlined) keep their text, re-indented.
 * Duplicate keys stay as written, except those of a key the fix removes or renames: they go with
 * it (left alone, the next parse would take the first one back). The edits are checked by
 * parsing their result, which must be the fixed schema.
 */
import type { TextEdit } from "@ops-skill/core";
import { type Node, parseTree } from "jsonc-parser";
import { type FixSchemaResult, fixSchemaInPlace } from "./fix.js";
import type { JsonDocument } from "./json-document.js";
import {
  isJsonObject,
  MAX_SAFE_JSON_DEPTH,
  measureJsonDepth,
  type SchemaModelOptions,
} from "./model.js";

export interface FixSchemaTextResult extends FixSchemaResult {
  /** Non-overlapping edits of the original text, in order; empty when nothing changes. */
  edits: TextEdit[];
  /** The original text with `edits` applied. */
  text: string;
}

/** Edits in order, not overlapping, applied to `text`. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const edit of edits) {
    parts.push(text.slice(at, edit.range[0]), edit.text);
    at = edit.range[1];
  }
  parts.push(text.slice(at));
  return parts.join("");
}

const edit = (start: number, end: number, text: string): TextEdit => ({
  range: [start, end],
  text,
});

const isWhitespace = (code: number) =>
  code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;

/** Short arrays of strings, numbers, booleans and nulls are written on one line. */
const ONE_LINE_WIDTH = 80;

class TextFixer {
  readonly eol: string;
  readonly unit: string;
  readonly colon: string;
  /** `, ` or `,`: how members on one line are separated where the file does not say. */
  readonly comma: string;
  /** Whether the root spreads over lines (then new objects and arrays do too). */
  readonly spread: boolean;

  constructor(
    readonly text: string,
    readonly tree: Node,
    readonly origins: WeakMap<object, Node>,
  ) {
    const newline = text.indexOf("\n");
    this.eol = newline > 0 && text[newline - 1] === "\r" ? "\r\n" : "\n";
    const first = tree.children?.[0];
    this.spread = tree.children === undefined || this.isSpread(tree);
    const rootIndent = this.indentAt(tree.offset);
    const firstIndent = first && this.spread ? this.indentAt(first.offset) : "";
    this.unit =
      firstIndent.startsWith(rootIndent) && firstIndent.length > rootIndent.length
        ? firstIndent.slice(rootIndent.length)
        : "  ";
    this.colon = (first && this.colonOf(first)) ?? ": ";
    this.comma = this.spread ? ", " : this.separator(tree, false, "", ", ");
  }

  /** The leading white space of the line holding `offset`. */
  indentAt(offset: number): string {
    let start = offset;
    while (start > 0 && this.text[start - 1] !== "\n") start--;
    let end = start;
    while (end < offset && (this.text[end] === " " || this.text[end] === "\t")) end++;
    return this.text.slice(start, end);
  }

  /** Whether a container's first member (or its end) is on a later line than its opening. */
  isSpread(node: Node): boolean {
    const end = node.children?.[0]?.offset ?? node.offset + node.length - 1;
    for (let i = node.offset + 1; i < end; i++) if (this.text[i] === "\n") return true;
    return false;
  }

  /** Whether the container holding `node` spreads over lines. */
  private parentSpread(node: Node): boolean {
    const container = node.parent?.type === "property" ? node.parent.parent : node.parent;
    return container === undefined ? this.spread : this.isSpread(container);
  }

  /** What lies between a property's name and its value (`": "`), when it is only a colon and spaces. */
  colonOf(property: Node): string | undefined {
    const key = property.children?.[0];
    const value = property.children?.[1];
    if (!key || !value) return undefined;
    const between = this.text.slice(key.offset + key.length, value.offset);
    return /^[ \t]*:[ \t]*$/.test(between) ? between : undefined;
  }

  /** The white space right before `offset`. */
  spaceBefore(offset: number): string {
    let start = offset;
    while (start > 0 && isWhitespace(this.text.charCodeAt(start - 1))) start--;
    return this.text.slice(start, offset);
  }

  /** The length of the white space at `offset`. */
  private spaceAfter(offset: number): number {
    let end = offset;
    while (end < this.text.length && isWhitespace(this.text.charCodeAt(end))) end++;
    return end - offset;
  }

  /** How members of `node` are separated when one is added: `,` and a new line, or `, `. */
  separator(node: Node, spread: boolean, indent: string, fallback = this.comma): string {
    if (spread) return `,${this.eol}${indent}`;
    const [a, b] = node.children ?? [];
    if (a && b) {
      const between = this.text.slice(a.offset + a.length, b.offset);
      if (/^,[ \t]*$/.test(between)) return between;
    }
    return fallback;
  }

  /** Edits that turn `node`'s text into `value`, appended to `edits`. */
  diff(node: Node, value: unknown, edits: TextEdit[]): void {
    if (this.inPlace(node, value, edits)) return;
    edits.push(
      edit(
        node.offset,
        node.offset + node.length,
        this.write(value, this.indentAt(node.offset), this.parentSpread(node)),
      ),
    );
  }

  /** Edits inside `node` that make it `value`; false when it must be written anew. */
  private inPlace(node: Node, value: unknown, edits: TextEdit[]): boolean {
    if (typeof value !== "object" || value === null)
      return value === null
        ? node.type === "null"
        : (node.type === "string" || node.type === "number" || node.type === "boolean") &&
            node.value === value;
    const origin = this.origins.get(value);
    if (origin !== node && origin !== undefined) return false;
    if (isJsonObject(value)) {
      if (node.type !== "object") return false;
      this.diffObject(node, value, edits);
      return true;
    }
    return node.type === "array" && this.diffArray(node, value as unknown[], edits);
  }

  private diffObject(node: Node, value: Record<string, unknown>, edits: TextEdit[]): void {
    const members = node.children ?? [];
    const keyOf = (member: Node) => String(member.children?.[0]?.value);
    const effective = new Map<string, number>();
    members.forEach((member, i) => {
      effective.set(keyOf(member), i);
    });
    const keys = Object.keys(value);
    const kept = new Set(keys.filter((k) => effective.has(k)));
    // Members the fix removed, by their value node: a new key holding that very value is a rename.
    const removedByValue = new Map<Node, number>();
    for (const [key, i] of effective)
      if (!kept.has(key)) {
        const valueNode = members[i]?.children?.[1];
        if (valueNode) removedByValue.set(valueNode, i);
      }
    const renamedTo = new Map<number, string>();
    const added = new Set<string>();
    for (const key of keys) {
      if (kept.has(key)) continue;
      const v = value[key];
      const origin = typeof v === "object" && v !== null ? this.origins.get(v) : undefined;
      const from = origin === undefined ? undefined : removedByValue.get(origin);
      if (from !== undefined && !renamedTo.has(from)) renamedTo.set(from, key);
      else added.add(key);
    }
    // A member survives when its key is kept (duplicates of a kept key stay as written) or
    // renamed; the others, duplicates included, go.
    const survives = members.map((member, i) => kept.has(keyOf(member)) || renamedTo.has(i));
    for (const [i, member] of members.entries()) {
      if (!survives[i]) continue;
      const key = keyOf(member);
      const rename = renamedTo.get(i);
      const keyNode = member.children?.[0] as Node;
      const valueNode = member.children?.[1] as Node;
      if (rename !== undefined) {
        edits.push(edit(keyNode.offset, keyNode.offset + keyNode.length, JSON.stringify(rename)));
        this.diff(valueNode, value[rename], edits);
      } else if (effective.get(key) === i) this.diff(valueNode, value[key], edits);
    }
    if (added.size === 0 && survives.every(Boolean)) return;

    // Where each new key goes: after the kept (or renamed) key it follows in the fixed object.
    const memberOfKey = new Map<string, number>();
    for (const key of kept) memberOfKey.set(key, effective.get(key) as number);
    for (const [i, key] of renamedTo) memberOfKey.set(key, i);
    const spread = members.length > 0 ? this.isSpread(node) : this.parentSpread(node);
    const outer = this.indentAt(node.offset);
    const indent = spread && members[0] ? this.indentAt(members[0].offset) : `${outer}${this.unit}`;
    const colon = (members[0] && this.colonOf(members[0])) ?? this.colon;
    const separator = this.separator(node, spread, indent);
    const inserts = new Map<number, string[]>();
    let anchor = -1;
    for (const key of keys) {
      const at = memberOfKey.get(key);
      if (at !== undefined) {
        anchor = at;
        continue;
      }
      if (!added.has(key)) continue;
      const member = `${JSON.stringify(key)}${colon}${this.write(value[key], indent, spread)}`;
      const list = inserts.get(anchor);
      if (list) list.push(member);
      else inserts.set(anchor, [member]);
    }

    const open = node.offset + 1;
    const close = node.offset + node.length - 1;
    const survivors = members.flatMap((_, i) => (survives[i] ? [i] : []));
    if (survivors.length === 0) {
      const list = inserts.get(-1) ?? [];
      edits.push(
        edit(
          open,
          close,
          list.length === 0
            ? ""
            : spread
              ? `${this.eol}${indent}${list.join(separator)}${this.eol}${outer}`
              : list.join(separator),
        ),
      );
      return;
    }
    // Before the first survivor.
    const first = survivors[0] as number;
    const head = inserts.get(-1) ?? [];
    if (first > 0 || head.length > 0) {
      const lead = this.text.slice(open, open + this.spaceAfter(open));
      edits.push(
        edit(
          open,
          (members[first] as Node).offset,
          `${lead}${head.map((m) => `${m}${separator}`).join("")}`,
        ),
      );
    }
    // Between survivors, and after the last one.
    for (let s = 0; s < survivors.length; s++) {
      const i = survivors[s] as number;
      const next = survivors[s + 1];
      const member = members[i] as Node;
      const after = inserts.get(i) ?? [];
      const removedBetween = (next ?? members.length) - i > 1;
      if (!removedBetween && after.length === 0) continue;
      const end = member.offset + member.length;
      const nextOffset = next === undefined ? close : (members[next] as Node).offset;
      const tail =
        next === undefined ? this.spaceBefore(close) : `,${this.spaceBefore(nextOffset)}`;
      edits.push(edit(end, nextOffset, `${after.map((m) => `${separator}${m}`).join("")}${tail}`));
    }
  }

  /** Items kept in place and new ones appended; false when the array changed otherwise. */
  private diffArray(node: Node, value: unknown[], edits: TextEdit[]): boolean {
    const items = node.children ?? [];
    if (value.length < items.length) return false;
    for (const [i, item] of items.entries()) {
      const v = value[i];
      const same =
        typeof v === "object" && v !== null
          ? this.origins.get(v) === item
          : v === null
            ? item.type === "null"
            : item.type !== "object" && item.type !== "array" && item.value === v;
      if (!same) return false;
    }
    for (const [i, item] of items.entries()) this.diff(item, value[i], edits);
    if (value.length === items.length) return true;
    const spread = items.length > 0 ? this.isSpread(node) : this.parentSpread(node);
    const outer = this.indentAt(node.offset);
    const indent = spread && items[0] ? this.indentAt(items[0].offset) : `${outer}${this.unit}`;
    const separator = this.separator(node, spread, indent);
    const added = value.slice(items.length).map((v) => this.write(v, indent, spread));
    const last = items[items.length - 1];
    if (last) {
      const end = last.offset + last.length;
      edits.push(edit(end, end, added.map((a) => `${separator}${a}`).join("")));
    } else {
      const open = node.offset + 1;
      const close = node.offset + node.length - 1;
      edits.push(
        edit(
          open,
          close,
          spread
            ? `${this.eol}${indent}${added.join(separator)}${this.eol}${outer}`
            : added.join(separator),
        ),
      );
    }
    return true;
  }

  /**
   * `value` as text starting on a line indented by `indent`, spread over lines or on one.
   * Objects and arrays that come from the file keep their text (with their own edits),
   * re-indented to the new place.
   */
  write(value: unknown, indent: string, spread: boolean): string {
    if (typeof value !== "object" || value === null) return JSON.stringify(value) ?? "null";
    const origin = this.origins.get(value);
    if (origin !== undefined) {
      const edits: TextEdit[] = [];
      if (this.inPlace(origin, value, edits)) {
        edits.sort((a, b) => a.range[0] - b.range[0]);
        const own = applyTextEdits(
          this.text.slice(origin.offset, origin.offset + origin.length),
          edits.map((e) => edit(e.range[0] - origin.offset, e.range[1] - origin.offset, e.text)),
        );
        return reindent(own, this.indentAt(origin.offset), indent);
      }
    }
    const inner = `${indent}${this.unit}`;
    if (Array.isArray(value)) {
      if (value.length === 0) return "[]";
      if (value.every((v) => typeof v !== "object" || v === null)) {
        const line = `[${value.map((v) => JSON.stringify(v) ?? "null").join(this.comma)}]`;
        if (!spread || indent.length + line.length <= ONE_LINE_WIDTH) return line;
      }
      const items = value.map((v) => this.write(v, inner, spread));
      return spread
        ? `[${this.eol}${inner}${items.join(`,${this.eol}${inner}`)}${this.eol}${indent}]`
        : `[${items.join(this.comma)}]`;
    }
    const keys = Object.keys(value);
    if (keys.length === 0) return "{}";
    const members = keys.map(
      (k) =>
        `${JSON.stringify(k)}${this.colon}${this.write((value as Record<string, unknown>)[k], inner, spread)}`,
    );
    return spread
      ? `{${this.eol}${inner}${members.join(`,${this.eol}${inner}`)}${this.eol}${indent}}`
      : `{${members.join(this.comma)}}`;
  }
}

/** Moves lines after the first from one indentation to another (JSON strings hold no line break). */
function reindent(text: string, from: string, to: string): string {
  if (from === to || !text.includes("\n")) return text;
  return text
    .split("\n")
    .map((line, i) => (i > 0 && line.startsWith(from) ? `${to}${line.slice(from.length)}` : line))
    .join("\n");
}

/** Maps each object and array of `value` (JSON.parse's) to its node (the last of duplicate keys). */
function mapOrigins(tree: Node, value: unknown): WeakMap<object, Node> {
  const origins = new WeakMap<object, Node>();
  const stack: Array<[Node, unknown]> = [[tree, value]];
  while (stack.length > 0) {
    const [node, v] = stack.pop() as [Node, unknown];
    if (typeof v !== "object" || v === null) continue;
    origins.set(v, node);
    if (Array.isArray(v)) {
      node.children?.forEach((item, i) => {
        stack.push([item, v[i]]);
      });
    } else if (node.type === "object") {
      const members = new Map<string, Node>();
      for (const member of node.children ?? []) {
        const [key, child] = member.children ?? [];
        if (key && child) members.set(String(key.value), child);
      }
      for (const [key, child] of members) stack.push([child, (v as Record<string, unknown>)[key]]);
    }
  }
  return origins;
}

/** Equal as JSON values (key order aside). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ka = Object.keys(a);
  const ob = b as Record<string, unknown>;
  return (
    ka.length === Object.keys(ob).length &&
    ka.every((k) => Object.hasOwn(ob, k) && sameJson((a as Record<string, unknown>)[k], ob[k]))
  );
}

/** The edits did not give the fixed schema: a bug of ours, never a reason to write. */
export class TextFixError extends Error {
  override readonly name = "TextFixError";
}

/**
 * Fixes the schema of a parsed document (one without syntax problems) and returns the edits of
 * its text. Throws `TextFixError` if the edited text would not parse to the fixed schema.
 */
export function fixSchemaText(
  document: JsonDocument,
  options: SchemaModelOptions = {},
): FixSchemaTextResult {
  const { text } = document;
  const value = JSON.parse(text) as unknown;
  let tree: Node | undefined;
  if (measureJsonDepth(value) <= MAX_SAFE_JSON_DEPTH && !document.positionsUnavailable) {
    try {
      tree = parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
    } catch {
      tree = undefined;
    }
  }
  if (tree === undefined) {
    // Too deep for the fixer (it says so in `unfixable`) or for the parser: nothing to edit.
    const result = fixSchemaInPlace(value, options);
    if (result.changes.length === 0) return { ...result, edits: [], text };
    return {
      schema: value,
      changes: [],
      unfixable: [
        {
          code: "schema/max-depth",
          pointer: "",
          message: "The schema nests too deep to be rewritten automatically.",
        },
      ],
      edits: [],
      text,
    };
  }
  const origins = mapOrigins(tree, value);
  const result = fixSchemaInPlace(value, options);
  if (result.changes.length === 0) return { ...result, edits: [], text };
  const fixer = new TextFixer(text, tree, origins);
  const edits: TextEdit[] = [];
  fixer.diff(tree, result.schema, edits);
  edits.sort((a, b) => a.range[0] - b.range[0]);
  for (let i = 1; i < edits.length; i++)
    if ((edits[i] as TextEdit).range[0] < (edits[i - 1] as TextEdit).range[1])
      throw new TextFixError("overlapping edits");
  const fixed = applyTextEdits(text, edits);
  let reparsed: unknown;
  try {
    reparsed = JSON.parse(fixed);
  } catch (error) {
    throw new TextFixError(`the edited text is not JSON: ${(error as Error).message}`);
  }
  if (!sameJson(reparsed, result.schema))
    throw new TextFixError("the edited text is not the fixed schema");
  return { ...result, edits, text: fixed };
}
