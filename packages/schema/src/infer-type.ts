/** The JSON Schema `type` that `enum`/`const` values (or structural keywords) imply. */
import { isJsonObject, type JsonObject } from "./model.js";

const ORDER = ["string", "integer", "number", "boolean", "object", "array", "null"];

function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "object") return "object";
  return typeof value; // string, boolean
}

/**
 * `"string"` for `["ok", "warning"]`, `["string", "null"]` for `["ok", null]`, `"number"` when
 * integers and fractions mix; `undefined` when nothing can be inferred (no values, or objects
 * and arrays, which strict mode cannot type from an enum).
 */
export function inferType(schema: JsonObject): string | string[] | undefined {
  let values: unknown[] | undefined;
  if (Array.isArray(schema.enum)) values = schema.enum;
  else if ("const" in schema) values = [schema.const];
  if (values !== undefined) {
    if (values.length === 0) return undefined;
    const types = new Set(values.map(jsonTypeOf));
    if (types.has("object") || types.has("array")) return undefined;
    if (types.has("number") && types.has("integer")) types.delete("integer");
    const sorted = [...types].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
    return sorted.length === 1 ? sorted[0] : sorted;
  }
  if (isJsonObject(schema.properties)) return "object";
  if ("items" in schema || "prefixItems" in schema) return "array";
  return undefined;
}

export function typeText(type: string | string[]): string {
  return JSON.stringify(type);
}
