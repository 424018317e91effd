import { defineSchemaCheck } from "../check-types.js";
import { isJsonObject } from "../model.js";
import { childPointer } from "../pointer.js";

/** `patternProperties` is not in the strict-mode subset. */
export default defineSchemaCheck({
  id: "schema/pattern-properties",
  description:
    "`patternProperties` (keys matched by a regular expression) is not permitted in strict mode.",
  defaultSeverity: "error",
  fixable: false,
  kind: "strict",
  check(model) {
    const findings = [];
    for (const node of model.activeNodes) {
      const schema = node.value;
      if (!isJsonObject(schema) || !("patternProperties" in schema)) continue;
      findings.push({
        pointer: childPointer(node.pointer, "patternProperties"),
        at: "key" as const,
        message: `In context=${model.context(node)}, 'patternProperties' is not permitted.`,
        hint: 'List the known keys under `properties`, or use an array of `{ "key", "value" }` objects.',
      });
    }
    return findings;
  },
});
