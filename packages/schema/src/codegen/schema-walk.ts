import { escapePointer, unescapePointer } from "./locate.js";

/** Keywords whose value is an object of subschemas. */
const SCHEMA_MAPS = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependentSchemas",
]);
/** Keywords whose value is one subschema. */
const SCHEMA_VALUES = new Set([
  "additionalProperties",
  "additionalItems",
  "not",
  "if",
  "then",
  "else",
  "contains",
  "propertyNames",
  "unevaluatedItems",
  "unevaluatedProperties",
  "contentSchema",
]);
/** Keywords whose value is an array of subschemas. */
const SCHEMA_ARRAYS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

interface Visit {
  schema: unknown;
  parent: Visit | undefined;
  /** Escaped pointer segments from the parent's pointer to this schema's. */
  segments: string;
}

/** The JSON Pointer of a visited subschema, built only when asked for. */
function pointerOf(visit: Visit): string {
  let pointer = "";
  for (let v: Visit | undefined = visit; v?.parent; v = v.parent)
    pointer = `${v.segments}${pointer}`;
  return pointer;
}

/**
 * Calls `visit` on every subschema of `root` (itself included), depth first in document order,
 * with a function giving its JSON Pointer. Only schema positions are walked: a property named
 * `$ref` under `properties`, or a `$ref` key in an `enum`, `const`, `default` or `examples`
 * value, is data, not a reference.
 */
export function walkSchemas(
  root: unknown,
  visit: (schema: JsonObject, pointer: () => string) => void,
): void {
  const stack: Visit[] = [{ schema: root, parent: undefined, segments: "" }];
  const children: Visit[] = [];
  while (stack.length > 0) {
    const current = stack.pop() as Visit;
    const schema = current.schema;
    if (!isObject(schema)) continue;
    visit(schema, () => pointerOf(current));
    children.length = 0;
    const add = (sub: unknown, segments: string) => {
      if (typeof sub === "object" && sub !== null)
        children.push({ schema: sub, parent: current, segments });
    };
    for (const key in schema) {
      const value = schema[key];
      if (typeof value !== "object" || value === null) continue;
      if (SCHEMA_MAPS.has(key)) {
        if (isObject(value))
          for (const name in value)
            add(value[name], `/${escapePointer(key)}/${escapePointer(name)}`);
      } else if (SCHEMA_VALUES.has(key)) add(value, `/${escapePointer(key)}`);
      else if (SCHEMA_ARRAYS.has(key) || key === "items") {
        if (Array.isArray(value)) {
          for (const [i, sub] of value.entries()) add(sub, `/${key}/${i}`);
        } else if (key === "items") add(value, "/items");
      } else if (key === "dependencies" && isObject(value)) {
        for (const name in value)
          if (isObject(value[name])) add(value[name], `/dependencies/${escapePointer(name)}`);
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Visit);
  }
}

/** The value at a JSON Pointer in `root`, or undefined. */
function resolvePointer(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const segment = unescapePointer(raw);
    if (Array.isArray(node)) {
      if (!/^(?:0|[1-9]\d*)$/.test(segment)) return undefined;
      node = node[Number(segment)];
    } else if (isObject(node)) {
      if (!Object.hasOwn(node, segment)) return undefined;
      node = node[segment];
    } else return undefined;
  }
  return node;
}

export interface RefProblem {
  /** JSON Pointer of the offending value in the schema file. */
  pointer: string;
  message: string;
}

/**
 * Every `$ref` must be local (`#` or `#/json/pointer`) and point at something that exists.
 * Remote and relative references are refused rather than fetched or read, and so are nested
 * `$id`s, which would make json-schema-to-typescript and ajv resolve `#/...` differently.
 */
export function checkRefs(root: unknown): RefProblem[] {
  const problems: RefProblem[] = [];
  walkSchemas(root, (schema, pointerOf) => {
    if (typeof schema.$id === "string" && schema !== root && !schema.$id.startsWith("#"))
      problems.push({
        pointer: `${pointerOf()}/$id`,
        message: `a nested "$id" ("${schema.$id}") is not supported: keep one "$id" at the root and put shared definitions under "$defs"`,
      });
    if (!("$ref" in schema)) return;
    const ref = schema.$ref;
    const at = `${pointerOf()}/$ref`;
    if (typeof ref !== "string") {
      problems.push({ pointer: at, message: `"$ref" must be a string` });
      return;
    }
    if (!ref.startsWith("#")) {
      problems.push({
        pointer: at,
        message: /^[A-Za-z][A-Za-z0-9+.-]*:/.test(ref)
          ? `"$ref": "${ref}" is a remote reference, which is never fetched: copy the definition under "$defs" and use "#/$defs/..."`
          : `"$ref": "${ref}" points into another file, which is not supported: copy the definition under "$defs" and use "#/$defs/..."`,
      });
      return;
    }
    let target: string;
    try {
      target = decodeURIComponent(ref.slice(1));
    } catch {
      problems.push({ pointer: at, message: `"$ref": "${ref}" is not a valid URI fragment` });
      return;
    }
    if (target !== "" && !target.startsWith("/")) {
      problems.push({
        pointer: at,
        message: `"$ref": "${ref}" uses an anchor, which is not supported: use a JSON Pointer such as "#/$defs/${target}"`,
      });
      return;
    }
    if (resolvePointer(root, target) === undefined)
      problems.push({
        pointer: at,
        message: `"$ref": "${ref}" points to a definition that does not exist`,
      });
  });
  return problems;
}

/** The pointer of the first subschema that has `keyword`, for locating ajv's strict-mode errors. */
export function findKeyword(root: unknown, keyword: string): string | undefined {
  let found: string | undefined;
  walkSchemas(root, (schema, pointerOf) => {
    if (found === undefined && Object.hasOwn(schema, keyword))
      found = `${pointerOf()}/${escapePointer(keyword)}`;
  });
  return found;
}
