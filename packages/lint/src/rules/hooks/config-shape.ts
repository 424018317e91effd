import { hookShapeProblems } from "../../codex-config/hooks.js";
import type { ParsedConfigFile } from "../../codex-config/load.js";
import { defineConfigRule } from "../../rule.js";

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "hooks/config-shape",
    description:
      "Hooks Codex cannot read: in `config.toml` Codex refuses to start, a broken `hooks.json` is skipped whole, and the hooks never run.",
    defaultSeverity: "error",
  },
  ({ file, parsed, report }) => {
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
