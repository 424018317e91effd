import { defineSkillRule, type ReportDescriptor } from "../../rule.js";
import { atField } from "../../rule-support/skill-position.js";
import { kindPhrase } from "./_spec.js";

export default defineSkillRule(
  {
    id: "spec/allowed-tools-format",
    description:
      "The Agent Skills specification defines the experimental `allowed-tools` field as one space-delimited string.",
    defaultSeverity: "warning",
    fixable: true,
  },
  ({ skill, report }) => {
    const field = skill.field("allowed-tools");
    if (!field || field.kind === "string") return;
    const value = field.value;
    let fix: ReportDescriptor["fix"];
    const key = skill.fieldOffsets(field, "key");
    const range = skill.fieldOffsets(field, "value");
    if (
      Array.isArray(value) &&
      value.length > 0 &&
      value.every((v) => typeof v === "string") &&
      key &&
      range
    ) {
      const joined = value.map((v) => v.trim()).join(" ");
      const original = skill.text.slice(key[1], range[1]);
      const trailing = original.slice(lineBreaksAtEnd(original));
      fix = {
        description: "Join the list into one space-delimited string",
        edits: [{ range: [key[1], range[1]], text: `: ${yamlScalar(joined)}${trailing}` }],
      };
    }
    report({
      message: `\`allowed-tools\` is ${kindPhrase(field.kind, value)}; the Agent Skills specification defines it as one space-delimited string (e.g. \`allowed-tools: Bash(kubectl:*) Read\`). Codex ignores the field.`,
      ...atField(skill, field, "value"),
      ...(fix ? { fix } : { hint: "Write the tool names on one line, separated by spaces." }),
    });
  },
);

/** Plain YAML when that reads back the same, else a double-quoted (JSON) string. */
function yamlScalar(text: string): string {
  const plain = /^[A-Za-z0-9(][^#]*$/.test(text) && !/:\s|\s#|:$|^[-?:,[\]{}&*!|>'"%@`]/.test(text);
  return plain ? text : JSON.stringify(text);
}

/** Where the line breaks (`\n` or `\r\n`) that end a text begin. */
function lineBreaksAtEnd(text: string): number {
  let start = text.length;
  while (text[start - 1] === "\n") start -= text[start - 2] === "\r" ? 2 : 1;
  return start;
}
