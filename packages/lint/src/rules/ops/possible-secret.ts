import { defineSkillRule } from "../../rule.js";
import { secretsOfSkill } from "./_secrets.js";

export default defineSkillRule(
  {
    id: "ops/possible-secret",
    description:
      'A value that may be a credential (`password: "..."` with a literal, a token whose check digits or companion secret are missing) is written in a file of the skill.',
    defaultSeverity: "warning",
    securitySeverity: 5.0,
    redactsRange: true,
  },
  ({ skill, report }) => {
    for (const file of secretsOfSkill(skill)) {
      const maybe = file.findings.filter((f) => f.confidence === "possible");
      // Every one is reported, so every one is masked; the engine lists the first few of a file.
      for (const secret of maybe) {
        const start = file.lines.positionAt(secret.index);
        const end = file.lines.positionAt(secret.index + secret.length);
        report({
          ...(file.path === skill.path ? {} : { file: file.path }),
          message: `${capitalize(secret.kind)} (${secret.redacted}) is written in ${file.rel} at line ${start.line}; ${secret.why ?? "it may be a real credential"}. If it is real, anyone who can read the skill can use it.`,
          line: start.line,
          column: start.column,
          endLine: end.line,
          endColumn: end.column,
          hint: "If it is real, remove it, rotate it and read it at run time from the environment or a secret store; if it is an example, write it as one (`<password>`, `$DB_PASSWORD`, `changeme`).",
        });
      }
    }
  },
);

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
