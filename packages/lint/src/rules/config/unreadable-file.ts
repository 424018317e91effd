import type { ParsedConfigFile } from "@ops-skill/codex/config";
import { layerOf } from "@ops-skill/codex/config";
import { codexIoError, isSpecialFile, problemClause } from "@ops-skill/core";
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
    if (file.kind !== "config-toml" || !unread || unread.kind === "too-large") return;
    // Measured (conformance/config, `unreadable-*`): the file is checked before it is read.
    const why = isSpecialFile(unread.kind)
      ? `path \`${file.path}\` is not a file`
      : (codexIoError(unread) ?? unread.problem);
    const which = layerOf(file) === "project" ? "project config file" : "config file";
    report({
      message: `Codex refuses to start: this config ${problemClause(unread)}, and Codex exits 1 with \`Error loading config.toml: Failed to read ${which} ${file.path}: ${why}\`.`,
      hint: "Make it a regular file Codex can read, or remove it.",
    });
  },
);
