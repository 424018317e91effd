/**
 * The hooks of a Codex config file as Codex 0.169.0 reads them: `[[hooks.<Event>]]` matcher
 * groups with `[[hooks.<Event>.hooks]]` handlers in `config.toml`, or the same under a top-level
 * `"hooks"` key in `hooks.json`. Also what Codex does with them: the shape its deserializer
 * accepts, how a matcher is matched against a tool name, and the trust hash (reference §5).
 */
import { createRequire } from "node:module";
import {
  MCP_TOOL_PREFIX,
  PRE_TOOL_USE_MATCHER_ALIASES,
  PRE_TOOL_USE_TOOL_NAMES,
} from "@ops-skill/codex/hook-judge";
import type { ConfigFile } from "./load.js";
import {
  describeKind,
  entryOf,
  type Located,
  type LocatedEntry,
  type LocatedTable,
  type Span,
  stringOf,
} from "./tree.js";

/** Hook events Codex 0.169.0 knows (the fields of its `HooksToml`, read from the binary). */
export const HOOK_EVENTS = [
  "PreModelRequest",
  "PostModelRequest",
  "PreToolUse",
  "PermissionRequest",
  "PostToolUse",
  "PreCompact",
  "PostCompact",
  "SessionStart",
  "SessionEnd",
  "UserPromptSubmit",
  "SubagentStart",
  "SubagentStop",
  "Stop",
  "Interrupt",
] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

/** Keys under `hooks` that are not events. */
export const HOOKS_TABLE_KEYS = ["state"] as const;

/** Events whose matcher is matched against a tool name. */
export const TOOL_EVENTS: readonly string[] = ["PreToolUse", "PostToolUse", "PermissionRequest"];

/** The tool name Codex gives its shell tool (`exec_command`) in hook input and matching. */
export const SHELL_TOOL_NAME = "Bash";

/** Handler keys Codex reads (command handlers); any other key is ignored silently. */
export const HANDLER_KEYS = ["type", "command", "timeout", "async", "statusMessage"] as const;
/** Matcher group keys Codex reads. */
export const GROUP_KEYS = ["matcher", "hooks"] as const;
/** Handler types Codex accepts (`unknown variant ..., expected one of `command`, `mcp_tool`, `prompt`, `agent``); `prompt` and `agent` are skipped with a warning. */
export const HANDLER_TYPES = ["command", "mcp_tool", "prompt", "agent"] as const;
/** Top-level keys of `hooks.json`; any other makes Codex skip the file. */
export const HOOKS_JSON_KEYS = ["description", "hooks"] as const;
/** Timeout Codex uses (and hashes) when a handler sets none, in seconds. */
export const DEFAULT_HOOK_TIMEOUT_SEC = 600;

export interface HookHandler {
  index: number;
  table: LocatedTable;
  type: string | undefined;
  command: string | undefined;
  timeout: number | undefined;
  async: boolean | undefined;
  statusMessage: string | undefined;
}

export interface HookGroup {
  /** The event key as written. */
  event: string;
  eventKeySpan: Span;
  eventKnown: boolean;
  index: number;
  table: LocatedTable;
  matcher: Located | undefined;
  matcherEntry: LocatedEntry | undefined;
  handlers: HookHandler[];
}

export interface HooksModel {
  format: ConfigFile["kind"];
  /** The `hooks` key: a table in the current form, an array in the legacy `[[hooks]]` form. */
  entry: LocatedEntry | undefined;
  /** The `hooks` table, when it is one. */
  table: LocatedTable | undefined;
  /** Keys under `hooks` other than `state`. */
  events: LocatedEntry[];
  /** Every matcher group that is a table, of known and unknown events alike. */
  groups: HookGroup[];
}

export function hooksModel(
  format: ConfigFile["kind"],
  root: LocatedTable | undefined,
  _file: ConfigFile,
): HooksModel {
  const entry = entryOf(root, "hooks");
  const table = entry?.value.kind === "table" ? entry.value : undefined;
  const events = (table?.entries ?? []).filter(
    (e) => !(HOOKS_TABLE_KEYS as readonly string[]).includes(e.key),
  );
  const groups: HookGroup[] = [];
  for (const event of events) {
    if (event.value.kind !== "array") continue;
    event.value.items.forEach((item, index) => {
      if (item.kind !== "table") return;
      const matcherEntry = entryOf(item, "matcher");
      const hooks = entryOf(item, "hooks")?.value;
      const handlers: HookHandler[] = [];
      if (hooks?.kind === "array") {
        hooks.items.forEach((handler, handlerIndex) => {
          if (handler.kind !== "table") return;
          const field = (name: string) => entryOf(handler, name)?.value;
          const timeout = field("timeout");
          const async = field("async");
          handlers.push({
            index: handlerIndex,
            table: handler,
            type: stringOf(field("type")),
            command: stringOf(field("command")),
            timeout: timeout?.kind === "integer" ? (timeout.value as number) : undefined,
            async: async?.kind === "boolean" ? (async.value as boolean) : undefined,
            statusMessage: stringOf(field("statusMessage")),
          });
        });
      }
      groups.push({
        event: event.key,
        eventKeySpan: event.keySpan,
        eventKnown: (HOOK_EVENTS as readonly string[]).includes(event.key),
        index,
        table: item,
        matcher: matcherEntry?.value,
        matcherEntry,
        handlers,
      });
    });
  }
  return { format, entry, table, events, groups };
}

// ------------------------------------------------------------------------------------------
// Shape: what Codex's deserializer refuses

export interface ShapeProblem {
  message: string;
  span: Span;
}

/**
 * Where the hooks of a file do not have the shape Codex deserializes. In `config.toml` any of
 * these fails the whole config (exit 1); in `hooks.json` Codex skips the file with an error item.
 * Unknown events and unknown keys are not shape problems: Codex ignores them.
 */
export function hookShapeProblems(model: {
  kind: ConfigFile["kind"];
  top: Located | undefined;
  hooks: HooksModel;
}): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  const { hooks } = model;
  if (model.kind === "hooks-json") {
    const top = model.top;
    if (!top) return problems;
    if (top.kind !== "table") {
      problems.push({ message: `the file is ${describeKind(top)}, not an object`, span: top.span });
      return problems;
    }
    for (const entry of top.entries) {
      if (!(HOOKS_JSON_KEYS as readonly string[]).includes(entry.key))
        problems.push({
          message: `unknown top-level key \`${entry.key}\`; Codex allows only \`description\` and \`hooks\``,
          span: entry.keySpan,
        });
    }
    const description = entryOf(top, "description");
    if (description && description.value.kind !== "string")
      problems.push(typeProblem("description", description.value, "a string"));
  }
  const entry = hooks.entry;
  if (!entry) return problems;
  if (entry.value.kind !== "table") {
    // The legacy `[[hooks]]` array has a rule of its own in config.toml.
    if (model.kind === "hooks-json" || entry.value.kind !== "array")
      problems.push(typeProblem("hooks", entry.value, "a table of events"));
    return problems;
  }
  for (const event of hooks.events) {
    if (!(HOOK_EVENTS as readonly string[]).includes(event.key)) continue;
    if (event.value.kind !== "array") {
      problems.push(typeProblem(event.key, event.value, "an array of matcher groups"));
      continue;
    }
    for (const item of event.value.items) {
      if (item.kind !== "table") {
        problems.push(typeProblem(`a ${event.key} entry`, item, "a matcher group table"));
      }
    }
  }
  for (const group of hooks.groups) {
    if (!group.eventKnown) continue;
    const matcher = group.matcher;
    if (matcher && matcher.kind !== "string" && matcher.kind !== "null")
      problems.push(typeProblem("matcher", matcher, "a string"));
    const handlers = entryOf(group.table, "hooks")?.value;
    if (handlers && handlers.kind !== "array") {
      problems.push(typeProblem("hooks", handlers, "an array of handlers"));
      continue;
    }
    for (const item of handlers?.kind === "array" ? handlers.items : []) {
      if (item.kind !== "table") {
        problems.push(typeProblem("a handler", item, "a table"));
        continue;
      }
      problems.push(...handlerProblems(item));
    }
  }
  const state = entryOf(hooks.table, "state");
  if (state && state.value.kind !== "table")
    problems.push(typeProblem("state", state.value, "a table"));
  return problems;
}

function handlerProblems(handler: LocatedTable): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  const type = entryOf(handler, "type");
  if (!type) {
    problems.push({ message: "missing field `type`", span: handler.span });
    return problems;
  }
  if (type.value.kind !== "string") {
    problems.push(typeProblem("type", type.value, "a string"));
    return problems;
  }
  const typeName = type.value.value as string;
  if (!(HANDLER_TYPES as readonly string[]).includes(typeName)) {
    problems.push({
      message: `unknown variant \`${typeName}\`, expected one of ${HANDLER_TYPES.map((t) => `\`${t}\``).join(", ")}`,
      span: type.value.span,
    });
    return problems;
  }
  if (typeName !== "command") return problems;
  const command = entryOf(handler, "command");
  if (!command) problems.push({ message: "missing field `command`", span: handler.span });
  else if (command.value.kind !== "string")
    problems.push(typeProblem("command", command.value, "a string"));
  const timeout = entryOf(handler, "timeout");
  if (
    timeout &&
    timeout.value.kind !== "null" &&
    !(timeout.value.kind === "integer" && (timeout.value.value as number) >= 0)
  )
    problems.push(typeProblem("timeout", timeout.value, "a whole number of seconds (u64)"));
  const async = entryOf(handler, "async");
  if (async && async.value.kind !== "boolean" && async.value.kind !== "null")
    problems.push(typeProblem("async", async.value, "a boolean"));
  const status = entryOf(handler, "statusMessage");
  if (status && status.value.kind !== "string" && status.value.kind !== "null")
    problems.push(typeProblem("statusMessage", status.value, "a string"));
  return problems;
}

function typeProblem(what: string, value: Located, expected: string): ShapeProblem {
  const shown =
    value.kind === "string"
      ? `${describeKind(value)} ${JSON.stringify(value.value)}`
      : describeKind(value);
  return { message: `\`${what}\` is ${shown}, expected ${expected}`, span: value.span };
}

// ------------------------------------------------------------------------------------------
// Matchers

export type MatcherVerdict = { matches: boolean } | { invalid: string };

/**
 * How Codex matches a group's matcher against a tool name: omitted, `""` and `*` match every
 * tool; a plain name or `A|B` list of names matches exactly and case-sensitively; anything
 * else is an unanchored search with Rust's `regex` syntax.
 */
export function matchTool(matcher: string | undefined, tool: string): MatcherVerdict {
  if (matcher === undefined || matcher === "" || matcher === "*") return { matches: true };
  if (/^[A-Za-z0-9_|]+$/.test(matcher)) return { matches: matcher.split("|").includes(tool) };
  const compiled = compileRustRegex(matcher);
  if ("invalid" in compiled) return compiled;
  return { matches: compiled.regex.test(tool) };
}

export interface MatcherReach {
  /** It matches `Bash`, the shell tool. */
  matchesShell: boolean;
  /** The tools of `codex exec` 0.169.0 it matches (by name or alias). */
  tools: string[];
  /** It may match an MCP tool (`mcp__<server>__<tool>`; server and tool names vary). */
  mayMatchMcp: boolean;
  /** The regex does not compile; Codex skips the group. */
  invalid?: string;
}

/**
 * Which tools Codex 0.169.0 fires a group's hooks for in `codex exec`: the tool names PreToolUse
 * hooks are fired with (measured, `conformance/hooks/` cases `tool-names`), `apply_patch`'s
 * aliases `Write` and `Edit`, and MCP tools.
 */
export function matcherReach(matcher: string | undefined): MatcherReach {
  const tools: string[] = [];
  for (const tool of PRE_TOOL_USE_TOOL_NAMES) {
    const names = [tool, ...(PRE_TOOL_USE_MATCHER_ALIASES[tool] ?? [])];
    for (const name of names) {
      const verdict = matchTool(matcher, name);
      if ("invalid" in verdict)
        return { matchesShell: false, tools: [], mayMatchMcp: false, invalid: verdict.invalid };
      if (verdict.matches) {
        tools.push(tool);
        break;
      }
    }
  }
  let mayMatchMcp: boolean;
  if (matcher === undefined || matcher === "" || matcher === "*") mayMatchMcp = true;
  else if (isExactMatcher(matcher))
    mayMatchMcp = matcher.split("|").some((name) => name.startsWith(MCP_TOOL_PREFIX));
  else {
    const sample = matchTool(matcher, `${MCP_TOOL_PREFIX}server__tool`);
    mayMatchMcp = ("matches" in sample && sample.matches) || /mcp/i.test(matcher);
  }
  return { matchesShell: tools.includes(SHELL_TOOL_NAME), tools, mayMatchMcp };
}

/** Whether the matcher is a plain name or `A|B` list (exact, case-sensitive matching). */
export function isExactMatcher(matcher: string): boolean {
  return /^[A-Za-z0-9_|]+$/.test(matcher) && matcher !== "";
}

/**
 * Compiles a Rust `regex` pattern as a JavaScript RegExp, closely enough to tell valid from
 * invalid and to search a tool name. Constructs Rust's engine lacks (look-around,
 * backreferences) are invalid even though JavaScript has them.
 */
export function compileRustRegex(pattern: string): { regex: RegExp } | { invalid: string } {
  if (/\(\?<?[=!]/.test(pattern))
    return { invalid: "look-around, including look-ahead and look-behind, is not supported" };
  if (/\\[1-9]|\\k</.test(pattern)) return { invalid: "backreferences are not supported" };
  let flags = "";
  let source = pattern;
  const leading = /^\(\?([imsUx]+)\)/.exec(source);
  if (leading?.[1]) {
    if (leading[1].includes("i")) flags += "i";
    if (leading[1].includes("s")) flags += "s";
    if (leading[1].includes("m")) flags += "m";
    source = source.slice(leading[0].length);
  }
  source = source
    .replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, "(?<$1>")
    .replace(/\(\?[imsUx]+:/g, "(?:")
    .replace(/\\A/g, "^")
    .replace(/\\z/g, "$")
    .replace(/\\p([A-Za-z])/g, "\\p{$1}")
    .replace(/\\P([A-Za-z])/g, "\\P{$1}")
    .replace(/\[:\^?[a-z]+:\]/g, "\\w");
  let lastError = "";
  for (const candidate of [`${flags}u`, flags]) {
    try {
      return { regex: new RegExp(source, candidate) };
    } catch (error) {
      lastError = (error as Error).message;
    }
  }
  return { invalid: lastError.replace(/^Invalid regular expression: /, "") };
}

// ------------------------------------------------------------------------------------------
// Trust

/** `PreToolUse` → `pre_tool_use`, as in trust keys and hashes. */
export function snakeEventName(event: string): string {
  return event.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** The `[hooks.state."<key>"]` key of a handler: `<abs file>:<event>:<group>:<handler>`. */
export function hookStateKey(filePath: string, group: HookGroup, handler: HookHandler): string {
  return `${filePath}:${snakeEventName(group.event)}:${group.index}:${handler.index}`;
}

/**
 * The `trusted_hash` Codex expects for a command handler: sha256 of the key-sorted compact JSON
 * of the event, the handler (`async`, `command`, `statusMessage` when set, `timeout` with its
 * default of 600, `type`) and the matcher when set. Measured against `hooks/list`'s `currentHash`.
 */
export function hookTrustHash(group: HookGroup, handler: HookHandler): string {
  const hookEntry: Record<string, unknown> = {
    async: handler.async ?? false,
    command: handler.command ?? "",
    timeout: handler.timeout ?? DEFAULT_HOOK_TIMEOUT_SEC,
    type: handler.type ?? "command",
  };
  if (handler.statusMessage !== undefined) hookEntry.statusMessage = handler.statusMessage;
  const identity: Record<string, unknown> = {
    event_name: snakeEventName(group.event),
    hooks: [hookEntry],
  };
  const matcher = stringOf(group.matcher);
  if (matcher !== undefined) identity.matcher = matcher;
  // node:crypto loads when a hash is asked for: the hooks model is on every run's start-up path.
  const { createHash } = createRequire(import.meta.url)(
    "node:crypto",
  ) as typeof import("node:crypto");
  return `sha256:${createHash("sha256").update(canonicalJson(identity)).digest("hex")}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
