import { basename } from "node:path";
import { CODEX_NAME_MAX_LENGTH, collapseWhitespace, scalarLength } from "@ops-skill/core";
import { defineSkillRule } from "../../rule.js";
import { atField, refusedMessage } from "../../rule-support/skill-position.js";

export default defineSkillRule(
  {
    id: "codex/name-too-long",
    description: `Codex refuses a skill whose \`name\` is longer than ${CODEX_NAME_MAX_LENGTH} characters (after collapsing whitespace).`,
    defaultSeverity: "error",
  },
  ({ skill, report }) => {
    const { codex } = skill;
    if (codex.status !== "refused" || codex.refusal.step !== "name-length") return;
    const { field } = codex.refusal;
    const name = field
      ? collapseWhitespace(field.text ?? "")
      : collapseWhitespace(basename(skill.dir));
    const source = field ? "" : " The skill has no `name`, so Codex uses its directory name.";
    report({
      message: `${refusedMessage(codex.refusal.reason)} (it has ${scalarLength(name)}).${source}`,
      ...atField(skill, field, "value"),
    });
  },
);
