import { defineSchemaCheck } from "../check-types.js";
import { isJsonObject, isObjectSchema } from "../model.js";
import { childPointer, pythonRepr } from "../pointer.js";

/** Every key of `properties` must be listed in `required`; optional fields are nullable instead. */
export default defineSchemaCheck({
  id: "schema/required-all",
  description:
    "Every property must be listed in `required`; strict mode has no optional fields (make them nullable instead).",
  defaultSeverity: "error",
  fixable: true,
  kind: "strict",
  check(model) {
    const findings = [];
    for (const node of model.activeNodes) {
      const schema = node.value;
      if (!isObjectSchema(schema) || !isJsonObject(schema.properties)) continue;
      const required = new Set(
        Array.isArray(schema.required)
          ? schema.required.filter((k): k is string => typeof k === "string")
          : [],
      );
      for (const key of Object.keys(schema.properties)) {
        if (required.has(key)) continue;
        findings.push({
          pointer: childPointer(node.pointer, "properties", key),
          at: "key" as const,
          message: `In context=${model.context(node)}, 'required' is required to be supplied and to be an array including every key in properties. Missing ${pythonRepr(key)}.`,
          hint: `Add "${key}" to \`required\`; if it may be absent, allow null (\`"type": ["string", "null"]\`).`,
        });
      }
    }
    return findings;
  },
});
