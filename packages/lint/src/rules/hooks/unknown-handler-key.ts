import type { ParsedConfigFile } from "@ops-skill/codex/config";
import { GROUP_KEYS, HANDLER_KEYS, modelOf } from "@ops-skill/codex/config";
import { defineConfigRule } from "../../rule.js";

const SUGGESTIONS: Record<string, string> = {
  timeout_ms: "`timeout` (in seconds)",
  timeoutMs: "`timeout` (in seconds)",
  timeout_sec: "`timeout` (in seconds)",
  timeoutSec: "`timeout` (in seconds)",
  status_message: "`statusMessage`",
  cmd: "`command`",
  run: "`command`",
  tool_name: "`matcher` on the group",
  event: "the event name as the key above this group",
};

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "hooks/unknown-handler-key",
    description:
      "Codex silently ignores keys of a hook handler or matcher group it does not know (`timeout_ms`); the hook runs without them.",
    defaultSeverity: "warning",
  },
  ({ parsed, report }) => {
    const model = modelOf(parsed);
    if (!model) return;
    for (const group of model.hooks.groups) {
      if (!group.eventKnown) continue;
      for (const entry of group.table.entries) {
        if ((GROUP_KEYS as readonly string[]).includes(entry.key)) continue;
        const suggestion = SUGGESTIONS[entry.key];
        report({
          message:
            `Codex ignores \`${entry.key}\` in a ${group.event} matcher group (it reads only \`matcher\` and \`hooks\`).` +
            (suggestion ? ` Did you mean ${suggestion}?` : ""),
          ...model.at(entry.keySpan),
        });
      }
      for (const handler of group.handlers) {
        // Only command handlers: the keys of the other types are not measured.
        if (handler.type !== undefined && handler.type !== "command") continue;
        for (const entry of handler.table.entries) {
          if ((HANDLER_KEYS as readonly string[]).includes(entry.key)) continue;
          const suggestion = SUGGESTIONS[entry.key];
          report({
            message:
              `Codex ignores \`${entry.key}\` in a hook handler, even with \`--strict-config\`; the hook runs as if it were not there.` +
              (suggestion ? ` Did you mean ${suggestion}?` : ""),
            ...model.at(entry.keySpan),
            hint: `Handler keys: ${HANDLER_KEYS.join(", ")}.`,
          });
        }
      }
    }
  },
);
