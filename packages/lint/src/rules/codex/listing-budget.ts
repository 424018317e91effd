import { LISTING_BUDGET_BYTES, listingBudget } from "@ops-skill/core";
import { defineSkillRule } from "../../rule.js";

export default defineSkillRule(
  {
    id: "codex/listing-budget",
    description:
      "Codex's list of skills for the model has a size budget (about 21.6 KB); past it, descriptions are cut or removed and skills dropped, silently.",
    defaultSeverity: "warning",
  },
  ({ skill, project, report, cache }) => {
    const { crossing, total } = cache("codex/listing-budget:budget", () => listingBudget(project));
    if (crossing !== skill.path) return;
    report({
      message: `The ${project.length} skills Codex would list here take about ${total} bytes with their descriptions, over Codex's listing budget of about ${LISTING_BUDGET_BYTES}: Codex shortens or removes descriptions (the model then chooses by name alone) and may leave skills off the list. This skill's line crosses the budget.`,
      line: 1,
      column: 1,
      hint: "Shorten descriptions, or split the skills across repositories.",
    });
  },
);
