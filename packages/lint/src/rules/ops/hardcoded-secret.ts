import { LineIndex } from "@ops-skill/core";
import { defineSkillRule } from "../../rule.js";
import { looksBinary } from "../quality/_skill-files.js";
import { findSecrets } from "./_secrets.js";

/** At most this many findings per file, so one dump of keys does not flood the report. */
const MAX_PER_FILE = 20;

export default defineSkillRule(
  {
    id: "ops/hardcoded-secret",
    description:
      "A credential (cloud key, GitHub, Slack or OpenAI token, private key, password) is written in a file of the skill.",
    defaultSeverity: "error",
  },
  ({ skill, report }) => {
    if (skill.readError !== undefined) return;
    const files: { path: string; rel: string; text: string; lines: LineIndex }[] = [];
    if (!looksBinary(skill.bytes))
      files.push({ path: skill.path, rel: "SKILL.md", text: skill.text, lines: skill.lines });
    for (const entry of skill.files) {
      if (entry.path === skill.path) continue;
      const text = skill.textOf(entry);
      if (text === undefined) continue;
      files.push({ path: entry.path, rel: entry.rel, text, lines: new LineIndex(text) });
    }
    for (const file of files) {
      for (const secret of findSecrets(file.text).slice(0, MAX_PER_FILE)) {
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
