import { defineSkillRule } from "../../rule.js";
import { existsInSkill, hasBody } from "../../rule-support/skill-files.js";

export default defineSkillRule(
  {
    id: "quality/referenced-file-missing",
    description:
      "A `scripts/`, `references/`, `assets/` or `agents/` path named in the body does not exist in the skill.",
    defaultSeverity: "warning",
  },
  ({ skill, report }) => {
    if (!hasBody(skill)) return;
    const seen = new Set<string>();
    const textOf = (line: number) => skill.lines.lineText(line);
    for (const link of skill.markdown.links) {
      if (link.kind !== "code") continue;
      const path = link.target.replace(/^\.\//, "");
      if (existsInSkill(skill, path)) continue;
      const lineText = textOf(link.line);
      const found = lineText.indexOf(link.target);
      const column = found >= 0 ? found + 1 : link.column;
      const key = `${link.line}:${column}:${path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      report({
        message: `\`${path}\` is named in the instructions but does not exist in the skill directory; the run fails when the model tries to use it.`,
        line: link.line,
        column,
        endColumn: column + link.target.length,
        hint: "Add the file, or fix the path (relative to the folder holding SKILL.md).",
      });
    }
  },
);
