import { defineSchemaCheck } from "../check-types.js";
import { isJsonObject, type SchemaModel, type SchemaNode, typesOf } from "../model.js";
import { nameWords } from "../names.js";

const STATUS_WORDS = new Set(["status", "state", "result", "severity", "level"]);

/** The schema a property stands for: its own, or the definition a bare `$ref` names. */
export function effectiveSchema(model: SchemaModel, node: SchemaNode): unknown {
  const target = model.refOf(node)?.target;
  return target !== undefined ? target.value : node.value;
}

export default defineSchemaCheck({
  id: "schema/status-enum",
  description:
    "A status-like field (`status`, `state`, `result`, `severity`, `level`) should be an `enum`, not free text, so the run's outcome can be read by a machine.",
  defaultSeverity: "warning",
  fixable: false,
  kind: "quality",
  check(model) {
    const findings = [];
    for (const node of model.activeNodes) {
      if (!node.isProperty || node.key === undefined) continue;
      const words = nameWords(node.key);
      if (!STATUS_WORDS.has(words[words.length - 1] ?? "")) continue;
      const schema = effectiveSchema(model, node);
      if (!isJsonObject(schema)) continue;
      const types = typesOf(schema);
      if (types === undefined || !types.includes("string")) continue;
      if (Array.isArray(schema.enum) || "const" in schema) continue;
      findings.push({
        pointer: node.pointer,
        at: "key" as const,
        message: `'${node.key}' is a free string; a status-like field should list its values in an \`enum\` (for example ["ok", "warning", "critical", "error"]).`,
        hint: 'Add `"enum": [...]` with every value the skill may report.',
      });
    }
    return findings;
  },
});
