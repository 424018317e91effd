import { scalarLength } from "@ops-skill/core";
import { defineSkillRule } from "../../rule.js";
import { atField } from "../../rule-support/skill-position.js";

export const DEFAULT_MIN_DESCRIPTION_LENGTH = 40;

export default defineSkillRule(
  {
    id: "quality/description-too-short",
    description: `A \`description\` under ${DEFAULT_MIN_DESCRIPTION_LENGTH} characters gives the model too little to know what the skill does and when to use it.`,
    defaultSeverity: "warning",
    options: {
      type: "object",
      properties: {
        minLength: {
          type: "integer",
          minimum: 1,
          description: "Fewest characters a description may have.",
        },
      },
      additionalProperties: false,
    },
  },
  ({ skill, report, options }) => {
    const { codex } = skill;
    if (codex.status !== "loaded") return;
    const minLength = (options.minLength as number | undefined) ?? DEFAULT_MIN_DESCRIPTION_LENGTH;
    const length = scalarLength(codex.listing.description);
    if (length >= minLength) return;
    report({
      message: `The description has ${length} characters (under ${minLength}); the model chooses skills by their description and has too little to go on.`,
      ...atField(skill, skill.field("description"), "value"),
      hint: "Say what the skill does, with which tools, and when to use it.",
    });
  },
);
