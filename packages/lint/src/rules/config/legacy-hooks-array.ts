import type { ParsedConfigFile } from "@ops-skill/codex/config";
import { entryOf, modelOf } from "@ops-skill/codex/config";
import { defineConfigRule } from "../../rule.js";

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "config/legacy-hooks-array",
    description:
      "The legacy `[[hooks]]` array (`event`, `tool_name`, `timeout_ms`) makes Codex refuse the whole config.",
    defaultSeverity: "error",
  },
  ({ file, parsed, report }) => {
    const model = modelOf(parsed);
    if (file.kind !== "config-toml" || !model) return;
    const hooks = entryOf(model.root, "hooks");
    if (hooks?.value.kind !== "array") return;
    report({
      message:
        "Codex refuses to start: the legacy `[[hooks]]` array is not read any more (`Error loading config.toml: invalid type: sequence, expected struct HooksToml` in `hooks`).",
      ...model.at(
        hooks.value.kind === "array" && hooks.value.ofHeaders ? hooks.value.span : hooks.keySpan,
      ),
      hint: 'Write each hook as [[hooks.PreToolUse]] with matcher = "Bash", then [[hooks.PreToolUse.hooks]] with type = "command", command = "...", timeout = <seconds>.',
    });
  },
);
