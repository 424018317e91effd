import { defineSchemaCheck } from "../check-types.js";
import { apiMessage, STRICT_MODE_LIMITS } from "../limits.js";
import { isObjectSchema } from "../model.js";
import { measureNesting } from "../size.js";

export default defineSchemaCheck({
  id: "schema/max-depth",
  description: "Objects may nest at most 10 levels deep (the root object is level 1).",
  defaultSeverity: "error",
  fixable: false,
  kind: "strict",
  check(model) {
    const limit = model.limits.nestingDepth;
    const { depth, path } = measureNesting(model);
    if (depth <= limit && !model.truncated) return [];
    // Point at the first object past the limit on the deepest path.
    let level = 0;
    let at = path[path.length - 1];
    for (const node of path) {
      if (isObjectSchema(node.value)) level++;
      if (level > limit) {
        at = node;
        break;
      }
    }
    const n = model.truncated ? `More than ${depth}` : String(depth);
    return [
      {
        pointer: at?.pointer ?? "",
        message: apiMessage(STRICT_MODE_LIMITS.limits.nestingDepth.apiMessage, { n }).replace(
          "limit of 10",
          `limit of ${limit}`,
        ),
        hint: "Flatten the report: move deep detail into sibling arrays or shorter objects.",
      },
    ];
  },
});
