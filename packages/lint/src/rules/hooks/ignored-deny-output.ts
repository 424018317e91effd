import { relative } from "node:path";
import { analyzeHookScript, scriptLanguage } from "../../codex-config/hook-script.js";
import type { ParsedConfigFile } from "../../codex-config/load.js";
import { entryOf } from "../../codex-config/tree.js";
import { defineConfigRule } from "../../rule.js";
import { modelOf } from "../config/_config.js";
import { commandBaseDir, readScript, targetOf } from "./_command.js";

/** Events where a hook's output decides whether the action happens. */
const DECIDING_EVENTS = ["PreToolUse", "PermissionRequest"];

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "hooks/ignored-deny-output",
    description:
      'A PreToolUse hook that tries to block in a way Codex ignores (`{"decision":"deny"}`, exit 1, the reason on stdout, no reason): the command runs.',
    defaultSeverity: "error",
  },
  ({ file, parsed, report }) => {
    const model = modelOf(parsed);
    if (!model) return;
    const base = commandBaseDir(file);
    for (const group of model.hooks.groups) {
      if (!group.eventKnown || !DECIDING_EVENTS.includes(group.event)) continue;
      for (const handler of group.handlers) {
        if (handler.type !== "command" || handler.command === undefined) continue;
        const target = targetOf(file, handler.command);
        let text: string | undefined;
        let where: string;
        let language: ReturnType<typeof scriptLanguage>;
        if (target.kind === "executable" || target.kind === "script") {
          if (relative(base, target.path).startsWith("..")) continue;
          text = readScript(target.path);
          where = relative(base, target.path);
          language = scriptLanguage(target.path, text ?? "");
          if (target.kind === "script" && /^(python|node|deno|bun)/.test(target.interpreter))
            language = target.interpreter.startsWith("python") ? "python" : "javascript";
        } else if (target.kind === "inline" && !target.program?.match(/^(python|node)/)) {
          text = handler.command;
          where = "the command";
          language = "shell";
        } else continue;
        if (text === undefined) continue;
        const analysis = analyzeHookScript(text, language);
        const command = entryOf(handler.table, "command");
        for (const finding of analysis.findings) {
          const at = where === "the command" ? where : `${where}:${finding.line}`;
          report({
            message: `Codex ignores this; the command runs: ${at}: ${finding.message}.`,
            ...model.at((command ?? { value: handler.table }).value.span),
            hint: 'To block, exit 2 with the reason on stderr, or print {"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"..."}} and exit 0.',
          });
        }
      }
    }
  },
);
