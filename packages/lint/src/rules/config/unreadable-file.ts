import { configReadError, type ParsedConfigFile } from "@ops-skill/codex/config";
import { problemClause } from "@ops-skill/core";
import { defineConfigRule } from "../../rule.js";

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "config/unreadable-file",
    description:
      "Codex refuses to start when a config file it loads is not a regular file (a FIFO, a folder, a device) or cannot be read (permissions, a symbolic link loop).",
    defaultSeverity: "error",
  },
  ({ file, parsed, report }) => {
    const unread = parsed.unread;
    if (file.kind !== "config-toml" || !unread) return;
    const refusal = configReadError(file, unread);
    if (refusal === undefined) return;
    report({
      message: `Codex refuses to start: this config ${problemClause(unread)}, and Codex exits 1 with \`${refusal}\`.`,
      hint: "Make it a regular file Codex can read, or remove it.",
    });
  },
);
