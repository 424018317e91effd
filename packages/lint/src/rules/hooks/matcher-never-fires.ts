import { modelOf } from "@ops-skill/codex/config";
import type { LintedConfigFile } from "../../hook-scripts/config-model.js";
import { groupCanBlock } from "../../hook-scripts/handler-script.js";
import { defineConfigRule } from "../../rule.js";
import { matcherProblem } from "./_matcher.js";

export default defineConfigRule<LintedConfigFile>(
  {
    id: "hooks/matcher-never-fires",
    description:
      "A tool matcher that never matches the tool it is meant for (`bash` for the shell tool `Bash`) or any tool Codex calls, on a hook that cannot block anyway (PostToolUse, a logger): the hook never runs.",
    defaultSeverity: "warning",
    securitySeverity: 5.0,
  },
  ({ file, parsed, report, cache }) => {
    const model = modelOf(parsed);
    if (!model) return;
    for (const group of model.hooks.groups) {
      const problem = matcherProblem(group);
      if (!problem) continue;
      // A PreToolUse hook that can (or may) block is hooks/matcher-never-matches-bash's.
      if (group.event === "PreToolUse" && groupCanBlock(cache, file, parsed, group) !== "no")
        continue;
      report({
        message: `This ${group.event} matcher ${problem.why}, so the hook never fires${problem.kind === "misses-shell" ? " for shell commands" : ""}.`,
        ...model.at(problem.span),
        hint: problem.hint,
      });
    }
  },
);
