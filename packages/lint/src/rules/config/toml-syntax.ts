import type { ParsedConfigFile } from "@ops-skill/codex/config";
import { defineConfigRule } from "../../rule.js";

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "config/toml-syntax",
    description: "Codex refuses to start when a config file is not valid TOML.",
    defaultSeverity: "error",
  },
  ({ file, parsed, report }) => {
    if (file.kind !== "config-toml" || !parsed.syntaxError || parsed.unread) return;
    const { message, line, column } = parsed.syntaxError;
    report({
      message: `Codex refuses to start: this config is not valid TOML (${message}).`,
      line: line ?? 1,
      column: column ?? 1,
      hint: "Codex reads TOML 1.1; fix the syntax at this position.",
    });
  },
);
