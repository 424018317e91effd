import type { SkillFile } from "@ops-skill/core";
import { defineSkillRule } from "../../rule.js";
import { hasBody } from "../quality/_skill-files.js";
import {
  APPROVAL_HEADING,
  codeSnippets,
  findCommands,
  isForbiddenHere,
  saysApproval,
  sectionsAt,
} from "./_commands.js";

/** Lines before a command that may hold its approval step, when no section does. */
const APPROVAL_WINDOW = 10;

export default defineSkillRule(
  {
    id: "ops/mutating-command",
    description:
      "A command that changes infrastructure (`terraform apply`, `kubectl delete`, `helm upgrade`, `rm -rf`...) appears without a human approval step.",
    defaultSeverity: "warning",
  },
  ({ skill, report }) => {
    if (!hasBody(skill)) return;
    if (skill.markdown.headings.some((h) => APPROVAL_HEADING.test(h.text))) return;
    const approved = approvalChecker(skill);
    for (const snippet of codeSnippets(skill)) {
      const commands = findCommands(snippet.text);
      if (!commands.some((c) => c.mutating) || isForbiddenHere(skill, snippet)) continue;
      for (const command of commands) {
        if (!command.mutating || approved(snippet.line)) continue;
        const { line, column } = snippet.positionAt(command.index);
        report({
          message: `\`${command.display}\` changes live systems, and the skill has no human approval step before it; under \`codex exec\` the model runs it unattended.`,
          line,
          column,
          endColumn: column + command.tool.length,
          hint: 'Add an approval step (e.g. a "## Approval" section: stop and wait for a named human to confirm), or forbid the command in "## Constraints" and keep the skill read-only.',
        });
      }
    }
  },
);

/**
 * Whether approval wording stands in prose near a line: in the sections around it (a level-1
 * title that spans the whole body does not count) or in the lines just before it.
 */
function approvalChecker(skill: SkillFile): (line: number) => boolean {
  const prose = new Set(skill.markdown.proseLines);
  const lineSays = new Map<number, boolean>();
  const saysAt = (line: number) => {
    let says = lineSays.get(line);
    if (says === undefined) {
      says = prose.has(line) && saysApproval(skill.lines.lineText(line));
      lineSays.set(line, says);
    }
    return says;
  };
  const titles = skill.markdown.headings.filter((h) => h.level === 1).length;
  const cache = new Map<number, boolean>();
  return (line) => {
    for (let l = Math.max(1, line - APPROVAL_WINDOW); l <= line; l++) if (saysAt(l)) return true;
    for (const section of sectionsAt(skill, line)) {
      if (section.heading.level === 1 && titles === 1) continue;
      let says = cache.get(section.heading.line);
      if (says === undefined) {
        says = false;
        for (let l = section.startLine; l <= section.endLine && !says; l++) says = saysAt(l);
        cache.set(section.heading.line, says);
      }
      if (says) return true;
    }
    return false;
  };
}
