import { defineSchemaCheck } from "../check-types.js";
import { isJsonObject, isObjectSchema } from "../model.js";

/** `{"type": "object"}` with no `properties`: a free-form object strict mode cannot generate. */
export default defineSchemaCheck({
  id: "schema/object-properties",
  description:
    'An object schema must list its `properties`; a free-form object (`{"type": "object"}`) is rejected in strict mode.',
  defaultSeverity: "error",
  fixable: false,
  kind: "strict",
  check(model) {
    const findings = [];
    for (const node of model.activeNodes) {
      const schema = node.value;
      if (!isObjectSchema(schema) || "properties" in schema) continue;
      // Maps are reported by schema/typed-map and schema/pattern-properties.
      if (
        isJsonObject(schema.additionalProperties) &&
        Object.keys(schema.additionalProperties).length > 0
      )
        continue;
      if ("patternProperties" in schema) continue;
      findings.push({
        pointer: node.pointer,
        message: `In context=${model.context(node)}, object schema missing properties.`,
        hint: 'List the fields under `properties`; for arbitrary keys use an array of `{ "key", "value" }` objects.',
      });
    }
    return findings;
  },
});
