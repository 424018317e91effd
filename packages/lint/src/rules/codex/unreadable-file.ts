import { defineSkillRule } from "../../rule.js";
import { refusedMessage } from "../../rule-support/skill-position.js";

export default defineSkillRule(
  {
    id: "codex/unreadable-file",
    description:
      "Codex refuses a SKILL.md it cannot read as UTF-8 text (invalid bytes, UTF-16, permissions).",
    defaultSeverity: "error",
  },
  ({ skill, report }) => {
    const { codex } = skill;
    if (
      codex.status !== "refused" ||
      (codex.refusal.step !== "read" && codex.refusal.step !== "utf8")
    )
      return;
    const problem = skill.decoded.invalidUtf8;
    if (codex.refusal.step === "utf8" && problem) {
      const before = new TextDecoder().decode(skill.bytes.subarray(0, problem.byteIndex));
      const { line, column } = skill.lines.positionAt(before.length);
      report({
        message:
          refusedMessage(codex.refusal.reason) +
          (skill.decoded.utf16 ? " (the file is UTF-16; save it as UTF-8)" : ""),
        line,
        column,
        hint: "Save the file as UTF-8.",
      });
      return;
    }
    report({ message: refusedMessage(codex.refusal.reason) });
  },
);
