import { defineSkillRule } from "../../rule.js";
import { atField, refusedMessage } from "./_position.js";

export default defineSkillRule(
  {
    id: "codex/field-type",
    description:
      "Codex refuses a `name`, `description` or `metadata.short-description` that is a list or a map instead of text.",
    defaultSeverity: "error",
  },
  ({ skill, report }) => {
    const { codex } = skill;
    if (codex.status !== "refused" || codex.refusal.step !== "field-type") return;
    report({
      message: `${refusedMessage(codex.refusal.reason)}.`,
      ...atField(skill, codex.refusal.field, "value"),
      hint: "Write the value as one string; use a block scalar (`>-`) for long text.",
    });
  },
);
