import type { ParsedConfigFile } from "@ops-skill/codex/config";
import { hookShapeProblems } from "@ops-skill/codex/config";
import { codexIoError, isSpecialFile, problemClause } from "@ops-skill/core";
import { defineConfigRule } from "../../rule.js";

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "hooks/config-shape",
    description:
      "Hooks Codex cannot read: in `config.toml` Codex refuses to start, a broken `hooks.json` is skipped whole, and the hooks never run.",
    defaultSeverity: "error",
  },
  ({ file, parsed, report }) => {
    if (parsed.unread) {
      // Measured (conformance/config): a hooks.json that is no regular file is skipped with no
      // message at all; one Codex cannot read, with an error item.
      if (file.kind !== "hooks-json" || parsed.unread.kind === "too-large") return;
      const words = codexIoError(parsed.unread);
      report({
        message:
          isSpecialFile(parsed.unread.kind) || words === undefined
            ? `Codex skips this file without a word and none of its hooks run: it ${problemClause(parsed.unread)}, and Codex reads hooks.json only when it is a regular file.`
            : `Codex skips this file and none of its hooks run: it ${problemClause(parsed.unread)}, and Codex prints \`failed to read hooks config ${file.path}: ${words}\`.`,
        hint: "Make hooks.json a regular file Codex can read.",
      });
      return;
    }
    if (parsed.syntaxError) {
      if (file.kind !== "hooks-json") return;
      report({
        message: `Codex skips this file and none of its hooks run: it is not valid JSON (${parsed.syntaxError.message}); Codex prints \`failed to parse hooks config\`.`,
        line: parsed.syntaxError.line ?? 1,
        column: parsed.syntaxError.column ?? 1,
      });
      return;
    }
    const problems = hookShapeProblems(parsed);
    for (const problem of problems) {
      report({
        message:
          file.kind === "hooks-json"
            ? `Codex skips this file and none of its hooks run (\`failed to parse hooks config\`): ${problem.message}.`
            : `Codex refuses to start (\`Error loading config.toml: ... in \`hooks\`\`): ${problem.message}.`,
        ...parsed.at(problem.span),
        hint:
          file.kind === "hooks-json"
            ? 'Shape: {"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "...", "timeout": 30}]}]}}'
            : 'Shape: [[hooks.PreToolUse]] matcher = "Bash", then [[hooks.PreToolUse.hooks]] type = "command", command = "...", timeout = 30.',
      });
    }
  },
);
