import { defineSkillRule } from "../../rule.js";
import { atField } from "../../rule-support/skill-position.js";
import { SPEC_FIELDS } from "./_spec.js";

export default defineSkillRule(
  {
    id: "spec/unknown-field",
    description: `The Agent Skills specification allows only the top-level fields ${SPEC_FIELDS.map((f) => `\`${f}\``).join(", ")}; Codex ignores any other.`,
    defaultSeverity: "warning",
  },
  ({ skill, report }) => {
    const { codex } = skill;
    const refusedField =
      codex.status === "refused" && codex.refusal.step === "field-type"
        ? codex.refusal.field
        : undefined;
    for (const field of codex.fields ?? []) {
      if ((SPEC_FIELDS as readonly string[]).includes(field.key)) continue;
      if (field === refusedField) continue; // a list or map used as a key: codex/field-type
      report({
        message: `"${field.key}" is not a field of the Agent Skills specification, which allows only ${SPEC_FIELDS.join(", ")}. Codex ignores it, and other clients may refuse the skill.`,
        ...atField(skill, field, "key"),
        hint: `Move it under \`metadata:\` (for example \`metadata:\` then \`  ${field.key}: "..."\`).`,
      });
    }
  },
);
