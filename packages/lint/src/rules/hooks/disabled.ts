import type { ParsedConfigFile } from "@ops-skill/codex/config";
import { entryOf, hookState, hookStateKey, modelOf, tableOf } from "@ops-skill/codex/config";
import { defineConfigRule } from "../../rule.js";
import { CODEX_HOME_OPTIONS, codexHomeFrom, trustStoreOf } from "./_trust.js";

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "hooks/disabled",
    description:
      "Hooks that are switched off where they are defined (`[features] hooks = false`, or `enabled = false` in their `hooks.state` entry): Codex never runs them.",
    defaultSeverity: "error",
    securitySeverity: 6.0,
    options: CODEX_HOME_OPTIONS,
  },
  ({ file, parsed, report, options, cache }) => {
    const model = modelOf(parsed);
    if (!model || model.hooks.groups.length === 0) return;
    const feature = entryOf(tableOf(model.root, "features"), "hooks");
    if (feature?.value.kind === "boolean" && feature.value.value === false) {
      report({
        message:
          "`[features] hooks = false` turns hooks off without a word: none of the hooks in this file run.",
        ...model.at(feature.keySpan),
      });
      return;
    }
    const store = trustStoreOf(cache, codexHomeFrom(options, file), file, model.parseOther);
    for (const group of model.hooks.groups) {
      if (!group.eventKnown) continue;
      for (const handler of group.handlers) {
        const key = hookStateKey(file.path, group, handler);
        const enabled = entryOf(hookState(store, key), "enabled");
        if (enabled?.value.kind !== "boolean" || enabled.value.value !== false) continue;
        report({
          message: `\`enabled = false\` in [hooks.state.${JSON.stringify(key)}] (${store.path}) disables this hook, even with \`--dangerously-bypass-hook-trust\`.`,
          ...model.at(handler.table.span),
        });
      }
    }
  },
);
