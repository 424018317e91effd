import type { ParsedConfigFile } from "@ops-skill/codex/config";
import { entryOf, layerOf, modelOf, stringOf } from "@ops-skill/codex/config";
import { defineConfigRule } from "../../rule.js";

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "config/legacy-profile",
    description: 'A top-level `profile = "NAME"` makes Codex refuse to start.',
    defaultSeverity: "error",
  },
  ({ file, parsed, report }) => {
    const model = modelOf(parsed);
    // In a project's .codex/config.toml, Codex ignores `profile` instead (config/project-ignored-key).
    if (file.kind !== "config-toml" || !model || layerOf(file) === "project") return;
    const profile = entryOf(model.root, "profile");
    if (!profile) return;
    const name = stringOf(profile.value) ?? "NAME";
    report({
      message: `Codex refuses to start: \`legacy \`profile = ${JSON.stringify(name)}\` config is no longer supported; use \`--profile ${name}\` with \`${name}.config.toml\` instead\`.`,
      ...model.at(profile.keySpan),
      hint: `Move the profile's settings to $CODEX_HOME/${name}.config.toml (top-level keys) and run \`codex exec --profile ${name}\`.`,
    });
  },
);
