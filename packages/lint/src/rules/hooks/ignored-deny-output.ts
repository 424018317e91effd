import { entryOf, modelOf } from "@ops-skill/codex/config";
import type { LintedConfigFile } from "../../hook-scripts/config-model.js";
import { hookScriptOf, ignoredDenies } from "../../hook-scripts/handler-script.js";
import { defineConfigRule } from "../../rule.js";

export default defineConfigRule<LintedConfigFile>(
  {
    id: "hooks/ignored-deny-output",
    description:
      'A PreToolUse hook whose way of denying Codex ignores (`{"decision":"deny"}`, JSON on stderr, an unknown key, invalid JSON, `continue:false`, exit 1, no reason, killed at its timeout): the command runs.',
    defaultSeverity: "error",
    securitySeverity: 7.0,
  },
  ({ file, parsed, report, cache }) => {
    const model = modelOf(parsed);
    if (!model) return;
    for (const group of model.hooks.groups) {
      if (!group.eventKnown || group.event !== "PreToolUse") continue;
      for (const handler of group.handlers) {
        if (handler.async === true) continue;
        const script = hookScriptOf(cache, file, parsed, handler);
        if (!script) continue;
        const command = entryOf(handler.table, "command");
        const seen = new Set<string>();
        for (const { judged, detail, kind } of ignoredDenies(script)) {
          const outcome = judged.outcome;
          const contentKind = !/^(exit-|timeout|signal)/.test(kind);
          const lines = kind === "json-on-stderr" ? outcome.stderrLines : outcome.stdoutLines;
          const line = contentKind && lines.length > 0 ? (lines.at(-1) as number) : outcome.line;
          const at = script.where === "the command" ? script.where : `${script.where}:${line}`;
          const message = `Codex ignores this; the command runs: ${at}: ${detail}.`;
          if (seen.has(message)) continue;
          seen.add(message);
          report({
            message,
            ...model.at((command ?? { value: handler.table }).value.span),
            hint: 'To block, exit 2 with the reason on stderr, or print {"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"..."}} on stdout and exit 0.',
          });
        }
      }
    }
  },
);
