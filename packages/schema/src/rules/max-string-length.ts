import { defineSchemaCheck } from "../check-types.js";
import { apiMessage, STRICT_MODE_LIMITS } from "../limits.js";
import { measureStrings } from "../size.js";

export default defineSchemaCheck({
  id: "schema/max-string-length",
  description:
    "Property names, definition names, enum values and const values may total at most 120,000 characters.",
  defaultSeverity: "error",
  fixable: false,
  kind: "strict",
  check(model) {
    const { stringLength } = measureStrings(model);
    if (stringLength <= model.limits.totalStringLength) return [];
    return [
      {
        pointer: "",
        message: apiMessage(STRICT_MODE_LIMITS.limits.totalStringLength.apiMessage, {
          n: stringLength,
        }).replace("at most 120000", `at most ${model.limits.totalStringLength}`),
        hint: "Shorten enum values and property names, or move long value lists into descriptions.",
      },
    ];
  },
});
