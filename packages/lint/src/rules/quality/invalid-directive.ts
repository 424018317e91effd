import { closestMatch } from "@ops-skill/core";
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
        const suggestion = closestMatch(directive.keyword, KEYWORDS);
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
          const suggestion = closestMatch(rule.id, [...knownRuleIds]);
          report({
            ...at,
            message: `Unknown rule "${rule.id}" in \`${name}\`; it suppresses nothing.${suggestion ? ` Did you mean "${suggestion}"?` : ""}`,
          });
        } else if (directive.kind !== "enable" && rule.id === "internal/crash") {
          report({
            ...at,
            message: `\`${name}\` cannot silence internal/crash: an internal error of ops-skill is always reported, and the run exits 2.`,
            hint: "Report the internal error; it is a bug in ops-skill, not in the skill.",
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
