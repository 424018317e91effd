import { defineSchemaCheck } from "../check-types.js";
import { isJsonObject } from "../model.js";
import { type CaseStyle, caseStyle } from "../names.js";
import { childPointer } from "../pointer.js";

export default defineSchemaCheck({
  id: "schema/enum-casing",
  description:
    'The values of one `enum` should share one casing (`["ok", "warning"]`, not `["OK", "warning"]`), so reports compare and filter reliably.',
  defaultSeverity: "warning",
  fixable: false,
  kind: "quality",
  check(model) {
    const findings = [];
    for (const node of model.activeNodes) {
      const schema = node.value;
      if (!isJsonObject(schema) || !Array.isArray(schema.enum)) continue;
      const styles = new Map<CaseStyle, string>();
      for (const value of schema.enum) {
        if (typeof value !== "string") continue;
        const style = caseStyle(value);
        if (style !== undefined && !styles.has(style)) styles.set(style, value);
      }
      if (styles.size < 2) continue;
      const examples = [...styles.values()].map((v) => JSON.stringify(v)).join(" and ");
      findings.push({
        pointer: childPointer(node.pointer, "enum"),
        message: `The enum mixes casings (${examples}); use one casing for every value.`,
        hint: "Pick one style (lower snake_case is the catalogue's) and rename the others.",
      });
    }
    return findings;
  },
});
