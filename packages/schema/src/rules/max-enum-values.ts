import { defineSchemaCheck } from "../check-types.js";
import { apiMessage, STRICT_MODE_LIMITS } from "../limits.js";
import { measureStrings } from "../size.js";

export default defineSchemaCheck({
  id: "schema/max-enum-values",
  description: "A schema may have at most 1000 enum values across all its enums.",
  defaultSeverity: "error",
  fixable: false,
  kind: "strict",
  check(model) {
    const { totalValues } = measureStrings(model);
    if (totalValues <= model.limits.totalEnumValues) return [];
    return [
      {
        pointer: "",
        message: apiMessage(STRICT_MODE_LIMITS.limits.totalEnumValues.apiMessage, {
          n: totalValues,
        }).replace("at most 1000", `at most ${model.limits.totalEnumValues}`),
        hint: "Use a plain string for long value lists (name them in the description), or share one enum through $defs.",
      },
    ];
  },
});
