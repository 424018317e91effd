import { defineSchemaCheck } from "../check-types.js";
import { isJsonObject, typesOf } from "../model.js";
import { nameWords } from "../names.js";
import { effectiveSchema } from "./status-enum.js";

function isTimestampName(name: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1] ?? "";
  if (words.length === 1) return ["timestamp", "time", "date", "datetime"].includes(last);
  return ["at", "timestamp", "date", "datetime"].includes(last);
}

export default defineSchemaCheck({
  id: "schema/timestamp-format",
  description:
    'A timestamp-like string field (`*_at`, `timestamp`, `time`, `date`) should say `"format": "date-time"` (or `"date"`).',
  defaultSeverity: "warning",
  fixable: false,
  kind: "quality",
  check(model) {
    const findings = [];
    for (const node of model.activeNodes) {
      if (!node.isProperty || node.key === undefined || !isTimestampName(node.key)) continue;
      const schema = effectiveSchema(model, node);
      if (!isJsonObject(schema) || !typesOf(schema)?.includes("string")) continue;
      const format = schema.format;
      if (
        format === "date-time" ||
        format === "date" ||
        (format === "time" && /time$/i.test(node.key))
      )
        continue;
      findings.push({
        pointer: node.pointer,
        at: "key" as const,
        message: `'${node.key}' looks like a timestamp but has ${format === undefined ? "no `format`" : `\`format: ${JSON.stringify(format)}\``}; say \`"format": "date-time"\` (RFC 3339, e.g. 2025-01-31T06:00:00Z) or \`"date"\`.`,
        hint: 'Add `"format": "date-time"`.',
      });
    }
    return findings;
  },
});
