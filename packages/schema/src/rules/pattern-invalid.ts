import { defineSchemaCheck } from "../check-types.js";
import { isJsonObject } from "../model.js";
import { childPointer } from "../pointer.js";
import { patternCompileError } from "../regex-safety.js";

export default defineSchemaCheck({
  id: "schema/pattern-invalid",
  description: "A `pattern` that is not a valid regular expression.",
  defaultSeverity: "error",
  fixable: false,
  kind: "json-schema",
  check(model) {
    const findings = [];
    for (const node of model.activeNodes) {
      const schema = node.value;
      if (!isJsonObject(schema) || !("pattern" in schema)) continue;
      const pattern = schema.pattern;
      const problem =
        typeof pattern === "string" ? patternCompileError(pattern) : "'pattern' must be a string";
      if (problem === undefined) continue;
      findings.push({
        pointer: childPointer(node.pointer, "pattern"),
        message: `In context=${model.context(node)}, 'pattern' ${JSON.stringify(pattern)} is not a valid regular expression: ${problem}.`,
        hint: "Fix the expression (JSON Schema patterns are ECMAScript regular expressions; escape backslashes in JSON).",
      });
    }
    return findings;
  },
});
