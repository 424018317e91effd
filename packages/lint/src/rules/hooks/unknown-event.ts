import type { ParsedConfigFile } from "@ops-skill/codex/config";
import { HOOK_EVENTS, modelOf, snakeEventName } from "@ops-skill/codex/config";
import { defineConfigRule } from "../../rule.js";

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "hooks/unknown-event",
    description:
      "Codex silently ignores hooks under an event name it does not know (`pre_tool_use`, `BeforeToolUse`), so they never fire.",
    defaultSeverity: "error",
  },
  ({ parsed, report }) => {
    const model = modelOf(parsed);
    if (!model) return;
    for (const event of model.hooks.events) {
      if ((HOOK_EVENTS as readonly string[]).includes(event.key)) continue;
      const normalized = event.key.replace(/[_\s-]/g, "").toLowerCase();
      const suggestion = HOOK_EVENTS.find(
        (known) =>
          known.toLowerCase() === normalized || snakeEventName(known) === event.key.toLowerCase(),
      );
      report({
        message:
          `Codex ignores hooks under \`${event.key}\` without a word, even with \`--strict-config\`: it is not a hook event, so these hooks never fire.` +
          (suggestion ? ` Did you mean \`${suggestion}\`?` : ""),
        ...model.at(event.keySpan),
        hint: `Events: ${HOOK_EVENTS.join(", ")}.`,
      });
    }
  },
);
