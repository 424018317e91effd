import { scalarLength } from "@ops-skill/core";
import { defineSkillRule } from "../../rule.js";
import { atField } from "../../rule-support/skill-position.js";
import { SPEC_DESCRIPTION_MAX_LENGTH } from "./_spec.js";

export default defineSkillRule(
  {
    id: "spec/description-too-long",
    description: `The Agent Skills specification limits \`description\` to ${SPEC_DESCRIPTION_MAX_LENGTH} characters.`,
    defaultSeverity: "warning",
  },
  ({ skill, report }) => {
    const field = skill.field("description");
    if (!field || field.text === undefined) return;
    const length = scalarLength(field.text);
    if (length <= SPEC_DESCRIPTION_MAX_LENGTH) return;
    report({
      message: `The description has ${length} characters; the Agent Skills specification allows at most ${SPEC_DESCRIPTION_MAX_LENGTH}, so clients that follow it may refuse the skill.`,
      ...atField(skill, field, "value"),
      hint: "Keep what the skill does and when to use it; move the rest into the body.",
    });
  },
);
