/**
 * Merges into the files a repository may already have, keeping every line as it is written
 * (jsonc-parser's `modify`/`applyEdits` edit the text, they do not reformat it), or says why it
 * cannot and what to add by hand. `.codex/hooks.json` and `.codex/hooks/forbidden.json` must be
 * strict JSON: Codex skips a hooks.json it cannot parse (every hook in it, with an error item;
 * comments and trailing commas included), and the guard blocks every call when it cannot read
 * its forbidden list. `suite.json` is read as the test runner reads it. Pure: texts in, texts
 * (or a refusal) out.
 */
import {
  applyEdits,
  type FormattingOptions,
  findNodeAtLocation,
  modify,
  type ParseError,
  parse,
  parseTree,
  printParseErrorCode,
} from "jsonc-parser";

/**
 * The guard, CommonJS: Node loads no ES module (`.mjs`) from a path that holds a backslash, and
 * a hook that cannot load lets every call run.
 */
export const GUARD_FILE = ".codex/hooks/guard.cjs";
export const GUARD_COMMAND = `node ${GUARD_FILE}`;
export const GUARD_MATCHER = "^Bash$";
export const GUARD_TIMEOUT = 10;

export const GUARD_GROUP = {
  matcher: GUARD_MATCHER,
  hooks: [{ type: "command", command: GUARD_COMMAND, timeout: GUARD_TIMEOUT }],
};

export type Merged =
  | { ok: true; text: string; changed: boolean }
  | { ok: false; reason: string; add: string };

/** A new `.codex/hooks.json` holding the guard alone. */
export function newHooksJson(): string {
  return `${JSON.stringify(
    {
      description:
        "The read-only guard: blocks the commands each skill forbids (.codex/hooks/forbidden.json) before Codex runs a shell call.",
      hooks: { PreToolUse: [GUARD_GROUP] },
    },
    null,
    2,
  )}\n`;
}

/**
 * The text with `value` appended to the object or array at `path` (as member `key` of an
 * object), every line as it was: the new entry goes after the last one, on lines of its own,
 * indented like its siblings (the last of them gains the comma JSON needs). Undefined when
 * `path` is no object or array of the text.
 */
function appendEntry(
  text: string,
  path: (string | number)[],
  key: string | undefined,
  value: unknown,
): string | undefined {
  const root = parseTree(text);
  const node = root === undefined ? undefined : findNodeAtLocation(root, path);
  if (node === undefined || (node.type !== "object" && node.type !== "array")) return undefined;
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lineStart = (offset: number) => Math.max(text.lastIndexOf("\n", offset - 1) + 1, 0);
  const indentAt = (offset: number) => /^[ \t]*/.exec(text.slice(lineStart(offset)))?.[0] ?? "";
  const unit = /\n([ \t]+)\S/.exec(text)?.[1] ?? "  ";
  const children = node.children ?? [];
  const last = children.at(-1);
  const indent = last !== undefined ? indentAt(last.offset) : `${indentAt(node.offset)}${unit}`;
  const rendered = JSON.stringify(value, null, unit.startsWith("\t") ? "\t" : unit.length)
    .split("\n")
    .join(`${eol}${indent}`);
  const entry = `${key === undefined ? "" : `${JSON.stringify(key)}: `}${rendered}`;
  if (last !== undefined) {
    const end = last.offset + last.length;
    return `${text.slice(0, end)},${eol}${indent}${entry}${text.slice(end)}`;
  }
  const close = node.offset + node.length - 1;
  return `${text.slice(0, node.offset + 1)}${eol}${indent}${entry}${eol}${indentAt(node.offset)}${text.slice(close)}`;
}

function parseJsonc(text: string, strict = true): { value: unknown; error: string | undefined } {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: !strict, disallowComments: strict });
  if (errors.length === 0) return { value, error: undefined };
  const first = errors[0] as ParseError;
  const line = text.slice(0, first.offset).split("\n").length;
  return {
    value,
    error: `it is not strict JSON (line ${line}: ${printParseErrorCode(first.error)}), which Codex needs`,
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const GUARD_LINES = `${JSON.stringify(GUARD_GROUP)}\n(in "hooks": {"PreToolUse": [...]})`;

/**
 * `.codex/hooks.json` with the guard's PreToolUse group: unchanged when a `^Bash$` group
 * already runs the guard; refused when the file does not parse, is not the `{"hooks": {...}}`
 * form, or runs the guard otherwise (another matcher or event), so that nothing is guessed.
 */
export function mergeHooksJson(text: string): Merged {
  const { value, error } = parseJsonc(text);
  if (error !== undefined) return { ok: false, reason: error, add: GUARD_LINES };
  if (!isObject(value)) return { ok: false, reason: "it is not a JSON object", add: GUARD_LINES };
  const hooks = value.hooks;
  if (hooks !== undefined && !isObject(hooks)) {
    return { ok: false, reason: '"hooks" is not an object', add: GUARD_LINES };
  }
  let present = false;
  for (const [event, groups] of Object.entries(hooks ?? {})) {
    if (!Array.isArray(groups)) {
      if (event === "PreToolUse")
        return { ok: false, reason: '"hooks.PreToolUse" is not an array', add: GUARD_LINES };
      continue;
    }
    for (const group of groups) {
      if (!isObject(group) || !Array.isArray(group.hooks)) continue;
      const runsGuard = group.hooks.some(
        (handler) => isObject(handler) && handler.command === GUARD_COMMAND,
      );
      if (!runsGuard) continue;
      if (event === "PreToolUse" && group.matcher === GUARD_MATCHER) present = true;
      else
        return {
          ok: false,
          reason: `it already runs ${GUARD_COMMAND} in a ${event} group with the matcher ${JSON.stringify(group.matcher)}, which the guard is not made for`,
          add: GUARD_LINES,
        };
    }
  }
  if (present) return { ok: true, text, changed: false };
  const pre = isObject(hooks) ? hooks.PreToolUse : undefined;
  const merged = Array.isArray(pre)
    ? appendEntry(text, ["hooks", "PreToolUse"], undefined, GUARD_GROUP)
    : isObject(hooks)
      ? appendEntry(text, ["hooks"], "PreToolUse", [GUARD_GROUP])
      : appendEntry(text, [], "hooks", { PreToolUse: [GUARD_GROUP] });
  if (merged === undefined)
    return { ok: false, reason: "its layout is not one it can edit", add: GUARD_LINES };
  return { ok: true, text: merged, changed: true };
}

/**
 * `.codex/hooks/forbidden.json` with the skill's key: added when absent, unchanged when it holds
 * the same list; refused when the key holds another list (unless `replace`) or the file does
 * not parse.
 */
export function mergeForbidden(
  text: string | undefined,
  skill: string,
  list: readonly string[],
  replace: boolean,
): Merged & { map?: Record<string, string[]> } {
  const add = `${JSON.stringify(skill)}: ${JSON.stringify(list)}`;
  if (text === undefined) {
    const map = { [skill]: [...list] };
    return { ok: true, text: `${JSON.stringify(map, null, 2)}\n`, changed: true, map };
  }
  const { value, error } = parseJsonc(text);
  if (error !== undefined) return { ok: false, reason: error, add };
  if (!isObject(value)) return { ok: false, reason: "it is not a JSON object", add };
  const map = value as Record<string, string[]>;
  const existing = map[skill];
  if (existing !== undefined && JSON.stringify(existing) === JSON.stringify(list)) {
    return { ok: true, text, changed: false, map };
  }
  if (existing !== undefined && !replace) {
    return {
      ok: false,
      reason: `it already lists other commands for ${skill} (--force replaces them)`,
      add,
    };
  }
  let merged: string | undefined;
  if (existing === undefined) merged = appendEntry(text, [], skill, [...list]);
  else {
    // --force: the key's list replaced where it stands.
    const root = parseTree(text);
    const node = root === undefined ? undefined : findNodeAtLocation(root, [skill]);
    if (node !== undefined)
      merged = `${text.slice(0, node.offset)}${JSON.stringify(list)}${text.slice(node.offset + node.length)}`;
  }
  if (merged === undefined) return { ok: false, reason: "its layout is not one it can edit", add };
  return { ok: true, text: merged, changed: true, map: { ...map, [skill]: [...list] } };
}

/** A JSON file with one value set (or, with `undefined`, removed) at `path` (suite.json's schedule). */
export function setJsonValue(text: string, path: (string | number)[], value: unknown): string {
  const unit = /\n([ \t]+)\S/.exec(text)?.[1] ?? "  ";
  const formattingOptions: FormattingOptions = {
    insertSpaces: !unit.startsWith("\t"),
    tabSize: unit.startsWith("\t") ? 1 : unit.length,
    eol: text.includes("\r\n") ? "\r\n" : "\n",
  };
  return applyEdits(text, modify(text, path, value, { formattingOptions }));
}

/** A JSON file's value (a template's `suite.json`, `scenario.json`). */
export function readJsonc(text: string): unknown {
  return parseJsonc(text, false).value;
}
