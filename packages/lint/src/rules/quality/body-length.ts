import { defineSkillRule } from "../../rule.js";
import { hasBody } from "../../rule-support/skill-files.js";

export const DEFAULT_MAX_BODY_LINES = 500;

export default defineSkillRule(
  {
    id: "quality/body-length",
    description: `A SKILL.md body over ${DEFAULT_MAX_BODY_LINES} lines (option \`maxLines\`) costs context on every run; move reference material into \`references/\`.`,
    defaultSeverity: "warning",
    options: {
      type: "object",
      properties: {
        maxLines: { type: "integer", minimum: 1, description: "Most lines the body may have." },
      },
      additionalProperties: false,
    },
  },
  ({ skill, report, options }) => {
    if (!hasBody(skill)) return;
    const maxLines = (options.maxLines as number | undefined) ?? DEFAULT_MAX_BODY_LINES;
    const firstLine = skill.lines.positionAt(skill.bodyStart).line;
    let lastLine = skill.lines.lineCount;
    if (lastLine > firstLine && skill.lines.lineText(lastLine) === "") lastLine--;
    const bodyLines = lastLine - firstLine + 1;
    if (bodyLines <= maxLines) return;
    report({
      message: `The body has ${bodyLines} lines, over ${maxLines}; Codex puts the whole body into the model's context each time the skill is used.`,
      line: firstLine + maxLines,
      column: 1,
      hint: "Move long reference material into references/ and link to it from the body.",
    });
  },
);
