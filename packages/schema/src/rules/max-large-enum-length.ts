import { defineSchemaCheck } from "../check-types.js";
import { apiMessage, STRICT_MODE_LIMITS } from "../limits.js";
import { isJsonObject } from "../model.js";
import { childPointer } from "../pointer.js";

export default defineSchemaCheck({
  id: "schema/max-large-enum-length",
  description: "A string enum with more than 250 values may total at most 15,000 characters.",
  defaultSeverity: "error",
  fixable: false,
  kind: "strict",
  check(model) {
    const findings = [];
    for (const node of model.activeNodes) {
      const schema = node.value;
      if (!isJsonObject(schema) || !Array.isArray(schema.enum)) continue;
      const values = schema.enum;
      if (values.length <= model.limits.largeEnumValues) continue;
      const strings = values.filter((v): v is string => typeof v === "string");
      if (strings.length === 0) continue;
      const length = strings.reduce((sum, v) => sum + v.length, 0);
      if (length <= model.limits.largeEnumStringLength) continue;
      findings.push({
        pointer: childPointer(node.pointer, "enum"),
        message: apiMessage(STRICT_MODE_LIMITS.limits.largeEnumStringLength.apiMessage, {
          n: length,
        })
          .replace("at most 15000", `at most ${model.limits.largeEnumStringLength}`)
          .replace("more than 250", `more than ${model.limits.largeEnumValues}`),
        hint: "Split the enum, shorten its values, or use a plain string.",
      });
    }
    return findings;
  },
});
