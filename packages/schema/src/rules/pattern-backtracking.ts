import { defineSchemaCheck } from "../check-types.js";
import { isJsonObject } from "../model.js";
import { childPointer } from "../pointer.js";
import { findBacktrackingRisk } from "../regex-safety.js";

export default defineSchemaCheck({
  id: "schema/pattern-backtracking",
  description:
    "A `pattern` with nested quantifiers (`(a+)+`, `(.*)*`) or overlapping alternatives under a quantifier (`(\\w|\\d)+`) may take exponential time in a backtracking validator.",
  defaultSeverity: "warning",
  fixable: false,
  kind: "quality",
  check(model) {
    const findings = [];
    for (const node of model.activeNodes) {
      const schema = node.value;
      if (!isJsonObject(schema) || typeof schema.pattern !== "string") continue;
      const risk = findBacktrackingRisk(schema.pattern);
      if (risk === undefined) continue;
      const why =
        risk.reason === "nested-quantifier"
          ? "it repeats a group that repeats something itself"
          : "it repeats a group whose alternatives can match the same text";
      findings.push({
        pointer: childPointer(node.pointer, "pattern"),
        message: `'pattern' ${JSON.stringify(schema.pattern)} may take exponential time in a backtracking regex engine: \`${risk.fragment}\` -- ${why}.`,
        hint: "Make the repetition unambiguous, e.g. `(a+)+` → `a+`, `(\\w|\\d)+` → `\\w+`, or bound it.",
      });
    }
    return findings;
  },
});
