import { defineSchemaCheck } from "../check-types.js";
import { isJsonObject } from "../model.js";
import { childPointer } from "../pointer.js";

/** `additionalProperties: {schema}` (a dictionary with typed values) has no strict-mode form. */
export default defineSchemaCheck({
  id: "schema/typed-map",
  description:
    "A typed map (`additionalProperties` holding a schema) cannot be expressed in strict mode; `additionalProperties` must be `false`.",
  defaultSeverity: "error",
  fixable: false,
  kind: "strict",
  check(model) {
    const findings = [];
    for (const node of model.activeNodes) {
      const schema = node.value;
      if (!isJsonObject(schema)) continue;
      const value = schema.additionalProperties;
      if (!isJsonObject(value) || Object.keys(value).length === 0) continue;
      findings.push({
        pointer: childPointer(node.pointer, "additionalProperties"),
        message: `In context=${model.context(node)}, 'additionalProperties' is required to be supplied and to be false.`,
        hint: 'Use an array of `{ "name": ..., "value": ... }` objects, or list the known keys under `properties`.',
      });
    }
    return findings;
  },
});
