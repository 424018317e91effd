import { defineSchemaCheck } from "../check-types.js";
import { isJsonObject } from "../model.js";

/** `true`, `false` and `{}` are valid JSON Schema but say nothing strict mode can generate. */
export default defineSchemaCheck({
  id: "schema/boolean-schema",
  description:
    "A `true`, `false` or `{}` schema (any value) cannot be expressed in strict mode; every node must describe a concrete type.",
  defaultSeverity: "error",
  fixable: false,
  kind: "strict",
  check(model) {
    const findings = [];
    for (const node of model.activeNodes) {
      if (node.parent === undefined) continue;
      const schema = node.value;
      if (typeof schema === "boolean") {
        findings.push({
          pointer: node.pointer,
          message: `A boolean schema (${schema}) is not allowed in strict mode; the API answers "Invalid schema for response_format 'codex_output_schema'. Please ensure it is a valid JSON Schema."`,
          hint: 'Replace it with a typed schema, e.g. `{ "type": "string" }`.',
        });
      } else if (isJsonObject(schema) && Object.keys(schema).length === 0) {
        findings.push({
          pointer: node.pointer,
          message: `In context=${model.context(node)}, schema must have a 'type' key.`,
          hint: "An empty schema accepts anything; give it a concrete type (free-form values cannot be expressed in strict mode).",
        });
      }
    }
    return findings;
  },
});
