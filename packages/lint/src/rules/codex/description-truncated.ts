import { CODEX_DESCRIPTION_LISTED_LENGTH, scalarLength } from "@ops-skill/core";
import { defineSkillRule } from "../../rule.js";
import { atField } from "../../rule-support/skill-position.js";

export default defineSkillRule(
  {
    id: "codex/description-truncated",
    description: `Codex lists only the first ${CODEX_DESCRIPTION_LISTED_LENGTH - 3} characters of a longer \`description\`, so the model never sees the rest.`,
    defaultSeverity: "warning",
  },
  ({ skill, report }) => {
    const { codex } = skill;
    if (codex.status !== "loaded") return;
    const length = scalarLength(codex.listing.description);
    if (length <= CODEX_DESCRIPTION_LISTED_LENGTH) return;
    report({
      message: `The description has ${length} characters; Codex shows the model only the first ${CODEX_DESCRIPTION_LISTED_LENGTH - 3} and "...". Move detail into the body.`,
      ...atField(skill, skill.field("description"), "value"),
    });
  },
);
