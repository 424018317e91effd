import { cannotSuppress } from "../../engine/directives.js";
import { defineDirectiveRule } from "../../rule.js";

const KEYWORDS = ["disable", "enable", "disable-line", "disable-next-line"];

export default defineDirectiveRule(
  {
    id: "quality/invalid-directive",
    description:
      "An `ops-skill-` directive that cannot do what it says: no rule ids, an unknown rule or keyword, a line directive over several lines, or a rule it cannot silence (a `codex/` error, a rule about directives or other files).",
    defaultSeverity: "warning",
  },
  ({ skill, directives, knownRuleIds, severityOf, directiveRuleIds, skillRuleIds, report }) => {
    for (const directive of directives) {
      const end = skill.lines.positionAt(directive.range[1]);
      const where = {
        line: directive.line,
        column: directive.column,
        endLine: end.line,
        endColumn: end.column,
      };
      const name = `ops-skill-${directive.keyword}`;
      if (directive.kind === undefined) {
        const suggestion = closest(directive.keyword, KEYWORDS);
        report({
          ...where,
          message: `\`${name}\` is not a directive; it suppresses nothing.${suggestion ? ` Did you mean \`ops-skill-${suggestion}\`?` : ""}`,
          hint: `The directives are ${KEYWORDS.map((k) => `\`ops-skill-${k}\``).join(", ")}.`,
        });
        continue;
      }
      if (directive.kind !== "enable" && directive.rules.length === 0) {
        report({
          ...where,
          message: `\`${name}\` names no rule, so it suppresses nothing; a directive silences only the rules it names.`,
          hint: `Name the rules: \`<!-- ${name} quality/body-length -- why -->\`.`,
        });
      }
      if (directive.multiline && directive.kind !== "disable" && directive.kind !== "enable") {
        report({
          ...where,
          message: `\`${name}\` must open and close on one line; a comment over several lines suppresses nothing.`,
        });
      }
      for (const rule of directive.rules) {
        const at = {
          line: rule.line,
          column: rule.column,
          endLine: rule.line,
          endColumn: rule.column + rule.id.length,
        };
        if (!knownRuleIds.has(rule.id)) {
          const suggestion = closest(rule.id, [...knownRuleIds]);
          report({
            ...at,
            message: `Unknown rule "${rule.id}" in \`${name}\`; it suppresses nothing.${suggestion ? ` Did you mean "${suggestion}"?` : ""}`,
          });
        } else if (directive.kind !== "enable" && directiveRuleIds.has(rule.id)) {
          report({
            ...at,
            message: `\`${name}\` cannot silence ${rule.id}: no directive silences what is wrong with directives.`,
          });
        } else if (directive.kind !== "enable" && !skillRuleIds.has(rule.id)) {
          report({
            ...at,
            message: `\`${name}\` cannot silence ${rule.id}: directives in SKILL.md silence only the rules that read the skill itself, not those of Codex config, hooks or report schemas (even where they point at a line of SKILL.md).`,
            hint: "Set the rule's severity, or ignore the file it is about, in ops-skill.config.json.",
          });
        } else if (directive.kind !== "enable" && cannotSuppress(rule.id, severityOf(rule.id))) {
          report({
            ...at,
            message: `\`${name}\` cannot silence ${rule.id}: an error of a codex/ rule means Codex refuses or never lists the skill, whatever a comment says.`,
            hint: "Fix what the rule reports; or, if you accept it, lower the rule's severity in ops-skill.config.json.",
          });
        }
      }
    }
  },
);

/** The closest candidate by edit distance, when it is close enough to be a typo. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(
        current + 1,
        (row[j - 1] as number) + 1,
        previous + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length] as number;
}
