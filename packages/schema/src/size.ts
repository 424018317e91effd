/**
 * The counts behind the size limits: properties, object nesting, enum values and the string
 * budget, each measured once over the model without recursion.
 */
import { isJsonObject, isObjectSchema, type SchemaModel, type SchemaNode } from "./model.js";

export interface NestingResult {
  /** Object levels of the deepest path (the root object is 1). */
  depth: number;
  /** The nodes of that path, root first (refs followed, each definition once per path). */
  path: SchemaNode[];
}

function childrenMap(model: SchemaModel): Map<SchemaNode, SchemaNode[]> {
  const children = new Map<SchemaNode, SchemaNode[]>();
  for (const node of model.nodes) {
    if (node.parent === undefined) continue;
    // Definitions count where they are used (through $ref), not under the root.
    if (node.parent.parent === undefined && (node.via === "$defs" || node.via === "definitions"))
      continue;
    let list = children.get(node.parent);
    if (list === undefined) {
      list = [];
      children.set(node.parent, list);
    }
    list.push(node);
  }
  return children;
}

/**
 * The deepest object nesting, following `$ref` into definitions; a reference back into a
 * definition already on the path adds nothing (recursive schemas are allowed).
 */
export function measureNesting(model: SchemaModel): NestingResult {
  const children = childrenMap(model);
  const next = (node: SchemaNode): SchemaNode[] => {
    const list = children.get(node) ?? [];
    const target = model.refOf(node)?.target;
    return target !== undefined ? [...list, target] : list;
  };
  const height = new Map<SchemaNode, number>();
  const onStack = new Set<SchemaNode>();

  const computeFrom = (start: SchemaNode): void => {
    if (height.has(start)) return;
    type Frame = { node: SchemaNode; edges: SchemaNode[]; i: number; best: number };
    const stack: Frame[] = [{ node: start, edges: next(start), i: 0, best: 0 }];
    onStack.add(start);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as Frame;
      if (frame.i < frame.edges.length) {
        const child = frame.edges[frame.i++] as SchemaNode;
        const known = height.get(child);
        if (known !== undefined) frame.best = Math.max(frame.best, known);
        else if (!onStack.has(child)) {
          onStack.add(child);
          stack.push({ node: child, edges: next(child), i: 0, best: 0 });
        }
        continue;
      }
      const own = isObjectSchema(frame.node.value) ? 1 : 0;
      height.set(frame.node, own + frame.best);
      onStack.delete(frame.node);
      stack.pop();
      const parent = stack[stack.length - 1];
      if (parent !== undefined) parent.best = Math.max(parent.best, own + frame.best);
    }
  };

  const starts = model.nodes.filter(
    (node) =>
      node.parent === undefined ||
      (node.parent.parent === undefined && (node.via === "$defs" || node.via === "definitions")),
  );
  let best: SchemaNode | undefined;
  for (const start of starts) {
    computeFrom(start);
    if (best === undefined || (height.get(start) ?? 0) > (height.get(best) ?? 0)) best = start;
  }
  if (best === undefined) return { depth: 0, path: [] };

  // Walk down the deepest path.
  const path: SchemaNode[] = [];
  let node: SchemaNode | undefined = best;
  const seen = new Set<SchemaNode>();
  while (node !== undefined && !seen.has(node) && path.length < 100_000) {
    seen.add(node);
    path.push(node);
    const remaining: number = (height.get(node) ?? 0) - (isObjectSchema(node.value) ? 1 : 0);
    if (remaining <= 0) break;
    node = next(node).find((child): boolean => (height.get(child) ?? 0) === remaining);
  }
  return { depth: height.get(best) ?? 0, path };
}

export function countProperties(model: SchemaModel): number {
  let count = 0;
  for (const node of model.nodes) {
    if (node.isProperty) count++;
  }
  return count;
}

export interface EnumStats {
  totalValues: number;
  /** Characters of names, definition names, string enum values and string consts. */
  stringLength: number;
}

function textLength(value: unknown): number {
  if (typeof value === "string") return value.length;
  if (value === null || typeof value === "number" || typeof value === "boolean")
    return String(value).length;
  return 0;
}

export function measureStrings(model: SchemaModel): EnumStats {
  let totalValues = 0;
  let stringLength = 0;
  for (const node of model.nodes) {
    if (node.isProperty || node.via === "$defs" || node.via === "definitions")
      stringLength += (node.key ?? "").length;
    const schema = node.value;
    if (!isJsonObject(schema)) continue;
    if (Array.isArray(schema.enum)) {
      totalValues += schema.enum.length;
      for (const value of schema.enum) stringLength += textLength(value);
    }
    if ("const" in schema) stringLength += textLength(schema.const);
  }
  return { totalValues, stringLength };
}
