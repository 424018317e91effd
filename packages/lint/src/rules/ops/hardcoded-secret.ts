import { defineSkillRule } from "../../rule.js";
import { secretsOfSkill } from "./_secrets.js";

export default defineSkillRule(
  {
    id: "ops/hardcoded-secret",
    description:
      "A credential whose format can be checked (a cloud, Git host, chat, payment or model provider key, a private key, a password in a URL) is written in a file of the skill.",
    defaultSeverity: "error",
    securitySeverity: 9.0,
    redactsRange: true,
  },
  ({ skill, report }) => {
    for (const file of secretsOfSkill(skill)) {
      const sure = file.findings.filter((f) => f.confidence === "high");
      // Every one is reported, so every one is masked; the engine lists the first few of a file.
      for (const secret of sure) {
        const start = file.lines.positionAt(secret.index);
        const end = file.lines.positionAt(secret.index + secret.length);
        report({
          ...(file.path === skill.path ? {} : { file: file.path }),
          message: `${capitalize(secret.kind)} (${secret.redacted}) is written in ${file.rel} at line ${start.line}; anyone who can read the skill can use it, and Codex sends the text it reads to the model.`,
          line: start.line,
          column: start.column,
          endLine: end.line,
          endColumn: end.column,
          hint: "Remove it, rotate it (it stays in the Git history), and read it at run time from the environment or a secret store.",
        });
      }
    }
  },
);

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
