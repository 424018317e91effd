import { scalarLength } from "@ops-skill/core";
import { defineSkillRule } from "../../rule.js";
import { atField } from "../../rule-support/skill-position.js";
import { kindPhrase, SPEC_COMPATIBILITY_MAX_LENGTH } from "./_spec.js";

export default defineSkillRule(
  {
    id: "spec/compatibility-format",
    description: `The Agent Skills specification defines \`compatibility\` as text of 1 to ${SPEC_COMPATIBILITY_MAX_LENGTH} characters.`,
    defaultSeverity: "warning",
  },
  ({ skill, report }) => {
    const field = skill.field("compatibility");
    if (!field) return;
    const position = atField(skill, field, "value");
    if (field.kind !== "string") {
      report({
        message: `\`compatibility\` is ${kindPhrase(field.kind, field.value)}; the Agent Skills specification defines it as text of 1 to ${SPEC_COMPATIBILITY_MAX_LENGTH} characters. Codex ignores the field.`,
        ...position,
        hint: 'Write the requirements as one string, e.g. `compatibility: "Needs kubectl 1.29+ and read access to the cluster"`.',
      });
      return;
    }
    const length = scalarLength((field.text ?? "").trim());
    if (length >= 1 && length <= SPEC_COMPATIBILITY_MAX_LENGTH) return;
    report({
      message:
        length === 0
          ? `\`compatibility\` is empty; the Agent Skills specification requires 1 to ${SPEC_COMPATIBILITY_MAX_LENGTH} characters when the field is present.`
          : `\`compatibility\` has ${length} characters; the Agent Skills specification allows at most ${SPEC_COMPATIBILITY_MAX_LENGTH}.`,
      ...position,
      hint:
        length === 0
          ? "Remove the field or say what the skill needs."
          : "Name only the environment requirements; move details into the body.",
    });
  },
);
