import type { SkillFile } from "@ops-skill/core";
import { defineSkillRule } from "../../rule.js";
import { hasBody } from "../quality/_skill-files.js";
import {
  codeSnippets,
  findCommands,
  isForbiddenHere,
  sectionsAt,
  withoutInlineCode,
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
        if (!command.mutating) continue;
        const { line, column } = snippet.positionAt(command.index);
        if (approved(line)) continue;
        const through =
          command.via.length > 0
            ? ` (run through ${command.via.map((v) => `\`${v}\``).join(", ")})`
            : "";
        report({
          message: `\`${command.display}\`${through} changes live systems, and the skill has no human approval step before it; under \`codex exec\` the model runs it unattended.`,
          line,
          column,
          endColumn: column + command.length,
          hint: 'Add an approval step (e.g. a "## Approval" section: stop and wait for a named human to confirm), or forbid the command in "## Constraints" and keep the skill read-only.',
        });
      }
    }
  },
);

const APPROVAL_HEADING =
  /\b(approvals?|approve|sign-?off|human review|change control|change management|confirmation)\b/i;

const APPROVAL_WORDING =
  /\b(approval|approved|approves?|approving|approver|confirm (it )?with|confirmation (from|by)|human review|human-in-the-loop|sign-?off|wait for (a |an |the )?(human|operator|on-call|engineer|reviewer)|ask (the )?(user|operator|human|on-call|engineer)|change (ticket|request))\b/i;

const NEGATED_APPROVAL =
  /\b(without|no|skip(ping|s)?|bypass(ing|es)?|auto)[\s-]*(human\s+)?(approval|approve|confirmation|review)\w*/gi;

/** Whether a line of prose asks for human approval (inline code and "auto-approve" aside). */
function saysApproval(text: string): boolean {
  return APPROVAL_WORDING.test(withoutInlineCode(text).replace(NEGATED_APPROVAL, " "));
}

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
