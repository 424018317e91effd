/** Shared by the matcher rules: a tool matcher that never fires for what it is meant for. */

import type { Located } from "@ops-skill/codex/config";
import {
  compileRustRegex,
  type HookGroup,
  isExactMatcher,
  matcherReach,
  matchTool,
  SHELL_TOOL_NAME,
  TOOL_EVENTS,
} from "@ops-skill/codex/config";
import { PRE_TOOL_USE_TOOL_NAMES } from "@ops-skill/codex/hook-judge";
import { CODEX_VERSION } from "@ops-skill/codex/version";

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

export interface MatcherProblem {
  /** `misses-shell`: meant for the shell, never matches `Bash`; `never-fires`: matches no tool. */
  kind: "misses-shell" | "never-fires";
  /** Why, in a sentence that follows "This <event> matcher ". */
  why: string;
  hint: string;
  span: Located["span"];
}

/** The matcher problem of a tool event's group, if it has one. */
export function matcherProblem(group: HookGroup): MatcherProblem | undefined {
  if (!group.eventKnown || !TOOL_EVENTS.includes(group.event)) return undefined;
  if (group.matcher?.kind !== "string") return undefined;
  const matcher = group.matcher.value as string;
  const reach = matcherReach(matcher);
  if (reach.invalid !== undefined || reach.matchesShell) return undefined;
  if (meantForShell(matcher)) {
    const how = isExactMatcher(matcher)
      ? "a plain name or `A|B` list matches tool names exactly and case-sensitively"
      : "anything but a plain name is searched as a regular expression, case-sensitively";
    return {
      kind: "misses-shell",
      why: `never matches Codex's shell tool, which hooks see as \`Bash\` (${how})`,
      hint: 'Use `matcher = "Bash"` (or `"^Bash$"`).',
      span: group.matcher.span,
    };
  }
  if (reach.tools.length > 0 || reach.mayMatchMcp) return undefined;
  return {
    kind: "never-fires",
    why: `matches no tool \`codex exec\` calls (${PRE_TOOL_USE_TOOL_NAMES.filter(
      (n) => !n.startsWith("multi_agent_v1"),
    )
      .map((n) => `\`${n}\``)
      .join(
        ", ",
      )}, \`apply_patch\` also as \`Write\` and \`Edit\`, the multi-agent tools as \`multi_agent_v1<tool>\`, and MCP tools as \`mcp__<server>__<tool>\`)`,
    hint: `Codex ${CODEX_VERSION} has no Read, Grep, Glob or WebFetch tools; match \`Bash\` for shell commands, \`apply_patch\` (or \`Write|Edit\`) for file edits, \`mcp__<server>__<tool>\` for MCP tools.`,
    span: group.matcher.span,
  };
}

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
