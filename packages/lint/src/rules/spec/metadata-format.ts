import type { FrontmatterField, SkillFile } from "@ops-skill/core";
import { defineSkillRule, type ReportDescriptor } from "../../rule.js";
import { atField } from "../../rule-support/skill-position.js";
import { kindPhrase } from "./_spec.js";

export default defineSkillRule(
  {
    id: "spec/metadata-format",
    description:
      "The Agent Skills specification defines `metadata` as a map from string keys to string values.",
    defaultSeverity: "warning",
  },
  ({ skill, report }) => {
    const field = skill.field("metadata");
    if (!field) return;
    // Codex refuses a metadata that is text or a list, or a short-description that is not
    // text: codex/field-type reports that as an error.
    const { codex } = skill;
    if (
      codex.status === "refused" &&
      codex.refusal.step === "field-type" &&
      codex.refusal.field?.key === "metadata"
    )
      return;
    const value = field.value;
    const isMap = value !== null && typeof value === "object" && !Array.isArray(value);
    if (!isMap) {
      const empty = field.kind === "null";
      report({
        message: empty
          ? "`metadata` is empty; the Agent Skills specification defines it as a map from string keys to string values. Codex ignores it."
          : `\`metadata\` is ${kindPhrase(field.kind, value)}; the Agent Skills specification defines it as a map from string keys to string values. Codex ignores it.`,
        ...atField(skill, field, empty ? "key" : "value"),
        hint: empty
          ? "Indent its entries under `metadata:` (two spaces), or remove the empty key."
          : 'Write it as a map, e.g. `metadata:` then `  version: "1.0"` on the next line.',
      });
      return;
    }
    for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
      if (typeof entry === "string") continue;
      // Codex refuses a short-description that is a list or a map: codex/field-type reports it.
      if (key === "short-description" && entry !== null && typeof entry === "object") continue;
      const at = nestedKey(skill, field, key);
      const source = at?.valueText;
      const quotable = source !== undefined && source !== "" && !/^[[{|>&*!]/.test(source);
      report({
        message: `\`metadata.${key}\` is ${phraseOf(entry)}; the Agent Skills specification allows only string values in \`metadata\`.`,
        ...(at?.position ?? atField(skill, field, "key")),
        hint: quotable
          ? `Quote it: \`${key}: ${JSON.stringify(source)}\`.`
          : "Write the value as one quoted string.",
      });
    }
  },
);

function phraseOf(value: unknown): string {
  if (value === null || value === undefined) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  if (typeof value === "number" || typeof value === "bigint") return "a number";
  if (typeof value === "boolean") return "a boolean";
  return typeof value;
}

/** Where a key of the metadata map is written, found by its text inside the map's lines. */
function nestedKey(
  skill: SkillFile,
  field: FrontmatterField,
  key: string,
): { position: Partial<ReportDescriptor>; valueText: string } | undefined {
  const { start, end } = skill.fieldPosition(field, "value");
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`(^|[\\s{,])(["']?)${escaped}\\2\\s*:(?:\\s+|$)`);
  for (let line = start.line; line <= end.line; line++) {
    const text = skill.lines.lineText(line);
    const from = line === start.line ? start.column - 1 : 0;
    const match = pattern.exec(text.slice(from));
    if (!match) continue;
    const column = from + match.index + (match[1] as string).length + 1;
    const rest = text.slice(from + match.index + match[0].length);
    const comment = rest.search(/\s#/);
    const valueText = (comment === -1 ? rest : rest.slice(0, comment))
      .replace(/[,}]\s*$/, "")
      .trim();
    return { position: { line, column }, valueText };
  }
  return undefined;
}
