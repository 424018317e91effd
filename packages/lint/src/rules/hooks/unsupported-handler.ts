import type { ParsedConfigFile } from "@ops-skill/codex/config";
import { entryOf, modelOf } from "@ops-skill/codex/config";
import { defineConfigRule } from "../../rule.js";

/** Events whose hook decides whether something happens. */
const BLOCKING_EVENTS = ["PreToolUse", "PermissionRequest"];

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "hooks/unsupported-handler",
    description:
      "Hook handlers Codex does not run as a guardrail: `prompt` and `agent` handlers are skipped, and an `async` PreToolUse hook cannot block.",
    defaultSeverity: "error",
    securitySeverity: 6.0,
  },
  ({ parsed, report }) => {
    const model = modelOf(parsed);
    if (!model) return;
    for (const group of model.hooks.groups) {
      if (!group.eventKnown) continue;
      for (const handler of group.handlers) {
        const type = entryOf(handler.table, "type");
        if (type && (handler.type === "prompt" || handler.type === "agent")) {
          report({
            message: `Codex skips this hook (\`skipping ${handler.type} hook in <file>: ${handler.type} hooks are not supported yet\`); only \`type = "command"\` runs.`,
            ...model.at(type.value.span),
          });
        }
        const async = entryOf(handler.table, "async");
        if (async && handler.async === true && BLOCKING_EVENTS.includes(group.event)) {
          report({
            message: `An \`async\` ${group.event} hook runs in the background and cannot block: Codex runs the command without waiting for it.`,
            ...model.at(async.keySpan),
            hint: "Remove `async = true` so Codex waits for the hook's decision.",
          });
        }
      }
    }
  },
);
