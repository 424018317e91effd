import type { ParsedConfigFile } from "@ops-skill/codex/config";
import { DEFAULT_MAX_FILE_BYTES, formatBytes, problemClause } from "@ops-skill/core";
import { defineConfigRule } from "../../rule.js";

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "config/not-checked",
    description: `A config or hooks file larger than ops-skill reads (${formatBytes(DEFAULT_MAX_FILE_BYTES)}): nothing in it is checked.`,
    defaultSeverity: "warning",
  },
  ({ parsed, report }) => {
    const unread = parsed.unread;
    if (unread?.kind !== "too-large") return;
    const size = unread.size === undefined ? "" : ` (${unread.size} bytes)`;
    report({
      message: `Not checked: this file ${problemClause(unread)}${size}, more than ops-skill reads; no rule looked at it, so whether Codex accepts it is not known.`,
      hint: "A Codex config is a few kilobytes: look for something pasted into it by mistake.",
    });
  },
);
