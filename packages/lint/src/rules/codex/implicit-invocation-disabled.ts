import { agentsPolicyOf } from "@ops-skill/core";
import { defineSkillRule } from "../../rule.js";

export default defineSkillRule(
  {
    id: "codex/implicit-invocation-disabled",
    description:
      "`agents/openai.yaml` sets `allow_implicit_invocation: false`: Codex loads the skill but keeps it off the model's list, so only `$name` runs it.",
    defaultSeverity: "warning",
  },
  ({ skill, report }) => {
    if (skill.codex.status !== "loaded") return;
    const policy = agentsPolicyOf(skill);
    if (policy?.allowImplicitInvocation !== false) return;
    report({
      file: policy.path,
      line: policy.line,
      column: policy.column,
      message: `Codex loads "${skill.codex.listing.name}" but never lists it to the model (allow_implicit_invocation: false): a scheduled \`codex exec\` prompt must say "$${skill.codex.listing.name}" for it to run.`,
    });
  },
);
