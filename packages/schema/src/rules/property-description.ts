import { defineSchemaCheck } from "../check-types.js";
import { isJsonObject, type SchemaModel, type SchemaNode } from "../model.js";

function described(model: SchemaModel, node: SchemaNode, depth = 0): boolean {
  const schema = node.value;
  if (!isJsonObject(schema)) return false;
  if (typeof schema.description === "string" && schema.description.trim() !== "") return true;
  if (depth > 3) return false;
  const target = model.refOf(node)?.target;
  if (target !== undefined) return described(model, target, depth + 1);
  if (Array.isArray(schema.anyOf)) {
    const members = schema.anyOf
      .map((_, i) => model.nodeAt(`${node.pointer}/anyOf/${i}`))
      .filter((m): m is SchemaNode => m !== undefined)
      .filter((m) => !(isJsonObject(m.value) && m.value.type === "null"));
    return members.length > 0 && members.every((m) => described(model, m, depth + 1));
  }
  return false;
}

export default defineSchemaCheck({
  id: "schema/property-description",
  description:
    "Every property should have a `description`: the model reads it to decide what to put there, and readers of the report read it too.",
  defaultSeverity: "warning",
  fixable: false,
  kind: "quality",
  check(model) {
    const findings = [];
    for (const node of model.activeNodes) {
      if (!node.isProperty || described(model, node)) continue;
      findings.push({
        pointer: node.pointer,
        at: "key" as const,
        message: `'${node.key}' has no description.`,
        hint: "Add a one-line `description`: what the value means and its unit.",
      });
    }
    return findings;
  },
});
