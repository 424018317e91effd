import { defineSkillRule } from "../../rule.js";
import {
  existsInSkill,
  hasBody,
  isExternalTarget,
  linkPath,
  targetColumn,
} from "../../rule-support/skill-files.js";

export default defineSkillRule(
  {
    id: "quality/broken-link",
    description:
      "A relative Markdown link in SKILL.md points to a file that does not exist in the skill.",
    defaultSeverity: "warning",
  },
  ({ skill, report }) => {
    if (!hasBody(skill)) return;
    const lineText = (line: number) => skill.lines.lineText(line);
    for (const link of skill.markdown.links) {
      if (link.kind !== "link" || isExternalTarget(link.target)) continue;
      if (/\{\{|\$\{/.test(link.target)) continue;
      const path = linkPath(link.target);
      if (path === "" || existsInSkill(skill, path)) continue;
      const column = targetColumn(lineText(link.line), link.target, link.column);
      report({
        message: `The link target "${link.target}" does not exist (looked for ${path} in the skill directory); the model cannot open it when it follows the link.`,
        line: link.line,
        column,
        endColumn: column + link.target.length,
        hint: "Fix the path (it is relative to the folder holding SKILL.md) or add the file.",
      });
    }
  },
);
