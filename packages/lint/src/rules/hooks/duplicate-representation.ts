import { basename, dirname, join } from "node:path";
import type { ParsedConfigFile } from "@ops-skill/codex/config";
import { modelOf } from "@ops-skill/codex/config";
import { readRegularText } from "@ops-skill/core";
import { defineConfigRule } from "../../rule.js";

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "hooks/duplicate-representation",
    description:
      "Hooks in both `hooks.json` and `config.toml` of one folder: Codex loads both and warns; keep one.",
    defaultSeverity: "warning",
  },
  ({ file, parsed, report }) => {
    // Reported once, on hooks.json, when the config.toml beside it also defines hooks.
    if (file.kind !== "hooks-json" || basename(file.path) !== "hooks.json") return;
    const model = modelOf(parsed);
    if (!model || model.hooks.groups.length === 0) return;
    const siblingPath = join(dirname(file.path), "config.toml");
    const read = readRegularText(siblingPath);
    if (!read.ok) return;
    const text = read.text;
    const sibling = modelOf(model.parseOther({ path: siblingPath, kind: "config-toml", text }));
    if (!sibling || sibling.hooks.groups.length === 0) return;
    const at = model.hooks.entry ? model.at(model.hooks.entry.keySpan) : { line: 1, column: 1 };
    report({
      message: `Hooks are defined here and in config.toml beside it; Codex runs both sets and prints \`loading hooks from both ${file.path} and ${siblingPath}; prefer a single representation for this layer\`.`,
      ...at,
      hint: "Move the hooks into one of the two files.",
    });
  },
);
