import { defineDirectiveRule } from "../../rule.js";

export default defineDirectiveRule(
  {
    id: "quality/disable-reason",
    description:
      "An `ops-skill-disable` comment must give a reason after ` -- `; without one it suppresses nothing.",
    defaultSeverity: "warning",
  },
  ({ skill, directives, report }) => {
    for (const directive of directives) {
      if (directive.kind === undefined || directive.kind === "enable" || directive.reason) continue;
      const end = skill.lines.positionAt(directive.range[1]);
      report({
        message: `\`ops-skill-${directive.kind}\` needs a reason after " -- "; it suppresses nothing without one.`,
        line: directive.line,
        column: directive.column,
        endLine: end.line,
        endColumn: end.column,
        hint: "Say why after the rule ids: `<!-- ops-skill-disable-next-line ops/mutating-command -- approved in CHG-12 -->`.",
      });
    }
  },
);
