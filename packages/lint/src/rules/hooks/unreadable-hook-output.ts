import { entryOf, modelOf } from "@ops-skill/codex/config";
import type { LintedConfigFile } from "../../hook-scripts/config-model.js";
import { hookScriptOf } from "../../hook-scripts/handler-script.js";
import { defineConfigRule } from "../../rule.js";

export default defineConfigRule<LintedConfigFile>(
  {
    id: "hooks/unreadable-hook-output",
    description:
      "A PreToolUse hook whose output the linter cannot read (built at run time, `jq` with variables, a compiled program, an unknown interpreter): whether Codex honours its deny is not checked.",
    defaultSeverity: "info",
  },
  ({ file, parsed, report, cache }) => {
    const model = modelOf(parsed);
    if (!model) return;
    for (const group of model.hooks.groups) {
      if (!group.eventKnown || group.event !== "PreToolUse") continue;
      for (const handler of group.handlers) {
        if (handler.async === true) continue;
        const script = hookScriptOf(cache, file, parsed, handler);
        // A missing script or a directory is hooks/command-not-found's.
        if (script?.canBlock !== "unknown" || script.missing) continue;
        const reading = script.reading;
        const first = reading?.unreadable[0];
        const dynamicLine = script.judged.find((j) => j.outcome.dynamic)?.outcome;
        const why =
          script.cannotRead ??
          (first
            ? `${first.reason} (line ${first.line})`
            : dynamicLine
              ? `its output is built at run time (line ${dynamicLine.stdoutLines.at(-1) ?? dynamicLine.stderrLines.at(-1) ?? dynamicLine.line})`
              : reading?.truncated
                ? "it has more ways through it than the linter follows"
                : "the linter found nothing it prints");
        const at = script.where === "the command" ? "this hook" : `\`${script.where}\``;
        const command = entryOf(handler.table, "command");
        report({
          message: `The linter cannot tell whether ${at} can block: ${why}. Whether Codex honours its deny is not checked.`,
          ...model.at((command ?? { value: handler.table }).value.span),
          hint: 'Codex blocks on exit 2 with a reason on stderr, or on the deny JSON printed on stdout with exit 0; check the hook with a sample input (`echo \'{"tool_name":"Bash","tool_input":{"command":"rm -rf /"}}\' | <command>; echo $?`).',
        });
      }
    }
  },
);
