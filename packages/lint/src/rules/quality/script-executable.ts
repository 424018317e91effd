import { statSync } from "node:fs";
import { basename, extname } from "node:path";
import { defineSkillRule } from "../../rule.js";
import { filesUnder, looksBinary, readHead } from "../../rule-support/skill-files.js";

const SCRIPT_EXTENSIONS = new Set([".sh", ".bash", ".zsh", ".py", ""]);
const NOT_SCRIPTS = /^(readme|license|licence|notice|changelog|makefile|dockerfile)$/i;

export default defineSkillRule(
  {
    id: "quality/script-executable",
    description:
      "A shell or Python script under `scripts/` needs a shebang line and the executable bit to run as `scripts/<name>`.",
    defaultSeverity: "warning",
  },
  ({ skill, report }) => {
    if (skill.readError !== undefined) return;
    for (const entry of filesUnder(skill, "scripts")) {
      const name = basename(entry.path);
      if (name.startsWith(".") || NOT_SCRIPTS.test(name)) continue;
      const extension = extname(name).toLowerCase();
      if (!SCRIPT_EXTENSIONS.has(extension)) continue;
      // The walk's lstat answers for a regular file; a link needs what it points to.
      let mode = entry.mode;
      if (entry.kind === "symlink") {
        try {
          const info = statSync(entry.path);
          if (!info.isFile()) continue;
          mode = info.mode;
        } catch {
          continue; // a dangling link: quality/path-outside-skill or the file system will say
        }
      }
      // Other rules have read most scripts already; only binary, huge or linked ones need a read.
      const text = entry.kind === "file" ? skill.textOf(entry) : undefined;
      const head = text === undefined ? readHead(entry.path, 512) : undefined;
      if (text === undefined && !head) continue;
      if ((text ?? head)?.length === 0) continue;
      const binary = head !== undefined && looksBinary(head);
      const shebang =
        text !== undefined ? text.startsWith("#!") : head?.[0] === 0x23 && head[1] === 0x21;
      const interpreter =
        extension === ".py" ? "python3" : extension === "" ? "bash" : extension.slice(1);
      if (!binary && !shebang) {
        report({
          file: entry.path,
          message: `${entry.rel} has no shebang line, so running it as \`${entry.rel}\` leaves the interpreter to whatever shell starts it.`,
          line: 1,
          column: 1,
          hint: `Start the file with \`#!/usr/bin/env ${interpreter}\`.`,
        });
      }
      if ((mode & 0o111) === 0) {
        report({
          file: entry.path,
          message: `${entry.rel} is not executable (mode ${(mode & 0o777).toString(8)}), so running it as \`${entry.rel}\` fails with "Permission denied".`,
          line: 1,
          column: 1,
          hint: `Run \`chmod +x ${entry.rel}\` and commit the mode (\`git add --chmod=+x ${entry.rel}\`).`,
        });
      }
    }
  },
);
