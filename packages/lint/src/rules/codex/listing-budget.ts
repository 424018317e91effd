import { relative } from "node:path";
import { defineSkillRule, type ProjectSkill } from "../../rule.js";

/**
 * Measured on Codex 0.169.0 (conformance case `listing-budget`): the model-visible list of
 * skills holds about 21.6 KB of `- NAME: DESCRIPTION (file: rN/…/SKILL.md)` lines (21,538
 * bytes fitted; one more 152-byte line did not), and the 4 built-in system skills take 1,723.
 */
export const LISTING_BUDGET_BYTES = 21_600;
export const SYSTEM_SKILLS_LISTING_BYTES = 1_723;

function listingBytes(entry: ProjectSkill): number {
  const rel = entry.root ? relative(entry.root, entry.path) : "SKILL.md";
  const line = `- ${entry.listing.name}: ${entry.listing.listedDescription} (file: r1/${rel})\n`;
  return Buffer.byteLength(line);
}

/** The skill whose line crosses the budget, and the list's full size (once per run). */
function budgetOf(project: readonly ProjectSkill[]): {
  crossing: string | undefined;
  total: number;
} {
  let total = SYSTEM_SKILLS_LISTING_BYTES;
  let crossing: string | undefined;
  for (const entry of project) {
    const before = total;
    total += listingBytes(entry);
    if (crossing === undefined && before <= LISTING_BUDGET_BYTES && total > LISTING_BUDGET_BYTES)
      crossing = entry.path;
  }
  return { crossing, total };
}

export default defineSkillRule(
  {
    id: "codex/listing-budget",
    description:
      "Codex's list of skills for the model has a size budget (about 21.6 KB); past it, descriptions are cut or removed and skills dropped, silently.",
    defaultSeverity: "warning",
  },
  ({ skill, project, report, cache }) => {
    const { crossing, total } = cache("codex/listing-budget:budget", () => budgetOf(project));
    if (crossing !== skill.path) return;
    report({
      message: `The ${project.length} skills Codex would list here take about ${total} bytes with their descriptions, over Codex's listing budget of about ${LISTING_BUDGET_BYTES}: Codex shortens or removes descriptions (the model then chooses by name alone) and may leave skills off the list. This skill's line crosses the budget.`,
      line: 1,
      column: 1,
      hint: "Shorten descriptions, or split the skills across repositories.",
    });
  },
);
