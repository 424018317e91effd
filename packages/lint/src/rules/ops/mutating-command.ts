import { defineSkillRule } from "../../rule.js";
import { hasBody } from "../../rule-support/skill-files.js";
import { codeSnippets, findCommands, isForbiddenHere } from "./_commands.js";
import { approvalOf } from "./_commands-approval.js";

export default defineSkillRule(
  {
    id: "ops/mutating-command",
    description:
      "A command that changes live systems (`terraform apply`, `kubectl delete`, `helm upgrade`, `rm -rf`, `systemctl restart`, `DROP TABLE`...), also through `bash -c`, `ssh` or `kubectl exec`, has no approval step before it.",
    defaultSeverity: "warning",
    securitySeverity: 6.0,
  },
  ({ skill, projectConfig = [], report, cache }) => {
    if (!hasBody(skill)) return;
    for (const snippet of codeSnippets(skill)) {
      const commands = findCommands(snippet.text);
      if (!commands.some((c) => c.mutating) || isForbiddenHere(skill, snippet)) continue;
      for (const command of commands) {
        if (!command.mutating) continue;
        const { line, column } = snippet.positionAt(command.index);
        if (approvalOf(cache, skill, projectConfig, { match: command, line, column })) continue;
        const through =
          command.via.length > 0
            ? ` (run through ${command.via.map((v) => `\`${v}\``).join(", ")})`
            : "";
        report({
          message: `\`${command.display}\`${through} changes live systems, and no approval step comes before it; under \`codex exec\` the model runs it unattended.`,
          line,
          column,
          endColumn: column + command.length,
          hint: 'Add a gate before it (a step such as "Stop and wait for the on-call engineer to approve the plan in #ops-changes"), a "Requires approval: <who>" line right above its code block, a PreToolUse hook in .codex/ that blocks it, or `<!-- ops-skill-disable-next-line ops/mutating-command -- <reason> -->`; or forbid it in "## Constraints" and keep the skill read-only.',
        });
      }
    }
  },
);
