import { modelOf } from "@ops-skill/codex/config";
import type { LintedConfigFile } from "../../hook-scripts/config-model.js";
import { groupCanBlock } from "../../hook-scripts/handler-script.js";
import { defineConfigRule } from "../../rule.js";
import { matcherProblem } from "./_matcher.js";

export default defineConfigRule<LintedConfigFile>(
  {
    id: "hooks/matcher-never-matches-bash",
    description:
      "A PreToolUse hook that can block sits under a matcher that never matches the tool it is meant for (`bash`, `shell`, `exec_command` for the shell tool `Bash`) or any tool Codex calls: the guard never fires and the command runs.",
    defaultSeverity: "error",
    securitySeverity: 7.0,
  },
  ({ file, parsed, report, cache }) => {
    const model = modelOf(parsed);
    if (!model) return;
    for (const group of model.hooks.groups) {
      const problem = matcherProblem(group);
      if (!problem || group.event !== "PreToolUse") continue;
      const canBlock = groupCanBlock(cache, file, parsed, group);
      if (canBlock === "no") continue;
      const guard =
        canBlock === "yes" ? "its hook can block, but it never fires" : "its hook never fires";
      report({
        message: `This PreToolUse matcher ${problem.why}, so ${guard} and Codex runs ${problem.kind === "misses-shell" ? "every shell command" : "every tool call"} it means to stop.`,
        ...model.at(problem.span),
        hint: problem.hint,
      });
    }
  },
);
