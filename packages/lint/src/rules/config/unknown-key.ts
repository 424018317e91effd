import type { ParsedConfigFile } from "@ops-skill/codex/config";
import {
  findUnknownKeys,
  KNOWN_KEYS_CODEX_VERSION,
  modelOf,
  suggestKey,
} from "@ops-skill/codex/config";
import { defineConfigRule } from "../../rule.js";

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "config/unknown-key",
    description: "Codex ignores config keys it does not know; `--strict-config` makes them fatal.",
    defaultSeverity: "warning",
  },
  ({ file, parsed, report }) => {
    const model = modelOf(parsed);
    if (file.kind !== "config-toml" || !model?.root) return;
    for (const unknown of findUnknownKeys(model.root)) {
      // Tables that refuse unknown keys outright are config/invalid-value's (an error).
      if (unknown.fatal) continue;
      const suggestion = suggestKey(unknown.entry.key, unknown.siblings);
      report({
        message:
          `Codex ${KNOWN_KEYS_CODEX_VERSION} does not know \`${unknown.path}\` and ignores it; ` +
          `with \`--strict-config\` it refuses to start (\`unknown configuration field\`).` +
          (suggestion ? ` Did you mean \`${suggestion}\`?` : ""),
        ...model.at(unknown.entry.keySpan),
        hint: "Remove the key, or fix its name; `codex exec --strict-config` checks a config the same way.",
      });
    }
  },
);
