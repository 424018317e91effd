import { defineSchemaCheck } from "../check-types.js";
import { inferType, typeText } from "../infer-type.js";
import { isJsonObject } from "../model.js";

/** Keywords that type a node by themselves (anyOf members are typed; the rest are refused elsewhere). */
const TYPING_KEYWORDS = ["type", "$ref", "anyOf", "oneOf", "allOf"];

/** Every schema node needs a `type` (or `$ref`/`anyOf`); a bare `enum` or `const` is refused. */
export default defineSchemaCheck({
  id: "schema/type-required",
  description:
    "Every schema node needs a `type` (or a `$ref` or `anyOf`); strict mode rejects a bare `enum`, a bare `const` or a description-only node.",
  defaultSeverity: "error",
  fixable: true,
  kind: "strict",
  check(model) {
    const findings = [];
    for (const node of model.activeNodes) {
      // The root has its own rule; `{}` and booleans are schema/boolean-schema's.
      if (node.parent === undefined) continue;
      const schema = node.value;
      if (!isJsonObject(schema) || Object.keys(schema).length === 0) continue;
      if (TYPING_KEYWORDS.some((keyword) => keyword in schema)) continue;
      const inferred = inferType(schema);
      findings.push({
        pointer: node.pointer,
        message: `In context=${model.context(node)}, schema must have a 'type' key.`,
        hint:
          inferred !== undefined
            ? `Add \`"type": ${typeText(inferred)}\`.`
            : "Add a `type` (string, number, integer, boolean, object, array or null).",
      });
    }
    return findings;
  },
});
