import { defineSchemaCheck } from "../check-types.js";
import { keywordStatus } from "../limits.js";
import { isJsonObject } from "../model.js";
import { childPointer } from "../pointer.js";

/** Keywords with their own check. */
const OWN_RULE = new Set(["patternProperties"]);
/** Root unions are schema/root-object's. */
const ROOT_OWN_RULE = new Set(["anyOf", "oneOf", "enum"]);

/** Keywords strict mode refuses: `allOf`, `oneOf`, `not`, `if`/`then`/`else`, `minLength`... */
export default defineSchemaCheck({
  id: "schema/unsupported-keyword",
  description:
    "A keyword strict mode does not permit (`allOf`, `oneOf`, `not`, `if`/`then`/`else`, `dependentRequired`, `dependentSchemas`, `minLength`, `maxLength`, `uniqueItems`...).",
  defaultSeverity: "error",
  fixable: true,
  kind: "strict",
  check(model) {
    const findings = [];
    for (const node of model.activeNodes) {
      const schema = node.value;
      if (!isJsonObject(schema)) continue;
      for (const keyword of Object.keys(schema)) {
        if (OWN_RULE.has(keyword)) continue;
        if (node.parent === undefined && ROOT_OWN_RULE.has(keyword)) continue;
        if (keywordStatus(keyword).status !== "rejected") continue;
        findings.push({
          pointer: childPointer(node.pointer, keyword),
          at: "key" as const,
          message: `In context=${model.context(node)}, '${keyword}' is not permitted.`,
          hint:
            keyword === "oneOf"
              ? "Use `anyOf` (strict mode cannot check that exactly one matches)."
              : keyword === "allOf"
                ? "Merge the members into one schema."
                : "Remove it and say the constraint in `description`; check it in the skill's validator.",
        });
      }
    }
    return findings;
  },
});
