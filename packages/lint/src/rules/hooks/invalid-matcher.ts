import type { ParsedConfigFile } from "@ops-skill/codex/config";
import { isExactMatcher, matchTool, modelOf } from "@ops-skill/codex/config";
import { defineConfigRule } from "../../rule.js";

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "hooks/invalid-matcher",
    description:
      "Codex skips a matcher group whose matcher is not a valid regular expression (Rust `regex` syntax), so its hooks never fire.",
    defaultSeverity: "error",
  },
  ({ file, parsed, report }) => {
    const model = modelOf(parsed);
    if (!model) return;
    for (const group of model.hooks.groups) {
      if (!group.eventKnown || group.matcher?.kind !== "string") continue;
      const matcher = group.matcher.value as string;
      if (isExactMatcher(matcher)) continue;
      const verdict = matchTool(matcher, "Bash");
      if (!("invalid" in verdict)) continue;
      report({
        message: `Codex skips this matcher group and its hooks never fire: \`invalid matcher ${JSON.stringify(matcher)} in ${file.path}: regex parse error\` (${verdict.invalid}).`,
        ...model.at(group.matcher.span),
        hint: "Codex uses Rust regex syntax: no look-around, no backreferences. For the shell tool, `Bash` is enough.",
      });
    }
  },
);
