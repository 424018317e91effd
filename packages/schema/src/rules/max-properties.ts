import { defineSchemaCheck } from "../check-types.js";
import { apiMessage, STRICT_MODE_LIMITS } from "../limits.js";
import { countProperties } from "../size.js";

export default defineSchemaCheck({
  id: "schema/max-properties",
  description: "A schema may have at most 5000 object properties in total.",
  defaultSeverity: "error",
  fixable: false,
  kind: "strict",
  check(model) {
    const count = countProperties(model);
    if (count <= model.limits.totalProperties) return [];
    return [
      {
        pointer: "",
        message: apiMessage(STRICT_MODE_LIMITS.limits.totalProperties.apiMessage, {
          n: count,
        }).replace("5000", String(model.limits.totalProperties)),
        hint: "Report repeated things as array items instead of one property each.",
      },
    ];
  },
});
