import { defineSkillRule } from "../../rule.js";
import { atField, refusedMessage } from "../../rule-support/skill-position.js";

export default defineSkillRule(
  {
    id: "codex/description-missing",
    description: "Codex refuses a skill whose `description` is missing, null or only whitespace.",
    defaultSeverity: "error",
  },
  ({ skill, report }) => {
    const { codex } = skill;
    if (codex.status !== "refused" || codex.refusal.step !== "description-missing") return;
    report({
      message: `${refusedMessage(codex.refusal.reason)}.`,
      ...atField(skill, codex.refusal.field),
      hint: "Add `description:` with what the skill does and when to use it.",
    });
  },
);
