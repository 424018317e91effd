import { defineSkillRule } from "../../rule.js";
import { refusedMessage } from "../../rule-support/skill-position.js";

export default defineSkillRule(
  {
    id: "codex/byte-order-mark",
    description:
      "A UTF-8 byte-order mark before the opening `---` hides the frontmatter from Codex, which then refuses the skill.",
    defaultSeverity: "error",
    fixable: true,
  },
  ({ skill, report }) => {
    const { codex } = skill;
    if (codex.status !== "refused" || codex.refusal.step !== "delimiters" || !skill.decoded.hasBom)
      return;
    report({
      message: `${refusedMessage(codex.refusal.reason)} (the file starts with a UTF-8 byte-order mark).`,
      line: 1,
      column: 1,
      endColumn: 2,
      fix: { description: "Remove the byte-order mark", edits: [{ range: [0, 1], text: "" }] },
    });
  },
);
