import type { ParsedConfigFile } from "../../codex-config/load.js";
import { PROJECT_IGNORED_KEYS } from "../../codex-config/project-keys.generated.js";
import { defineConfigRule } from "../../rule.js";
import { CODEX_VERSION, layerOf, modelOf } from "./_config.js";

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
