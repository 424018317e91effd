import { isEnvironmentMention, isInvocableName } from "@ops-skill/core";
import { defineSkillRule } from "../../rule.js";
import { atField } from "../../rule-support/skill-position.js";

export default defineSkillRule(
  {
    id: "codex/name-not-invocable",
    description:
      "A skill name with characters outside `A-Z a-z 0-9 _ - :` (or named like `$PATH`) cannot be invoked as `$name`.",
    defaultSeverity: "warning",
  },
  ({ skill, report }) => {
    const { codex } = skill;
    if (codex.status !== "loaded") return;
    const { name } = codex.listing;
    if (isInvocableName(name)) return;
    const envLike = isEnvironmentMention(name);
    const why = envLike
      ? `Codex treats "$${name}" as an environment variable, not a skill mention`
      : `a mention stops at the first character outside letters, digits, "_", "-" and ":", so "$${name}" does not name it`;
    report({
      message: `The skill "${name}" cannot be invoked explicitly: ${why}. The model can still pick it from its description.`,
      ...atField(skill, skill.field("name"), "value"),
      hint: "Use a name like `drift-check`: lower case letters, digits and hyphens.",
    });
  },
);
