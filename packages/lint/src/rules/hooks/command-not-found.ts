import { relative } from "node:path";
import type { ParsedConfigFile } from "@ops-skill/codex/config";
import { entryOf, layerOf, modelOf } from "@ops-skill/codex/config";
import { commandBaseDir, fileState, targetOf } from "../../hook-scripts/command-target.js";
import { defineConfigRule } from "../../rule.js";

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "hooks/command-not-found",
    description:
      "A hook command whose file does not exist or is not executable: the hook fails and Codex lets every tool call through.",
    defaultSeverity: "error",
    securitySeverity: 7.0,
  },
  ({ file, parsed, report }) => {
    const model = modelOf(parsed);
    if (!model) return;
    const base = commandBaseDir(file);
    for (const group of model.hooks.groups) {
      if (!group.eventKnown) continue;
      for (const handler of group.handlers) {
        if (handler.type !== "command" || handler.command === undefined) continue;
        const target = targetOf(file, handler.command);
        if (target.kind !== "executable" && target.kind !== "script") continue;
        const state = fileState(target.path, target.kind === "executable");
        if (state === "ok") continue;
        const shown = relative(base, target.path) || target.path;
        const what =
          state === "missing"
            ? `\`${shown}\` does not exist`
            : state === "directory"
              ? `\`${shown}\` is a directory`
              : `\`${shown}\` is not executable (the shell answers \`Permission denied\`)`;
        const command = entryOf(handler.table, "command");
        const where =
          layerOf(file) === "project"
            ? "Codex runs hook commands from the repository root"
            : "resolved from the config's folder";
        report({
          message: `${what} (${where}): the hook fails on every call and Codex runs the tool call anyway.`,
          ...model.at((command ?? { value: handler.table }).value.span),
          hint:
            state === "not-executable"
              ? `chmod +x ${shown} (and commit the mode), or run it through its interpreter (\`bash ${shown}\`).`
              : "Codex runs hook commands in the session's working directory, normally the repository root.",
        });
      }
    }
  },
);
