/**
 * Whether a report schema has the fields a jq path reads, walked on `@ops-skill/schema`'s
 * model: `properties` for a field, `items` for `[]`, `$ref` followed, `anyOf` members and
 * nullable types taken together (jq reads `.x` of `null` as `null`: that is no missing field).
 */
import {
  childPointer,
  isJsonObject,
  type SchemaModel,
  type SchemaNode,
  typesOf,
} from "@ops-skill/schema";
import { type JqStep, jqPathText } from "./_jq-paths.js";

export type PathAnswer =
  | { found: true }
  /** Part of the schema the walk cannot judge (an untyped node, a `$ref` that does not resolve). */
  | { found: "unknown" }
  | {
      found: false;
      /** The path up to the step that fails (`.findings[]`). */
      at: string;
      /** What the step asked for (`.severity`, `[]`). */
      step: string;
      /** The fields the schema has there (empty when it is not an object). */
      fields: string[];
      /** What the schema has there instead when it is not an object (or not an array). */
      kinds: string[];
    };

/** The node's alternatives: itself, or the definitions and `anyOf` members it stands for. */
function shapes(model: SchemaModel, node: SchemaNode, depth = 0): SchemaNode[] | undefined {
  if (depth > 32) return undefined;
  const value = node.value;
  if (!isJsonObject(value)) return value === false ? [] : undefined;
  if (typeof value.$ref === "string") {
    const target = model.refOf(node)?.target;
    return target === undefined ? undefined : shapes(model, target, depth + 1);
  }
  const members = Array.isArray(value.anyOf)
    ? value.anyOf
    : Array.isArray(value.oneOf)
      ? value.oneOf
      : undefined;
  if (members !== undefined) {
    const via = Array.isArray(value.anyOf) ? "anyOf" : "oneOf";
    const out: SchemaNode[] = [];
    for (let k = 0; k < members.length; k++) {
      const member = model.nodeAt(childPointer(node.pointer, via, k));
      if (member === undefined) return undefined;
      const inner = shapes(model, member, depth + 1);
      if (inner === undefined) return undefined;
      out.push(...inner);
    }
    return out;
  }
  return [node];
}

const kindsOf = (node: SchemaNode): string[] => {
  const value = node.value as Record<string, unknown>;
  return typesOf(value) ?? (isJsonObject(value.properties) ? ["object"] : []);
};

export function resolveJqPath(model: SchemaModel, path: readonly JqStep[]): PathAnswer {
  const root = model.nodeAt("");
  if (root === undefined) return { found: "unknown" };
  let current: SchemaNode[] = [root];
  for (let k = 0; k < path.length; k++) {
    const step = path[k] as JqStep;
    const next: SchemaNode[] = [];
    const fields = new Set<string>();
    const kinds = new Set<string>();
    let nullable = false;
    for (const node of current) {
      const alternatives = shapes(model, node);
      if (alternatives === undefined) return { found: "unknown" };
      for (const shape of alternatives) {
        const value = shape.value as Record<string, unknown>;
        const types = kindsOf(shape);
        if (types.length === 0) return { found: "unknown" };
        if (types.includes("null")) nullable = true;
        for (const type of types) kinds.add(type);
        if (step.kind === "field") {
          if (!types.includes("object")) continue;
          const properties = isJsonObject(value.properties) ? value.properties : {};
          for (const name of Object.keys(properties)) fields.add(name);
          if (Object.hasOwn(properties, step.name)) {
            const child = model.nodeAt(childPointer(shape.pointer, "properties", step.name));
            if (child === undefined) return { found: "unknown" };
            next.push(child);
          } else if (
            isJsonObject(value.additionalProperties) ||
            value.additionalProperties === true
          ) {
            return { found: "unknown" };
          }
        } else {
          if (types.includes("array")) {
            const items = model.nodeAt(childPointer(shape.pointer, "items"));
            if (items === undefined) return { found: "unknown" };
            next.push(items);
          } else if (types.includes("object") && isJsonObject(value.properties)) {
            for (const name of Object.keys(value.properties)) {
              const child = model.nodeAt(childPointer(shape.pointer, "properties", name));
              if (child !== undefined) next.push(child);
            }
          }
        }
      }
    }
    if (next.length === 0) {
      // `.x` of a value that may only be null is null, not a missing field; anything else is.
      if (nullable && kinds.size === 1) return { found: true };
      return {
        found: false,
        at: jqPathText(path.slice(0, k)),
        step: step.kind === "field" ? jqPathText([step]) : "[]",
        fields: [...fields],
        kinds: [...kinds].filter((kind) => kind !== "null"),
      };
    }
    current = next;
  }
  return { found: true };
}
