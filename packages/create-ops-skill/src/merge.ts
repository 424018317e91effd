/**
 * Merges into the files a repository may already have, keeping every line and comment
 * (jsonc-parser's `modify`/`applyEdits`), or says why it cannot and what to add by hand. Pure:
 * texts in, texts (or a refusal) out.
 */
import { applyEdits, type FormattingOptions, modify, type ParseError, parse } from "jsonc-parser";

export const GUARD_COMMAND = "node .codex/hooks/guard.mjs";
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

function formattingOf(text: string): FormattingOptions {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? "  ";
  return {
    insertSpaces: !indent.startsWith("\t"),
    tabSize: indent.startsWith("\t") ? 1 : indent.length,
    eol: text.includes("\r\n") ? "\r\n" : "\n",
  };
}

function parseJsonc(text: string): { value: unknown; error: string | undefined } {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length === 0) return { value, error: undefined };
  const offset = errors[0]?.offset ?? 0;
  const line = text.slice(0, offset).split("\n").length;
  return { value, error: `it does not parse as JSON (line ${line})` };
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
  const path = Array.isArray(pre) ? ["hooks", "PreToolUse", pre.length] : ["hooks", "PreToolUse"];
  const edits = modify(text, path, Array.isArray(pre) ? GUARD_GROUP : [GUARD_GROUP], {
    formattingOptions: formattingOf(text),
    ...(Array.isArray(pre) ? { isArrayInsertion: true } : {}),
  });
  return { ok: true, text: applyEdits(text, edits), changed: true };
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
  const edits = modify(text, [skill], [...list], { formattingOptions: formattingOf(text) });
  return {
    ok: true,
    text: applyEdits(text, edits),
    changed: true,
    map: { ...map, [skill]: [...list] },
  };
}

/** A JSON file with one value set at `path` (suite.json's schedule), comments kept. */
export function setJsonValue(text: string, path: (string | number)[], value: unknown): string {
  return applyEdits(text, modify(text, path, value, { formattingOptions: formattingOf(text) }));
}

export function readJsonc(text: string): unknown {
  return parseJsonc(text).value;
}
