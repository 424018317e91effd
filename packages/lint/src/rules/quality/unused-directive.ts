import type { TextEdit } from "@ops-skill/core";
import { type AppliedDirective, cannotSuppress } from "../../engine/directives.js";
import { type DirectiveRuleContext, defineDirectiveRule } from "../../rule.js";

/**
 * ESLint's `--report-unused-disable-directives`: `ops-skill lint --report-unused-disable-directives`
 * raises this rule to error, `--report-unused-disable-directives-severity` sets its severity.
 */
export default defineDirectiveRule(
  {
    id: "quality/unused-directive",
    description:
      "An `ops-skill-disable` comment (or one of its rule ids) that suppresses nothing, or an `ops-skill-enable` that ends no disable.",
    defaultSeverity: "warning",
    fixable: true,
  },
  (context) => {
    const { skill, directives, severityOf, skillRuleIds, notRun, report } = context;
    for (const directive of directives) {
      if (!directive.effective) continue;
      const name = `ops-skill-${directive.kind}`;
      const end = skill.lines.positionAt(directive.range[1]);
      const where = {
        line: directive.line,
        column: directive.column,
        endLine: end.line,
        endColumn: end.column,
      };
      if (directive.kind === "enable" && directive.rules.length === 0) {
        if (directive.enabledAll) continue;
        const fix = removal(context, directive);
        report({
          ...where,
          message: `Unused \`${name}\`: no \`ops-skill-disable\` before it is still on.`,
          ...(fix ? { fix } : {}),
        });
        continue;
      }
      // Unknown ids and rules no directive silences are quality/invalid-directive's to report.
      const unused = directive.rules
        .map((rule, index) => ({ rule, index }))
        .filter(
          ({ rule, index }) =>
            directive.uses[index] === 0 &&
            skillRuleIds.has(rule.id) &&
            !notRun?.has(rule.id) &&
            (directive.kind === "enable" || !cannotSuppress(rule.id, severityOf(rule.id))),
        );
      if (unused.length === 0) continue;
      const why = (id: string) =>
        directive.kind === "enable"
          ? `no \`ops-skill-disable\` of ${id} is on before it`
          : `${severityOf(id) === "off" ? `${id} is off in this run` : `no ${id} finding ${scope(directive)}`}`;
      if (unused.length === directive.rules.length) {
        const fix = removal(context, directive);
        report({
          ...where,
          message: `Unused \`${name}\`: ${unused.map(({ rule }) => why(rule.id)).join("; ")}.`,
          ...(fix ? { fix } : {}),
        });
        continue;
      }
      for (const { rule, index } of unused) {
        report({
          line: rule.line,
          column: rule.column,
          endLine: rule.line,
          endColumn: rule.column + rule.id.length,
          message: `${rule.id} in \`${name}\` is unused: ${why(rule.id)}.`,
          fix: {
            description: `Remove ${rule.id} from the directive`,
            edits: [{ range: idRemoval(directive, index), text: "" }],
          },
        });
      }
    }
  },
);

function scope(directive: AppliedDirective): string {
  if (directive.kind === "disable-line") return `on line ${directive.line} to suppress`;
  if (directive.kind === "disable-next-line") return `on line ${directive.line + 1} to suppress`;
  return "after it to suppress";
}

/** The id and the separator that joins it to its neighbour. */
function idRemoval(directive: AppliedDirective, index: number): [number, number] {
  const rule = directive.rules[index];
  const next = directive.rules[index + 1];
  const previous = directive.rules[index - 1];
  if (!rule) return [0, 0];
  if (next) return [rule.range[0], next.range[0]];
  if (previous) return [previous.range[1], rule.range[1]];
  return rule.range;
}

/**
 * Removes a whole directive comment, with its line when nothing else is on it. None for a
 * comment over several lines. Line 1 keeps its line, and so does a frontmatter's only line:
 * removing either could change where Codex finds (or misses) the frontmatter.
 */
function removal(
  { skill }: DirectiveRuleContext,
  directive: AppliedDirective,
): { description: string; edits: TextEdit[] } | undefined {
  if (directive.multiline) return undefined;
  const { text, lines } = skill;
  const [start, end] = directive.range;
  const lineStart = lines.lineStarts[directive.line - 1] ?? 0;
  const nextLineStart = lines.lineStarts[directive.line] ?? text.length;
  let lineEnd = nextLineStart;
  while (lineEnd > lineStart && (text[lineEnd - 1] === "\n" || text[lineEnd - 1] === "\r"))
    lineEnd--;
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd);
  const split = skill.codex.split;
  const onlyYamlLine =
    directive.syntax === "yaml" &&
    split !== undefined &&
    !("kind" in split) &&
    split.closeLine === 3;
  let range: [number, number];
  if (before.trim() === "" && after.trim() === "" && directive.line > 1 && !onlyYamlLine)
    range = [lineStart, nextLineStart];
  else if (after.trim() === "" || before.trim() !== "")
    range = [start - (before.length - before.trimEnd().length), end];
  else range = [start, end + (after.length - after.trimStart().length)];
  return {
    description: `Remove the unused ops-skill-${directive.keyword}`,
    edits: [{ range, text: "" }],
  };
}
