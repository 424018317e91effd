import { defineSkillRule } from "../../rule.js";
import { atField, refusedMessage } from "../../rule-support/skill-position.js";

export default defineSkillRule(
  {
    id: "codex/duplicate-field",
    description:
      "Codex refuses frontmatter that sets `name`, `description` or `metadata.short-description` twice (other duplicate keys are ignored).",
    defaultSeverity: "error",
  },
  ({ skill, report }) => {
    const { codex } = skill;
    if (codex.status !== "refused" || codex.refusal.step !== "duplicate-field") return;
    report({
      message: `${refusedMessage(codex.refusal.reason)}.`,
      ...atField(skill, codex.refusal.field),
      hint: "Keep one of the two keys.",
    });
  },
);
