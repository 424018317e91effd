import {
  compileRustRegex,
  isExactMatcher,
  matchTool,
  SHELL_TOOL_NAME,
  TOOL_EVENTS,
} from "../../codex-config/hooks.js";
import type { ParsedConfigFile } from "../../codex-config/load.js";
import { defineConfigRule } from "../../rule.js";
import { modelOf } from "../config/_config.js";

/** Names people give the shell tool (Codex's own `exec_command` included). */
const SHELL_NAMES = [
  "bash",
  "BASH",
  "shell",
  "Shell",
  "sh",
  "exec_command",
  "exec",
  "Exec",
  "local_shell",
  "unified_exec",
  "container.exec",
  "terminal",
  "Terminal",
  "run_command",
  "run_shell_command",
  "Command",
  "command",
];

export default defineConfigRule<ParsedConfigFile>(
  {
    id: "hooks/matcher-never-matches-bash",
    description:
      "A tool matcher meant for the shell that never matches `Bash`, the name Codex gives its shell tool (plain names match exactly and case-sensitively).",
    defaultSeverity: "warning",
  },
  ({ parsed, report }) => {
    const model = modelOf(parsed);
    if (!model) return;
    for (const group of model.hooks.groups) {
      if (!group.eventKnown || !TOOL_EVENTS.includes(group.event)) continue;
      if (group.matcher?.kind !== "string") continue;
      const matcher = group.matcher.value as string;
      const verdict = matchTool(matcher, SHELL_TOOL_NAME);
      if ("invalid" in verdict || verdict.matches) continue;
      if (!meantForShell(matcher)) continue;
      const how = isExactMatcher(matcher)
        ? "a plain name or `A|B` list matches tool names exactly and case-sensitively"
        : "anything but a plain name is searched as a regular expression, case-sensitively";
      report({
        message: `This ${group.event} matcher never matches Codex's shell tool, which hooks see as \`Bash\` (${how}), so the hook never fires for shell commands.`,
        ...model.at(group.matcher.span),
        hint: 'Use `matcher = "Bash"` (or `"^Bash$"`).',
      });
    }
  },
);

function meantForShell(matcher: string): boolean {
  const trimmed = matcher.trim();
  if (trimmed !== matcher) {
    const verdict = matchTool(trimmed, SHELL_TOOL_NAME);
    if ("matches" in verdict && verdict.matches) return true;
  }
  if (isExactMatcher(matcher)) {
    return matcher
      .split("|")
      .some(
        (name) =>
          SHELL_NAMES.includes(name) ||
          name.toLowerCase() === "bash" ||
          (name.length >= 2 && SHELL_TOOL_NAME.startsWith(name)),
      );
  }
  const compiled = compileRustRegex(matcher);
  if ("invalid" in compiled) return false;
  return SHELL_NAMES.some((name) => compiled.regex.test(name));
}
