import { LineIndex } from "@ops-skill/core";
import { findSecrets } from "@ops-skill/core/secrets";
import { defineConfigRule } from "../../rule.js";

/**
 * The formats and checks of `ops/hardcoded-secret`, on the Codex config and hooks files of the
 * repository: a token in a hook's command line, an MCP server's `env` or `http_headers`.
 */
export default defineConfigRule(
  {
    id: "config/hardcoded-secret",
    description:
      "A credential whose format can be checked is written in a Codex config or hooks file (a hook's command, an MCP server's `env` or headers).",
    defaultSeverity: "error",
    securitySeverity: 9.0,
    redactsRange: true,
  },
  ({ file, report }) => {
    const sure = findSecrets(file.text).filter((f) => f.confidence === "high");
    if (sure.length === 0) return;
    const lines = new LineIndex(file.text);
    for (const secret of sure) {
      const start = lines.positionAt(secret.index);
      const end = lines.positionAt(secret.index + secret.length);
      report({
        message: `${secret.kind.charAt(0).toUpperCase()}${secret.kind.slice(1)} (${secret.redacted}) is written in this Codex config at line ${start.line}; anyone who can read the repository can use it.`,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        hint: "Remove it, rotate it (it stays in the Git history), and pass it from the environment (`env_vars`, or a variable the hook's command reads).",
      });
    }
  },
);
