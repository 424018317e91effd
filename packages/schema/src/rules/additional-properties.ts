import { defineSchemaCheck } from "../check-types.js";
import { isJsonObject, isObjectSchema } from "../model.js";
import { childPointer } from "../pointer.js";

/** Every object schema must say `additionalProperties: false`. */
export default defineSchemaCheck({
  id: "schema/additional-properties",
  description:
    "Every object schema must set `additionalProperties: false`; strict mode rejects an object without it.",
  defaultSeverity: "error",
  fixable: true,
  kind: "strict",
  check(model) {
    const findings = [];
    for (const node of model.activeNodes) {
      const schema = node.value;
      if (!isObjectSchema(schema)) continue;
      const value = schema.additionalProperties;
      if (value === false) continue;
      // A schema-valued additionalProperties is a typed map: schema/typed-map reports it.
      if (isJsonObject(value) && Object.keys(value).length > 0) continue;
      findings.push({
        pointer:
          "additionalProperties" in schema
            ? childPointer(node.pointer, "additionalProperties")
            : node.pointer,
        message: `In context=${model.context(node)}, 'additionalProperties' is required to be supplied and to be false.`,
        hint: 'Add `"additionalProperties": false` to this object.',
      });
    }
    return findings;
  },
});
