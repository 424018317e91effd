import { defineSkillRule } from "../../rule.js";
import { refusedMessage } from "../../rule-support/skill-position.js";

const WHY = {
  "no-opening": "line 1 must be `---`",
  "no-closing": "the frontmatter has no closing `---` line",
  empty: "the frontmatter between the `---` lines is empty",
} as const;

const OPENING_DETAIL = {
  "leading-blank": "line 1 must be `---`; remove the blank lines before it",
  "cr-only":
    "lines end with a lone carriage return (CR), so Codex sees one single line; use LF or CRLF line endings",
  other: "line 1 must be `---`",
  bom: "",
} as const;

export default defineSkillRule(
  {
    id: "codex/frontmatter-delimiters",
    description:
      "Codex refuses a SKILL.md unless line 1 and a later line are `---` with frontmatter between them.",
    defaultSeverity: "error",
    fixable: true,
  },
  ({ skill, report }) => {
    const { codex } = skill;
    if (codex.status !== "refused" || codex.refusal.step !== "delimiters") return;
    const problem = codex.refusal.problem;
    if (problem.kind === "no-opening" && problem.detail === "bom") return; // codex/byte-order-mark
    const why = problem.kind === "no-opening" ? OPENING_DETAIL[problem.detail] : WHY[problem.kind];
    const leadingBlank = problem.kind === "no-opening" && problem.detail === "leading-blank";
    const blankEnd = leadingBlank ? skill.text.indexOf("---") : 0;
    report({
      message: `${refusedMessage(codex.refusal.reason)}: ${why}.`,
      line: problem.kind === "no-closing" ? skill.lines.lineCount : 1,
      column: 1,
      ...(leadingBlank
        ? {
            fix: {
              description: "Remove the blank lines before the frontmatter",
              edits: [{ range: [0, blankEnd] as [number, number], text: "" }],
            },
          }
        : {}),
      hint:
        problem.kind === "no-opening" && !leadingBlank
          ? "Start the file with `---`, then `name:` and `description:`, then `---`."
          : undefined,
    });
  },
);
