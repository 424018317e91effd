import { defineSchemaCheck } from "../check-types.js";
import { STRICT_MODE_LIMITS } from "../limits.js";
import { isJsonObject } from "../model.js";
import { childPointer, pythonRepr } from "../pointer.js";

const ALLOWED: readonly string[] = STRICT_MODE_LIMITS.formats.values;

/** `format` is limited to the nine formats strict mode generates. */
export default defineSchemaCheck({
  id: "schema/format",
  description: `\`format\` must be one of ${ALLOWED.map((f) => `\`${f}\``).join(", ")}; strict mode rejects any other format (\`uri\`, \`ipv4-cidr\`, ...).`,
  defaultSeverity: "error",
  fixable: true,
  kind: "strict",
  check(model) {
    const findings = [];
    for (const node of model.activeNodes) {
      const schema = node.value;
      if (!isJsonObject(schema) || !("format" in schema)) continue;
      const format = schema.format;
      if (typeof format === "string" && ALLOWED.includes(format)) continue;
      findings.push({
        pointer: childPointer(node.pointer, "format"),
        message: `In context=${model.context(node)}, ${pythonRepr(String(format))} is not a valid format.`,
        hint: `Use one of ${ALLOWED.join(", ")}, or drop \`format\` and describe the shape in \`description\` (or with \`pattern\`).`,
      });
    }
    return findings;
  },
});
