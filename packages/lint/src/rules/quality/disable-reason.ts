import { parseDirectives } from "../../engine/directives.js";
import { defineSkillRule } from "../../rule.js";

export default defineSkillRule(
  {
    id: "quality/disable-reason",
    description:
      "An `ops-skill-disable` comment must give a reason after ` -- `; without one it suppresses nothing.",
    defaultSeverity: "warning",
  },
  ({ skill, report }) => {
    for (const directive of parseDirectives(skill.lines)) {
      if (directive.reason || directive.kind === "enable") continue;
      report({
        message: `\`ops-skill-${directive.kind}\` needs a reason after " -- "; it suppresses nothing without one.`,
        line: directive.line,
        column: directive.column,
      });
    }
  },
);
