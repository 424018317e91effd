/**
 * Inline disable comments in a SKILL.md. A reason after ` -- ` is required; a directive
 * without one suppresses nothing and is reported.
 *
 *   <!-- ops-skill-disable-next-line ops/mutating-command -- approved by change CHG-12 -->
 *   <!-- ops-skill-disable quality/body-length -- generated reference -->  ... <!-- ops-skill-enable -->
 *   # ops-skill-disable-next-line spec/name-matches-directory -- (in the YAML frontmatter)
 */
import type { LineIndex } from "@ops-skill/core";

export interface Directive {
  kind: "disable" | "enable" | "disable-next-line" | "disable-line";
  /** Empty means every rule. */
  ruleIds: string[];
  reason: string | undefined;
  line: number;
  column: number;
}

const DIRECTIVE =
  /(?:<!--|#)\s*ops-skill-(disable-next-line|disable-line|disable|enable)\b([^\n]*?)(?:-->|$)/g;

export function parseDirectives(lines: LineIndex): Directive[] {
  const directives: Directive[] = [];
  if (!lines.text.includes("ops-skill-")) return directives;
  for (let line = 1; line <= lines.lineCount; line++) {
    const text = lines.lineText(line);
    if (!text.includes("ops-skill-")) continue;
    for (const match of text.matchAll(DIRECTIVE)) {
      const [rulesPart = "", reasonPart] = (match[2] ?? "").split(/\s--\s?/, 2);
      const reason = reasonPart?.trim();
      directives.push({
        kind: match[1] as Directive["kind"],
        ruleIds: rulesPart.split(/[\s,]+/).filter(Boolean),
        reason: reason ? reason : undefined,
        line,
        column: (match.index ?? 0) + 1,
      });
    }
  }
  return directives;
}

/** Whether a diagnostic at `line` for `ruleId` is suppressed by a directive with a reason. */
export function isSuppressed(
  directives: readonly Directive[],
  ruleId: string,
  line: number,
): boolean {
  let disabled = false;
  for (const d of directives) {
    if (!d.reason || d.line > line) continue;
    const applies = d.ruleIds.length === 0 || d.ruleIds.includes(ruleId);
    if (!applies) continue;
    if (d.kind === "disable") disabled = true;
    else if (d.kind === "enable") disabled = false;
  }
  if (disabled) return true;
  return directives.some(
    (d) =>
      d.reason !== undefined &&
      (d.ruleIds.length === 0 || d.ruleIds.includes(ruleId)) &&
      ((d.kind === "disable-next-line" && d.line + 1 === line) ||
        (d.kind === "disable-line" && d.line === line)),
  );
}
