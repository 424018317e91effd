/**
 * `fixSchema`: repairs what strict mode rejects when the repair is certain, and says what it
 * did. Objects get `additionalProperties: false`; every property becomes required, the optional
 * ones nullable; bare enums get their `type`; keywords strict mode refuses move into
 * `description` so their intent is not lost; a one-member `allOf` is inlined; `oneOf` becomes
 * `anyOf`; a `$ref` with a description is wrapped. Root unions, typed maps, `patternProperties`,
 * free-form objects and unresolved references are left alone and reported as unfixable.
 *
 * Key order: existing keys keep their place; new keys go where a hand-written schema has them
 * (`type` after `description`, `additionalProperties` after `required`...). The output is the
 * same for the same input.
 */
import { checkStrictSchema } from "./check.js";
import { inferType, typeText } from "./infer-type.js";
import { keywordStatus, STRICT_MODE_LIMITS } from "./limits.js";
import {
  buildSchemaModel,
  isJsonObject,
  isObjectSchema,
  type JsonObject,
  MAX_SAFE_JSON_DEPTH,
  measureJsonDepth,
  type SchemaModelOptions,
  type SchemaNode,
  typesOf,
} from "./model.js";
import { childPointer } from "./pointer.js";

export interface SchemaChange {
  /** JSON Pointer of the changed node, in the fixed schema. */
  pointer: string;
  description: string;
}

export interface UnfixableProblem {
  /** The check that still fails. */
  code: string;
  pointer: string;
  message: string;
}

export interface FixSchemaResult {
  /** The fixed schema (a copy; the input is not modified). */
  schema: unknown;
  changes: SchemaChange[];
  /** Strict-mode errors left after fixing, each needing a decision only its author can make. */
  unfixable: UnfixableProblem[];
}

/** Where a key that did not exist is put, relative to the keys that do. */
const CANONICAL_ORDER = [
  "$schema",
  "$id",
  "title",
  "description",
  "type",
  "enum",
  "const",
  "format",
  "pattern",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "anyOf",
  "$defs",
  "definitions",
];

/** Annotations that may move from beside a `$ref` onto a wrapper. */
const REF_ANNOTATIONS = new Set([
  "description",
  "title",
  "default",
  "examples",
  "$comment",
  "deprecated",
]);

function setEntries(object: JsonObject, entries: Array<[string, unknown]>): void {
  for (const key of Object.keys(object)) delete object[key];
  for (const [key, value] of entries) {
    // defineProperty, so a "__proto__" key stays a plain key.
    Object.defineProperty(object, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
}

/** Sets `key`, keeping its place if it exists, else inserting it at its canonical place. */
export function insertKey(object: JsonObject, key: string, value: unknown): void {
  if (Object.hasOwn(object, key)) {
    object[key] = value;
    return;
  }
  const entries = Object.entries(object);
  const rank = CANONICAL_ORDER.indexOf(key);
  let after = entries.length - 1;
  if (rank >= 0) {
    after = -1;
    entries.forEach(([existing], index) => {
      const r = CANONICAL_ORDER.indexOf(existing);
      if (r >= 0 && r < rank) after = index;
    });
  }
  entries.splice(after + 1, 0, [key, value]);
  setEntries(object, entries);
}

function renameKey(object: JsonObject, from: string, to: string): void {
  setEntries(
    object,
    Object.entries(object).map(([key, value]) => [key === from ? to : key, value]),
  );
}

function removeKeys(object: JsonObject, keys: readonly string[]): void {
  setEntries(
    object,
    Object.entries(object).filter(([key]) => !keys.includes(key)),
  );
}

function appendToDescription(schema: JsonObject, note: string): void {
  const current = typeof schema.description === "string" ? schema.description.trim() : "";
  const separator = current === "" ? "" : /[.!?]$/.test(current) ? " " : ". ";
  insertKey(schema, "description", `${current}${separator}${note}`);
}

function valueText(value: unknown): string {
  return JSON.stringify(value);
}

function isNullSchema(schema: unknown): boolean {
  return isJsonObject(schema) && (typesOf(schema)?.includes("null") ?? false);
}

function isNullable(schema: JsonObject): boolean {
  const types = typesOf(schema);
  if (types !== undefined) return types.includes("null");
  if (Array.isArray(schema.anyOf)) return schema.anyOf.some(isNullSchema);
  if (Array.isArray(schema.enum)) return schema.enum.includes(null);
  return false;
}

class Fixer {
  private readonly recorded: Array<{ change: SchemaChange; order: number[] }> = [];
  private pass = 0;
  private current: SchemaNode | undefined;

  constructor(
    readonly root: JsonObject,
    readonly options: SchemaModelOptions,
  ) {}

  /** Changes grouped by kind, in document order within a kind. */
  get changes(): SchemaChange[] {
    return this.recorded
      .map((entry, seq) => ({ ...entry, order: [...entry.order, seq] }))
      .sort((a, b) => {
        for (let i = 0; i < a.order.length; i++) {
          const d = (a.order[i] as number) - (b.order[i] as number);
          if (d !== 0) return d;
        }
        return 0;
      })
      .map((entry) => entry.change);
  }

  /** The nodes to fix, children before parents; nodes inside a refused keyword are left alone. */
  private nodes(): SchemaNode[] {
    return buildSchemaModel(this.root, this.options).activeNodes.slice().reverse();
  }

  private change(kind: number, pointer: string, description: string): void {
    this.recorded.push({
      change: { pointer, description },
      order: [this.pass, kind, this.current?.index ?? 0],
    });
  }

  /**
   * Structure first: inline one-member `allOf`s, `oneOf` → `anyOf`, refused keywords into
   * descriptions, `$ref` siblings wrapped. Repeated while an `allOf` was inlined, since what it
   * brought in is checked on the next round.
   */
  fixStructure(): void {
    for (let round = 0; round < 20; round++) {
      let inlined = false;
      for (const node of this.nodes()) {
        this.current = node;
        if (this.inlineAllOf(node)) inlined = true;
        this.oneOfToAnyOf(node);
        this.moveUnsupportedKeywords(node);
        this.wrapRefSiblings(node);
      }
      this.pass++;
      if (!inlined) return;
    }
  }

  /** Then the shape: types, closed objects, every property required (children before parents). */
  fixShape(): void {
    for (const node of this.nodes()) {
      this.current = node;
      this.addMissingType(node);
      this.closeObject(node);
      this.requireAll(node);
    }
    this.pass++;
  }

  /** A one-member `allOf` is that member. */
  private inlineAllOf(node: SchemaNode): boolean {
    const schema = node.value;
    if (!isJsonObject(schema) || !Array.isArray(schema.allOf) || schema.allOf.length !== 1)
      return false;
    const member = schema.allOf[0];
    if (!isJsonObject(member)) return false;
    const clash = Object.keys(member).some(
      (key) =>
        key !== "description" &&
        Object.hasOwn(schema, key) &&
        JSON.stringify(schema[key]) !== JSON.stringify(member[key]),
    );
    if (clash) return false;
    const entries: Array<[string, unknown]> = [];
    for (const [key, value] of Object.entries(schema)) {
      if (key !== "allOf") {
        entries.push([key, value]);
        continue;
      }
      for (const [memberKey, memberValue] of Object.entries(member)) {
        if (Object.hasOwn(schema, memberKey)) continue;
        entries.push([memberKey, memberValue]);
      }
    }
    setEntries(schema, entries);
    if (typeof member.description === "string" && member.description !== schema.description) {
      if (typeof schema.description === "string") appendToDescription(schema, member.description);
      else insertKey(schema, "description", member.description);
    }
    this.change(
      0,
      node.pointer,
      "inlined the single `allOf` member (strict mode does not permit `allOf`)",
    );
    return true;
  }

  /** `oneOf` → `anyOf` below the root. */
  private oneOfToAnyOf(node: SchemaNode): void {
    const schema = node.value;
    if (node.parent === undefined || !isJsonObject(schema) || !Array.isArray(schema.oneOf)) return;
    if ("anyOf" in schema) return;
    renameKey(schema, "oneOf", "anyOf");
    this.change(
      1,
      node.pointer,
      "replaced `oneOf` with `anyOf` (strict mode does not permit `oneOf`; that exactly one member matches is no longer checked)",
    );
  }

  /** Keywords strict mode rejects, and formats it does not know, become description text. */
  private moveUnsupportedKeywords(node: SchemaNode): void {
    const allowedFormats: readonly string[] = STRICT_MODE_LIMITS.formats.values;
    const schema = node.value;
    if (!isJsonObject(schema)) return;
    const moved: string[] = [];
    for (const [key, value] of Object.entries(schema)) {
      const fixableKeyword =
        keywordStatus(key).status === "rejected" &&
        !["allOf", "oneOf", "anyOf", "patternProperties"].includes(key);
      const badFormat =
        key === "format" && !(typeof value === "string" && allowedFormats.includes(value));
      if (fixableKeyword || badFormat) moved.push(key);
    }
    if (moved.length === 0) return;
    const note = moved.map((key) => `${key}: ${valueText(schema[key])}`).join("; ");
    removeKeys(schema, moved);
    appendToDescription(schema, `Not enforced in strict mode: ${note}.`);
    this.change(
      2,
      node.pointer,
      `moved ${moved.map((k) => `\`${k}\``).join(", ")} into the description (strict mode does not permit ${moved.length === 1 ? "it" : "them"})`,
    );
  }

  /** `{"$ref", "description"}` → `{"description", "anyOf": [{"$ref"}]}`. */
  private wrapRefSiblings(node: SchemaNode): void {
    const schema = node.value;
    if (!isJsonObject(schema) || typeof schema.$ref !== "string") return;
    const siblings = Object.keys(schema).filter((key) => key !== "$ref");
    if (siblings.length === 0 || !siblings.every((key) => REF_ANNOTATIONS.has(key))) return;
    const ref = schema.$ref;
    setEntries(schema, [
      ...siblings.map((key): [string, unknown] => [key, schema[key]]),
      ["anyOf", [{ $ref: ref }]],
    ]);
    this.change(
      3,
      node.pointer,
      `wrapped the \`$ref\` in \`anyOf\` so its ${siblings.map((k) => `\`${k}\``).join(", ")} can stay (strict mode refuses keywords beside \`$ref\`)`,
    );
  }

  /** A bare `enum`/`const` (or `properties`/`items` alone) gets the `type` it implies. */
  private addMissingType(node: SchemaNode): void {
    const schema = node.value;
    if (!isJsonObject(schema) || Object.keys(schema).length === 0) return;
    if (["type", "$ref", "anyOf", "oneOf", "allOf"].some((key) => key in schema)) return;
    if (node.parent === undefined && "enum" in schema) return;
    const type = inferType(schema);
    if (type === undefined) return;
    insertKey(schema, "type", type);
    const from =
      "enum" in schema ? "the enum values" : "const" in schema ? "the const value" : "its keywords";
    this.change(4, node.pointer, `added \`"type": ${typeText(type)}\` (from ${from})`);
  }

  /** Objects with properties get `additionalProperties: false`. */
  private closeObject(node: SchemaNode): void {
    const schema = node.value;
    if (!isObjectSchema(schema) || !isJsonObject(schema.properties)) return;
    const current = schema.additionalProperties;
    if (current === false) return;
    if (isJsonObject(current) && Object.keys(current).length > 0) return; // a typed map
    insertKey(schema, "additionalProperties", false);
    this.change(
      5,
      node.pointer,
      current === undefined
        ? "added `additionalProperties: false`"
        : `set \`additionalProperties\` to false (was ${valueText(current)})`,
    );
  }

  /** Every property required; the ones that were optional may now be null. */
  private requireAll(node: SchemaNode): void {
    const schema = node.value;
    if (!isObjectSchema(schema) || !isJsonObject(schema.properties)) return;
    const properties = schema.properties;
    const existing = Array.isArray(schema.required)
      ? schema.required.filter(
          (k): k is string => typeof k === "string" && Object.hasOwn(properties, k),
        )
      : [];
    const present = new Set(existing);
    const missing = Object.keys(properties).filter((key) => !present.has(key));
    if (missing.length === 0) return;
    insertKey(schema, "required", [...new Set(existing), ...missing]);
    for (const key of missing) {
      const pointer = childPointer(node.pointer, "properties", key);
      const how = this.makeNullable(properties[key]);
      this.change(
        6,
        pointer,
        `added "${key}" to \`required\`${how === undefined ? "" : `; it was optional, so ${how}`}`,
      );
    }
  }

  /** Lets a schema also accept null; says how, or `undefined` when it already did. */
  private makeNullable(schema: unknown): string | undefined {
    if (!isJsonObject(schema)) return undefined;
    const types = typesOf(schema);
    if (types !== undefined) {
      const done: string[] = [];
      if (!types.includes("null")) {
        const type = schema.type;
        insertKey(schema, "type", typeof type === "string" ? [type, "null"] : [...types, "null"]);
        done.push(`its type is now ${typeText(schema.type as string[])}`);
      }
      if (Array.isArray(schema.enum) && !schema.enum.includes(null)) {
        schema.enum.push(null);
        done.push("its enum allows null");
      } else if ("const" in schema && schema.const !== null) {
        const value = schema.const;
        setEntries(
          schema,
          Object.entries(schema).map(([k, v]): [string, unknown] =>
            k === "const" ? ["enum", [value, null]] : [k, v],
          ),
        );
        done.push("its const became an enum with null");
      }
      return done.length === 0 ? undefined : done.join(" and ");
    }
    if (isNullable(schema)) return undefined;
    if (Array.isArray(schema.anyOf)) {
      schema.anyOf.push({ type: "null" });
      return 'its `anyOf` now allows `{"type": "null"}`';
    }
    // A $ref or an untyped schema: wrap it.
    const annotations = Object.entries(schema).filter(([key]) => REF_ANNOTATIONS.has(key));
    const rest = Object.entries(schema).filter(([key]) => !REF_ANNOTATIONS.has(key));
    setEntries(schema, [...annotations, ["anyOf", [Object.fromEntries(rest), { type: "null" }]]]);
    return 'it is now `anyOf` the old schema and `{"type": "null"}`';
  }
}

/**
 * Repairs a schema for strict mode. Never guesses: what only the author can decide (a root
 * union, a typed map, `patternProperties`, a free-form object, a missing definition) is left as
 * it is and listed in `unfixable`.
 */
export function fixSchema(schema: unknown, options: SchemaModelOptions = {}): FixSchemaResult {
  return fixSchemaInPlace(schema, options, structuredClone);
}

/**
 * `fixSchema` on a value it may change: `fixSchemaText` keeps its objects' identities to tell
 * which parts of the text each fixed value came from. `copy` is applied to the root first.
 */
export function fixSchemaInPlace(
  schema: unknown,
  options: SchemaModelOptions = {},
  copy: <T>(value: T) => T = (value) => value,
): FixSchemaResult {
  const depth = measureJsonDepth(schema);
  if (!isJsonObject(schema) || depth > MAX_SAFE_JSON_DEPTH) {
    return {
      schema,
      changes: [],
      unfixable:
        depth > MAX_SAFE_JSON_DEPTH
          ? [
              {
                code: "schema/max-depth",
                pointer: "",
                message: `The schema nests ${depth} levels deep; it is not rewritten automatically.`,
              },
            ]
          : checkStrictSchema(schema, options)
              .filter((p) => p.severity === "error")
              .map(({ code, pointer, message }) => ({ code, pointer, message })),
    };
  }
  const root = copy(schema);
  const fixer = new Fixer(root, options);
  fixer.fixStructure();
  fixer.fixShape();
  const unfixable = checkStrictSchema(root, options)
    .filter((problem) => problem.severity === "error")
    .map(({ code, pointer, message }) => ({ code, pointer, message }));
  return { schema: root, changes: fixer.changes, unfixable };
}
