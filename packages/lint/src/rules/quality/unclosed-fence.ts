import type { CodeFence, SkillFile } from "@ops-skill/core";
import { defineSkillRule, type ReportDescriptor } from "../../rule.js";
import { hasBody } from "../../rule-support/skill-files.js";

/**
 * Whether the fence's last line closes it. The model's `closed` flag also counts a fence that
 * runs to the end of a file ending in a newline as closed, so the rule looks at the line itself.
 */
export function closesFence(skill: SkillFile, fence: CodeFence): boolean {
  if (fence.endLine <= fence.line) return false;
  const last = skill.lines
    .lineText(fence.endLine)
    .replace(/^(\s*>)+/, "")
    .trim();
  const char = fence.marker[0] ?? "`";
  let run = 0;
  while (last[run] === char) run++;
  return run >= fence.marker.length && last.slice(run).trim() === "";
}

export default defineSkillRule(
  {
    id: "quality/unclosed-fence",
    description:
      "A code fence that is never closed turns the rest of SKILL.md into code; the model reads later instructions as part of the block.",
    defaultSeverity: "warning",
    fixable: true,
  },
  ({ skill, report }) => {
    if (!hasBody(skill)) return;
    const text = skill.text;
    let lastLine = skill.lines.lineCount;
    while (lastLine > 1 && skill.lines.lineText(lastLine).trim() === "") lastLine--;
    for (const fence of skill.markdown.fences) {
      if (closesFence(skill, fence)) continue;
      const opening = skill.lines.lineText(fence.line);
      const at = Math.max(0, opening.indexOf(fence.marker));
      let fix: ReportDescriptor["fix"];
      // Closing at the end of the file keeps the meaning only when the fence runs to the end.
      if (fence.endLine >= lastLine) {
        const indent = opening.slice(0, at).replace(/\S/g, " ");
        const eol = text.includes("\r\n") ? "\r\n" : "\n";
        const endsWithNewline = text.endsWith("\n") || text.endsWith("\r");
        fix = {
          description: `Close the fence with ${fence.marker} at the end of the file`,
          edits: [
            {
              range: [text.length, text.length],
              text: `${endsWithNewline ? "" : eol}${indent}${fence.marker}${eol}`,
            },
          ],
        };
      }
      report({
        message: `The code fence opened here with ${fence.marker} is never closed, so the rest of ${fence.endLine >= lastLine ? "SKILL.md" : "the block it stands in"} is code to the model, including any instructions after it.`,
        line: fence.line,
        column: at + 1,
        endColumn: at + fence.marker.length + 1,
        ...(fix ? { fix } : { hint: `Add a line with ${fence.marker} where the code ends.` }),
      });
    }
  },
);
