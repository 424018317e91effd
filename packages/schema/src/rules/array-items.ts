import { defineSchemaCheck } from "../check-types.js";
import { isJsonObject, typesOf } from "../model.js";

/** `{"type": "array"}` with no `items`. */
export default defineSchemaCheck({
  id: "schema/array-items",
  description:
    "An array schema must say what its `items` are; strict mode rejects an array without `items`.",
  defaultSeverity: "error",
  fixable: false,
  kind: "strict",
  check(model) {
    const findings = [];
    for (const node of model.activeNodes) {
      const schema = node.value;
      if (!isJsonObject(schema) || !typesOf(schema)?.includes("array")) continue;
      if ("items" in schema || "prefixItems" in schema) continue;
      findings.push({
        pointer: node.pointer,
        message: `In context=${model.context(node)}, array schema missing items.`,
        hint: 'Add `"items"` with the schema of one element, e.g. `{ "type": "string" }`.',
      });
    }
    return findings;
  },
});
