import type { ParsedConfigFile } from "@ops-skill/codex/config";
import { entryOf, layerOf, modelOf } from "@ops-skill/codex/config";
import { defineConfigRule } from "../../rule.js";

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "config/legacy-profiles-table",
    description:
      "A `[profiles.NAME]` table is inert, and with `--profile NAME` Codex refuses to start.",
    defaultSeverity: "warning",
  },
  ({ file, parsed, report }) => {
    const model = modelOf(parsed);
    // A project config's `profiles` is ignored outright (config/project-ignored-key).
    if (file.kind !== "config-toml" || !model || layerOf(file) === "project") return;
    const profiles = entryOf(model.root, "profiles");
    if (profiles?.value.kind !== "table") return;
    for (const profile of profiles.value.entries) {
      report({
        message: `\`[profiles.${profile.key}]\` does nothing on its own, and \`--profile ${profile.key}\` makes Codex refuse to start (\`--profile \`${profile.key}\` cannot be used while <file> contains legacy ... \`[profiles.${profile.key}]\` config\`).`,
        ...model.at(profile.keySpan),
        hint: `Move these settings to top-level keys of $CODEX_HOME/${profile.key}.config.toml.`,
      });
    }
  },
);
