import type { ParsedConfigFile } from "@ops-skill/codex/config";
import { layerOf, modelOf, PROJECT_IGNORED_KEYS } from "@ops-skill/codex/config";
import { CODEX_VERSION } from "@ops-skill/codex/version";
import { defineConfigRule } from "../../rule.js";

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "config/project-ignored-key",
    description:
      "Keys Codex ignores in a project's `.codex/config.toml` (`model_provider`, `profile`, ...): they only work in the user config.",
    defaultSeverity: "warning",
  },
  ({ file, parsed, report }) => {
    const model = modelOf(parsed);
    if (file.kind !== "config-toml" || !model?.root || layerOf(file) !== "project") return;
    for (const entry of model.root.entries) {
      if (!PROJECT_IGNORED_KEYS.includes(entry.key)) continue;
      report({
        message: `Codex ${CODEX_VERSION} ignores \`${entry.key}\` in a project config (\`Ignored unsupported project-local config keys in <file>: ${entry.key}\`); set it in $CODEX_HOME/config.toml instead.`,
        ...model.at(entry.keySpan),
      });
    }
  },
);
