import { agentsPolicyOf, MAX_YAML_DEPTH, problemClause } from "@ops-skill/core";
import { defineSkillRule } from "../../rule.js";

export default defineSkillRule(
  {
    id: "quality/not-checked",
    description:
      "Part of a skill ops-skill does not check: a SKILL.md over its size cap, frontmatter nested deeper than 128 levels, or an `agents/openai.yaml` that is no regular file or cannot be read (Codex ignores it).",
    defaultSeverity: "warning",
  },
  ({ skill, report }) => {
    const { codex } = skill;
    if (codex.status === "refused" && codex.refusal.step === "not-read") {
      const problem = skill.readProblem;
      const size = problem?.size === undefined ? "" : ` (${problem.size} bytes)`;
      report({
        message: `Not checked: SKILL.md ${problem ? problemClause(problem) : "is too large"}${size}; ops-skill does not read it, so no rule looked at it.`,
        hint: "A runbook is a few pages: move long material to references/ files the skill names.",
      });
      return;
    }
    const cappedAt = codex.firstParse?.cappedAt;
    if (cappedAt !== undefined && codex.split !== undefined && "yamlStart" in codex.split) {
      const { line, column } = skill.lines.positionAt(codex.split.yamlStart + cappedAt);
      report({
        message: `Not checked: the frontmatter nests deeper than ${MAX_YAML_DEPTH} levels here; ops-skill reads what is below as a plain value. Codex ignores such nesting in a key it does not read, and refuses it in \`name\`, \`description\` or \`metadata\` by the type of the outer value.`,
        line,
        column,
      });
    }
    if (codex.status !== "loaded") return;
    const policy = agentsPolicyOf(skill);
    if (policy?.unread)
      report({
        file: policy.path,
        message: `Not checked: agents/openai.yaml ${problemClause(policy.unread)}, so ops-skill does not read it, and Codex ignores it: the skill loads and is listed as if the file were not there.`,
        hint: "Make it a regular file, or remove it.",
      });
  },
);
