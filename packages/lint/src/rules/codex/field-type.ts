import { defineSkillRule } from "../../rule.js";
import { atField, refusedMessage } from "../../rule-support/skill-position.js";

export default defineSkillRule(
  {
    id: "codex/field-type",
    description:
      "Codex refuses frontmatter whose `name` or `description` is a list or map, whose `metadata` is not a map (text, a list, an explicit `null`), or that uses a list as a key.",
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
