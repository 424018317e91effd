/** Where to point a codex/ diagnostic in a SKILL.md. Shared by the codex rules. */
import type { FrontmatterField, SkillFile } from "@ops-skill/core";
import type { ReportDescriptor } from "../rule.js";

export function atField(
  skill: SkillFile,
  field: FrontmatterField | undefined,
  part: "key" | "value" = "key",
): Partial<ReportDescriptor> {
  if (!field) return frontmatterStart(skill);
  const { start, end } = skill.fieldPosition(field, part);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/** Line 1 column 1, the opening delimiter. */
export function frontmatterStart(_skill: SkillFile): Partial<ReportDescriptor> {
  return { line: 1, column: 1 };
}

export function atOffset(skill: SkillFile, offset: number): Partial<ReportDescriptor> {
  const { line, column } = skill.lines.positionAt(offset);
  return { line, column };
}

/** Prefix every refusal message the same way, quoting Codex's own words. */
export function refusedMessage(reason: string): string {
  return `Codex refuses to load this skill: ${reason}`;
}
