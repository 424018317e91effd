import type { ParsedConfigFile } from "@ops-skill/codex/config";
import {
  entryOf,
  hookStateKey,
  hookTrustHash,
  isHookTrusted,
  isProjectTrusted,
  layerOf,
  modelOf,
  projectRootOf,
} from "@ops-skill/codex/config";
import { defineConfigRule } from "../../rule.js";
import { CODEX_HOME_OPTIONS, codexHomeFrom, trustStoreOf } from "./_trust.js";

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "hooks/untrusted",
    description:
      "A hook that `codex exec` skips without a word until it is trusted (and, for a project hook, until the project is trusted); prints the `trusted_hash` to paste.",
    defaultSeverity: "info",
    securitySeverity: 5.0,
    options: CODEX_HOME_OPTIONS,
  },
  ({ file, parsed, report, options, cache }) => {
    const model = modelOf(parsed);
    if (!model) return;
    const codexHome = codexHomeFrom(options, file);
    const store = trustStoreOf(cache, codexHome, file, model.parseOther);
    const project = layerOf(file) === "project";
    const projectRoot = projectRootOf(file);
    const projectTrusted = !project || isProjectTrusted(store, projectRoot);
    for (const group of model.hooks.groups) {
      if (!group.eventKnown) continue;
      for (const handler of group.handlers) {
        if (handler.type !== "command" || handler.command === undefined) continue;
        const key = hookStateKey(file.path, group, handler);
        const hash = hookTrustHash(group, handler);
        const hookTrusted = isHookTrusted(store, key, hash);
        if (hookTrusted && projectTrusted) continue;
        const steps: string[] = [];
        if (!hookTrusted)
          steps.push(`[hooks.state.${JSON.stringify(key)}] trusted_hash = ${JSON.stringify(hash)}`);
        if (!projectTrusted)
          steps.push(
            `[projects.${JSON.stringify(projectRoot)}] trust_level = "trusted" (or run \`codex exec --trust\` once)`,
          );
        const command = entryOf(handler.table, "command");
        report({
          message: `\`codex exec\` skips this ${group.event} hook without a word until ${
            hookTrusted
              ? "the project is trusted"
              : projectTrusted
                ? "it is trusted"
                : "it and the project are trusted"
          }. In ${store.path} add: ${steps.join("; and ")}. Editing the hook entry (even \`timeout\`) changes the hash.`,
          ...model.at((command ?? { value: handler.table }).value.span),
          hint: "`codex app-server`'s hooks/list reports the same hash as currentHash; `--dangerously-bypass-hook-trust` skips the check for one run.",
        });
      }
    }
  },
);
