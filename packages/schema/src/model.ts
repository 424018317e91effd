/**
 * The schema model every check reads: the parsed document (with positions when it came from
 * text), every schema node in document order with its path and object nesting level, and every
 * `$ref` resolved once. Built iteratively in one pass, so a 10,000-property schema or a
 * 100,000-level nesting costs linear time and no stack.
 */
import { type DialectInfo, dialectOf } from "./dialect.js";
import { type JsonDocument, parseJsonDocument, type SourceRange } from "./json-document.js";
import { STRICT_MODE_LIMITS } from "./limits.js";
import { apiContext, type PathSegment, toPointer } from "./pointer.js";

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One place a schema can stand: the root, a property, an array's items, an anyOf member... */
export interface SchemaNode {
  /** Position in `SchemaModel.nodes` (document order). */
  index: number;
  pointer: string;
  path: readonly PathSegment[];
  /** The schema: normally an object; booleans and other JSON values are kept as they are. */
  value: unknown;
  parent: SchemaNode | undefined;
  /** The keyword that leads from the parent here (`properties`, `items`, `anyOf`, `$defs`...). */
  via: string | undefined;
  /** The member name under `properties`, `$defs`, `definitions`, `patternProperties`... */
  key: string | undefined;
  /** True for the values of `properties` (the report's fields). */
  isProperty: boolean;
  /** Object levels from the root along the document (the root object is 1), refs not followed. */
  objectLevel: number;
  /**
   * Inside a keyword strict mode refuses as a whole (`allOf`, `not`, `if`, `patternProperties`,
   * a typed map...): that keyword is reported, what is inside it is not checked on its own.
   */
  insideRefused: boolean;
}

export type RefProblem =
  | "remote"
  | "missing"
  | "not-a-definition"
  | "malformed"
  /** `$ref` → `$ref` → ... back to itself, with no schema in between. */
  | "alias-cycle";

export interface RefInfo {
  node: SchemaNode;
  ref: string;
  /** The definition it names, when it resolves inside the document. */
  target: SchemaNode | undefined;
  problem: RefProblem | undefined;
}

export interface SchemaModelOptions {
  /** Override limit values (for older or newer API limits). */
  limits?: Partial<LimitValues>;
}

export interface LimitValues {
  totalProperties: number;
  nestingDepth: number;
  totalEnumValues: number;
  totalStringLength: number;
  largeEnumValues: number;
  largeEnumStringLength: number;
}

export interface SchemaModel {
  /** The schema value (`undefined` when the text is not JSON). */
  root: unknown;
  /** Present when the schema was read from text. */
  document: JsonDocument | undefined;
  /** Every schema node, root first, in document order. */
  nodes: readonly SchemaNode[];
  /** The nodes strict mode would use: `nodes` without those `insideRefused`. */
  activeNodes: readonly SchemaNode[];
  nodeAt(pointer: string): SchemaNode | undefined;
  /** Every `$ref`, in document order. */
  refs: readonly RefInfo[];
  refOf(node: SchemaNode): RefInfo | undefined;
  dialect: DialectInfo;
  limits: LimitValues;
  /**
   * Deepest JSON nesting (any value, not only schemas). Libraries that recurse (ajv, the
   * JSON.stringify of a fix) are skipped past `MAX_SAFE_JSON_DEPTH`.
   */
  jsonDepth: number;
  /**
   * Set when the walk stopped descending at `MAX_WALK_SEGMENTS` path segments (the nodes
   * below are not in `nodes`); the nesting check reports it.
   */
  truncated: boolean;
  /** The API's `context=(...)` tuple for a pointer's path. */
  context(node: SchemaNode): string;
  /** Where a pointer is in the file, when the schema came from text. */
  locate(pointer: string, at?: "key" | "value"): SourceRange | undefined;
}

/**
 * Keywords whose subschemas strict mode never sees on their own: the keyword itself is the
 * problem. `oneOf` is not here: its members are alternatives, and become `anyOf` members.
 */
export const REFUSED_CONTAINERS = new Set([
  "allOf",
  "not",
  "if",
  "then",
  "else",
  "dependentSchemas",
  "dependencies",
  "patternProperties",
  "propertyNames",
  "contains",
  "unevaluatedProperties",
  "unevaluatedItems",
  "additionalItems",
  "additionalProperties",
]);

/** Nesting beyond this is reported, not handed to recursive libraries. */
export const MAX_SAFE_JSON_DEPTH = 2000;

/**
 * The walk stops descending at this many path segments (about 128 schema levels, far past the
 * API's 10): the nesting check reports such a schema, and nothing below it is worth a message.
 */
export const MAX_WALK_SEGMENTS = 256;

/** Keywords whose value is one schema. */
const SINGLE_SCHEMA_KEYWORDS = new Set([
  "items",
  "additionalItems",
  "contains",
  "propertyNames",
  "not",
  "if",
  "then",
  "else",
  "unevaluatedItems",
  "unevaluatedProperties",
  "additionalProperties",
]);
/** Keywords whose value is an array of schemas. */
const ARRAY_SCHEMA_KEYWORDS = new Set(["prefixItems", "items", "anyOf", "oneOf", "allOf"]);
/** Keywords whose value maps names to schemas. */
const MAP_SCHEMA_KEYWORDS = new Set([
  "$defs",
  "definitions",
  "properties",
  "patternProperties",
  "dependentSchemas",
  "dependencies",
]);
/**
 * Under these keywords `false` is the normal way to close something, not a schema node:
 * they are visited only when they hold an object schema.
 */
const CLOSING_KEYWORDS = new Set([
  "additionalProperties",
  "additionalItems",
  "unevaluatedItems",
  "unevaluatedProperties",
]);

export function typesOf(schema: JsonObject): string[] | undefined {
  const type = schema.type;
  if (typeof type === "string") return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === "string");
  return undefined;
}

/** An object schema: `type` names `object`, or there is no `type` and there are `properties`. */
export function isObjectSchema(schema: unknown): schema is JsonObject {
  if (!isJsonObject(schema)) return false;
  const types = typesOf(schema);
  if (types !== undefined) return types.includes("object");
  return isJsonObject(schema.properties);
}

/** Deepest nesting of arrays and objects, measured without recursion (nor a tuple per value). */
export function measureJsonDepth(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  let max = 0;
  const values: object[] = [value];
  const depths: number[] = [1];
  while (values.length > 0) {
    const current = values.pop() as object;
    const depth = depths.pop() as number;
    if (depth > max) max = depth;
    if (Array.isArray(current)) {
      for (const child of current)
        if (typeof child === "object" && child !== null) {
          values.push(child);
          depths.push(depth + 1);
        }
      continue;
    }
    for (const key in current) {
      const child = (current as Record<string, unknown>)[key];
      if (typeof child === "object" && child !== null) {
        values.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return max;
}

function resolveRefs(nodes: SchemaNode[], byPointer: Map<string, SchemaNode>): RefInfo[] {
  const refs: RefInfo[] = [];
  for (const node of nodes) {
    if (!isJsonObject(node.value) || !("$ref" in node.value)) continue;
    const ref = node.value.$ref;
    if (typeof ref !== "string") {
      refs.push({ node, ref: String(ref), target: undefined, problem: "malformed" });
      continue;
    }
    if (!ref.startsWith("#")) {
      refs.push({ node, ref, target: undefined, problem: "remote" });
      continue;
    }
    let pointer: string;
    try {
      pointer = decodeURIComponent(ref.slice(1));
    } catch {
      refs.push({ node, ref, target: undefined, problem: "malformed" });
      continue;
    }
    if (pointer !== "" && !pointer.startsWith("/")) {
      // `#anchor`: anchors are not resolved by the API.
      refs.push({ node, ref, target: undefined, problem: "missing" });
      continue;
    }
    const target = byPointer.get(pointer);
    if (target === undefined) {
      refs.push({ node, ref, target: undefined, problem: "missing" });
      continue;
    }
    const topLevelDefinition =
      pointer === "" ||
      (target.parent?.pointer === "" && (target.via === "$defs" || target.via === "definitions"));
    refs.push({ node, ref, target, problem: topLevelDefinition ? undefined : "not-a-definition" });
  }
  markAliasCycles(refs);
  return refs;
}

/** A definition that is only a `$ref`. */
function isBareRef(node: SchemaNode): boolean {
  return isJsonObject(node.value) && Object.keys(node.value).length === 1 && "$ref" in node.value;
}

/**
 * Marks references that only lead to other bare references and back: recursion through a
 * real schema (a node whose children refer to it) is fine, an alias loop names no schema.
 */
function markAliasCycles(refs: RefInfo[]): void {
  const byNode = new Map(refs.map((r) => [r.node, r]));
  const state = new Map<SchemaNode, "visiting" | "ok" | "cycle">();
  for (const start of refs) {
    if (state.has(start.node)) continue;
    const chain: SchemaNode[] = [];
    let current: RefInfo | undefined = start;
    let verdict: "ok" | "cycle" = "ok";
    while (current !== undefined) {
      const seen = state.get(current.node);
      if (seen === "visiting") {
        verdict = "cycle";
        break;
      }
      if (seen !== undefined) {
        verdict = seen;
        break;
      }
      state.set(current.node, "visiting");
      chain.push(current.node);
      const target: SchemaNode | undefined = current.target;
      current = target !== undefined && isBareRef(target) ? byNode.get(target) : undefined;
    }
    for (const node of chain) state.set(node, verdict);
  }
  for (const ref of refs) {
    if (ref.problem === undefined && state.get(ref.node) === "cycle") ref.problem = "alias-cycle";
  }
}

export function buildSchemaModel(root: unknown, options: SchemaModelOptions = {}): SchemaModel {
  return createModel(root, undefined, options);
}

/** Parses text (strict JSON) and builds the model; syntax problems are on `document.problems`. */
export function buildSchemaModelFromText(
  text: string,
  options: SchemaModelOptions = {},
): SchemaModel {
  const document = parseJsonDocument(text);
  return createModel(document.value, document, options);
}

function createModel(
  root: unknown,
  document: JsonDocument | undefined,
  options: SchemaModelOptions,
): SchemaModel {
  const nodes: SchemaNode[] = [];
  const byPointer = new Map<string, SchemaNode>();
  const jsonDepth = root === undefined ? 0 : measureJsonDepth(root);
  let truncated = false;

  if (root !== undefined) {
    // Preorder, children pushed in reverse so they pop in document order.
    type Pending = Omit<SchemaNode, "index" | "pointer"> & { relative: string };
    const stack: Pending[] = [
      {
        relative: "",
        path: [],
        value: root,
        parent: undefined,
        via: undefined,
        key: undefined,
        isProperty: false,
        objectLevel: isObjectSchema(root) ? 1 : 0,
        insideRefused: false,
      },
    ];
    while (stack.length > 0) {
      const pending = stack.pop() as Pending;
      // Appending to the parent's pointer keeps deep schemas linear.
      const pointer = (pending.parent?.pointer ?? "") + pending.relative;
      if (byPointer.has(pointer)) continue;
      // Written out rather than spread: one object shape, and no copy per node.
      const node: SchemaNode = {
        index: nodes.length,
        pointer,
        path: pending.path,
        value: pending.value,
        parent: pending.parent,
        via: pending.via,
        key: pending.key,
        isProperty: pending.isProperty,
        objectLevel: pending.objectLevel,
        insideRefused: pending.insideRefused,
      };
      nodes.push(node);
      byPointer.set(pointer, node);
      const schema = node.value;
      if (!isJsonObject(schema)) continue;
      if (node.path.length >= MAX_WALK_SEGMENTS) {
        truncated = true;
        continue;
      }

      const children: Pending[] = [];
      const add = (
        value: unknown,
        via: string,
        segments: PathSegment[],
        key: string | undefined,
      ): void => {
        if (!isJsonObject(value) && typeof value !== "boolean") return;
        children.push({
          relative: toPointer(segments),
          path: [...node.path, ...segments],
          value,
          parent: node,
          via,
          key,
          isProperty: via === "properties",
          objectLevel: node.objectLevel + (isObjectSchema(value) ? 1 : 0),
          insideRefused: node.insideRefused || REFUSED_CONTAINERS.has(via),
        });
      };
      // Walk keywords in the order they appear in the file, so findings come out in file order.
      for (const keyword of Object.keys(schema)) {
        const value = schema[keyword];
        if (SINGLE_SCHEMA_KEYWORDS.has(keyword)) {
          if (Array.isArray(value)) {
            // `items: [...]` (draft-07 tuples) is handled below.
          } else if (!(CLOSING_KEYWORDS.has(keyword) && typeof value === "boolean")) {
            add(value, keyword, [keyword], undefined);
          }
        }
        if (ARRAY_SCHEMA_KEYWORDS.has(keyword) && Array.isArray(value)) {
          value.forEach((item, i) => {
            add(item, keyword, [keyword, i], undefined);
          });
        }
        if (MAP_SCHEMA_KEYWORDS.has(keyword) && isJsonObject(value)) {
          for (const [name, item] of Object.entries(value)) {
            if (keyword === "dependencies" && Array.isArray(item)) continue;
            add(item, keyword, [keyword, name], name);
          }
        }
      }
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Pending);
    }
  }

  const refs = resolveRefs(nodes, byPointer);
  const refByNode = new Map<SchemaNode, RefInfo>(refs.map((r) => [r.node, r]));
  const l = STRICT_MODE_LIMITS.limits;
  const limits: LimitValues = {
    totalProperties: l.totalProperties.value,
    nestingDepth: l.nestingDepth.value,
    totalEnumValues: l.totalEnumValues.value,
    totalStringLength: l.totalStringLength.value,
    largeEnumValues: l.largeEnumValues.value,
    largeEnumStringLength: l.largeEnumStringLength.value,
    ...options.limits,
  };

  return {
    root,
    document,
    nodes,
    activeNodes: nodes.filter((node) => !node.insideRefused),
    nodeAt: (pointer) => byPointer.get(pointer),
    refs,
    refOf: (node) => refByNode.get(node),
    dialect: dialectOf(root),
    limits,
    jsonDepth,
    truncated,
    context: (node) => apiContext(node.path),
    locate: (pointer, at = "value") => {
      const location = document?.locate(pointer);
      if (location === undefined) return undefined;
      return at === "key" && location.key !== undefined ? location.key : location.value;
    },
  };
}
