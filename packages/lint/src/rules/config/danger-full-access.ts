import type { ParsedConfigFile } from "@ops-skill/codex/config";
import { entryOf, type LocatedEntry, layerOf, modelOf, stringOf } from "@ops-skill/codex/config";
import { defineConfigRule } from "../../rule.js";

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "config/danger-full-access",
    description:
      '`sandbox_mode = "danger-full-access"` in a repository\'s config turns the sandbox off for everyone who runs Codex there.',
    defaultSeverity: "warning",
    securitySeverity: 7.5,
  },
  ({ file, parsed, report }) => {
    const model = modelOf(parsed);
    if (file.kind !== "config-toml" || !model?.root || layerOf(file) === "user") return;
    const entries: LocatedEntry[] = [];
    const top = entryOf(model.root, "sandbox_mode");
    if (top) entries.push(top);
    const profiles = entryOf(model.root, "profiles")?.value;
    if (profiles?.kind === "table" && layerOf(file) !== "project")
      for (const p of profiles.entries) {
        const inProfile = p.value.kind === "table" ? entryOf(p.value, "sandbox_mode") : undefined;
        if (inProfile) entries.push(inProfile);
      }
    for (const entry of entries) {
      if (stringOf(entry.value) !== "danger-full-access") continue;
      report({
        message:
          "This repository config turns Codex's sandbox off: commands run with full disk and network access for anyone who trusts this project.",
        ...model.at(entry.value.span),
        hint: 'Prefer "workspace-write" here, and pass `--sandbox danger-full-access` explicitly where a run needs it.',
      });
    }
  },
);
