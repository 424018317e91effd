import { defineSchemaCheck } from "../check-types.js";
import { keywordStatus } from "../limits.js";
import { isJsonObject } from "../model.js";
import { childPointer } from "../pointer.js";

/** Keywords outside the documented subset that nobody has seen the API accept or refuse. */
export default defineSchemaCheck({
  id: "schema/unverified-keyword",
  description:
    "A keyword outside the documented strict-mode subset whose fate is not known (`$id`, `examples`, `default`, `prefixItems`, `x-...`); the API may refuse it.",
  defaultSeverity: "warning",
  fixable: false,
  kind: "strict",
  check(model) {
    const findings = [];
    for (const node of model.activeNodes) {
      const schema = node.value;
      if (!isJsonObject(schema)) continue;
      if (Array.isArray(schema.items)) {
        findings.push({
          pointer: childPointer(node.pointer, "items"),
          at: "key" as const,
          message: `'items' as an array (a draft-07 tuple) is not in the documented strict-mode subset, which has \`items\` as one schema; the API may refuse it.`,
          hint: "Use an object with one property per position instead of a tuple.",
        });
      }
      for (const keyword of Object.keys(schema)) {
        const entry = keywordStatus(keyword);
        if (entry.status !== "unverified") continue;
        findings.push({
          pointer: childPointer(node.pointer, keyword),
          at: "key" as const,
          message: `'${keyword}' is not in the documented strict-mode subset (${entry.evidence}); the API may answer "In context=${model.context(node)}, '${keyword}' is not permitted."`,
          hint: "Remove it, or keep it once a run with the real API has accepted it.",
        });
      }
    }
    return findings;
  },
});
