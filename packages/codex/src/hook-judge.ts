/**
 * What Codex 0.169.0 does with what a PreToolUse command hook printed: block the tool call (and
 * with which reason), rewrite the command, refuse the call, or let it run — and why. Pure: no
 * I/O, no imports, cheap to load (the linter, the mock Codex and the conformance tests share it).
 *
 * How Codex reads a hook's result (measured with the binary, `conformance/hooks/`):
 * - The hook ended without an exit status (killed at its `timeout`, by a signal, or it could not
 *   start): the call runs. Codex waits for stdout and stderr to close, so a background child that
 *   keeps them open makes the hook time out.
 * - Exit 2: blocks when stderr, trimmed of Unicode white space, is not empty; the trimmed stderr
 *   is the reason. stdout is not read.
 * - Any other non-zero exit: the call runs.
 * - Exit 0: stdout, trimmed, is parsed as one JSON object (serde_json: nothing before or after
 *   it, nesting under 128 levels, no lone surrogate escapes, a later duplicate key wins) and
 *   deserialized with unknown fields refused at the top level and in `hookSpecificOutput`.
 *   Anything that fails lets the call run. stderr is never read on exit 0.
 * - A valid object blocks only through `hookSpecificOutput.permissionDecision: "deny"` with a
 *   non-empty `permissionDecisionReason`, or `decision: "block"` with a non-empty `reason`.
 *   `continue: false`, `stopReason` and `suppressOutput: true` make the output invalid.
 *   `hookSpecificOutput` decides (and `decision` is ignored) as soon as it carries
 *   `permissionDecision`, `permissionDecisionReason` or `updatedInput`.
 * - `permissionDecision: "allow"` with `updatedInput` rewrites the call; for the shell the new
 *   input needs a string `command`, else the call fails with an error the model reads.
 */

/** The events this judge knows. */
export type HookJudgeEvent = "PreToolUse";

/** What a hook process left behind. */
export interface HookRunOutput {
  /** The exit status; `null` when the process ended without one (see `failure`). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /**
   * Why the hook ended without an exit status: killed at its timeout, ended by a signal, or
   * could not be started. Codex lets the call run in every case.
   */
  failure?: "timeout" | "signal" | "spawn";
}

/** How a hook blocked. */
export type BlockForm = "exit-2-stderr" | "permission-decision-deny" | "decision-block";

/** Why a hook's output lets the call run. */
export type IgnoredKind =
  | "no-output"
  | "plain-text"
  | "json-on-stderr"
  | "invalid-json"
  | "not-an-object"
  | "unknown-key"
  | "wrong-type"
  | "unknown-value"
  | "decision-deny"
  | "missing-field"
  | "continue-false"
  | "stop-reason"
  | "suppress-output"
  | "deny-without-reason"
  | "block-without-reason"
  | "decision-approve"
  | "permission-decision-ask"
  | "allow-without-updated-input"
  | "updated-input-without-allow"
  | "reason-without-decision"
  | "permission-decision-reason-without-decision"
  | "no-decision"
  | "exit-2-without-reason"
  | "exit-code"
  | "timeout"
  | "signal"
  | "spawn";

/** Codex's own status for the hook run (`hook: PreToolUse <status>` in `codex exec`'s log). */
export type HookRunStatus = "Completed" | "Failed" | "Blocked";

export interface IgnoredOutput {
  kind: IgnoredKind;
  /** What Codex saw, in a sentence that can follow "Codex lets the call run: ". */
  detail: string;
  /** For key, type and value problems: where in the JSON (`hookSpecificOutput.extra`). */
  path?: string;
  /** The error Codex records for the hook run, when it records one. */
  codexMessage?: string;
}

export type HookVerdict =
  | { action: "block"; form: BlockForm; reason: string; status: "Blocked" }
  | { action: "rewrite"; updatedInput: unknown; command: string; status: "Completed" }
  /** `updatedInput` Codex cannot apply: the call fails and the model reads `message`. */
  | { action: "refuse"; updatedInput: unknown; message: string; status: "Completed" }
  | { action: "run"; status: "Completed" | "Failed"; ignored: IgnoredOutput };

// ------------------------------------------------------------------------------------------
// Rust's notion of white space (char::is_whitespace, the Unicode White_Space property), which
// `str::trim` uses. JavaScript's trim differs: it also strips U+FEFF and keeps U+0085.

const RUST_WHITE_SPACE =
  "\t\n\u000b\f\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

function isRustWhiteSpace(char: string): boolean {
  return RUST_WHITE_SPACE.includes(char);
}

/** `str::trim` as Rust does it. */
export function rustTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isRustWhiteSpace(text[start] as string)) start++;
  while (end > start && isRustWhiteSpace(text[end - 1] as string)) end--;
  return text.slice(start, end);
}

function rustTrimStart(text: string): string {
  let start = 0;
  while (start < text.length && isRustWhiteSpace(text[start] as string)) start++;
  return text.slice(start);
}

// ------------------------------------------------------------------------------------------
// JSON as serde_json reads it into a Value.

export type JsonProblem =
  | { kind: "empty" }
  | { kind: "truncated"; offset: number }
  | { kind: "trailing"; offset: number }
  | { kind: "syntax"; offset: number; message: string }
  | { kind: "too-deep"; offset: number }
  | { kind: "lone-surrogate"; offset: number };

/** serde_json's default recursion limit: 128 nested arrays or objects fail (127 parse). */
const MAX_DEPTH = 127;

/**
 * Parses one JSON value the way serde_json does (`from_str::<Value>`): white space is only
 * space, tab, CR and LF; nothing may follow the value; a later duplicate key wins.
 */
export function parseSerdeJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; problem: JsonProblem } {
  if (text.trim() === "") return { ok: false, problem: { kind: "empty" } };
  let at = 0;
  const fail = (problem: JsonProblem): never => {
    throw new JsonFailure(problem);
  };
  const eofOr = (message: string): never =>
    at >= text.length
      ? fail({ kind: "truncated", offset: at })
      : fail({ kind: "syntax", offset: at, message });
  const skip = () => {
    while (at < text.length) {
      const c = text.charCodeAt(at);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) at++;
      else break;
    }
  };
  const parseString = (): string => {
    // at is on the opening quote
    at++;
    let out = "";
    let from = at;
    for (;;) {
      if (at >= text.length) fail({ kind: "truncated", offset: at });
      const c = text.charCodeAt(at);
      if (c === 0x22) {
        out += text.slice(from, at);
        at++;
        return out;
      }
      if (c < 0x20) fail({ kind: "syntax", offset: at, message: "control character in a string" });
      if (c !== 0x5c) {
        at++;
        continue;
      }
      out += text.slice(from, at);
      at++;
      if (at >= text.length) fail({ kind: "truncated", offset: at });
      const e = text[at] as string;
      at++;
      const simple: Record<string, string> = {
        '"': '"',
        "\\": "\\",
        "/": "/",
        b: "\b",
        f: "\f",
        n: "\n",
        r: "\r",
        t: "\t",
      };
      if (e in simple) out += simple[e];
      else if (e === "u") {
        const unit = hex4();
        if (unit >= 0xd800 && unit <= 0xdbff) {
          if (text.slice(at, at + 2) !== "\\u") {
            if (text.length - at < 2 && "\\u".startsWith(text.slice(at)))
              fail({ kind: "truncated", offset: text.length });
            fail({ kind: "lone-surrogate", offset: at });
          }
          at += 2;
          const low = hex4();
          if (low < 0xdc00 || low > 0xdfff) fail({ kind: "lone-surrogate", offset: at });
          out += String.fromCharCode(unit, low);
        } else if (unit >= 0xdc00 && unit <= 0xdfff) fail({ kind: "lone-surrogate", offset: at });
        else out += String.fromCharCode(unit);
      } else fail({ kind: "syntax", offset: at - 1, message: "invalid escape" });
      from = at;
    }
  };
  const hex4 = (): number => {
    const digits = text.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) {
      if (digits.length < 4 && /^[0-9a-fA-F]*$/.test(digits))
        fail({ kind: "truncated", offset: text.length });
      fail({ kind: "syntax", offset: at, message: "invalid escape" });
    }
    at += 4;
    return Number.parseInt(digits, 16);
  };
  const parseNumber = (): number => {
    const rest = text.slice(at);
    const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(rest);
    if (!match) {
      if (rest === "-") fail({ kind: "truncated", offset: text.length });
      return fail({ kind: "syntax", offset: at, message: "invalid number" });
    }
    const end = at + match[0].length;
    const next = text[end];
    if (next === "." || next === "e" || next === "E") {
      if (/^[.eE][+-]?$/.test(text.slice(end))) fail({ kind: "truncated", offset: text.length });
      fail({ kind: "syntax", offset: end, message: "invalid number" });
    }
    at = end;
    return Number(match[0]);
  };
  const literal = (word: string, value: unknown): unknown => {
    const slice = text.slice(at, at + word.length);
    if (slice === word) {
      at += word.length;
      return value;
    }
    if (word.startsWith(slice) && at + slice.length >= text.length)
      fail({ kind: "truncated", offset: text.length });
    return fail({ kind: "syntax", offset: at, message: "expected value" });
  };
  const parseValue = (depth: number): unknown => {
    skip();
    if (at >= text.length) fail({ kind: "truncated", offset: at });
    const c = text[at] as string;
    if (c === "{" || c === "[") {
      if (depth + 1 > MAX_DEPTH) fail({ kind: "too-deep", offset: at });
      at++;
      skip();
      if (c === "[") {
        const items: unknown[] = [];
        if (text[at] === "]") {
          at++;
          return items;
        }
        for (;;) {
          items.push(parseValue(depth + 1));
          skip();
          if (text[at] === ",") {
            at++;
            continue;
          }
          if (text[at] === "]") {
            at++;
            return items;
          }
          eofOr("expected `,` or `]`");
        }
      }
      const object: Record<string, unknown> = Object.create(null);
      if (text[at] === "}") {
        at++;
        return object;
      }
      for (;;) {
        skip();
        if (text[at] !== '"') eofOr("expected a key");
        const key = parseString();
        skip();
        if (text[at] !== ":") eofOr("expected `:`");
        at++;
        object[key] = parseValue(depth + 1);
        skip();
        if (text[at] === ",") {
          at++;
          continue;
        }
        if (text[at] === "}") {
          at++;
          return object;
        }
        eofOr("expected `,` or `}`");
      }
    }
    if (c === '"') return parseString();
    if (c === "t") return literal("true", true);
    if (c === "f") return literal("false", false);
    if (c === "n") return literal("null", null);
    if (c === "-" || (c >= "0" && c <= "9")) return parseNumber();
    return fail({ kind: "syntax", offset: at, message: "expected value" });
  };
  try {
    const value = parseValue(0);
    skip();
    if (at < text.length) return { ok: false, problem: { kind: "trailing", offset: at } };
    return { ok: true, value };
  } catch (error) {
    if (error instanceof JsonFailure) return { ok: false, problem: error.problem };
    throw error;
  }
}

class JsonFailure extends Error {
  constructor(readonly problem: JsonProblem) {
    super(problem.kind);
  }
}

// ------------------------------------------------------------------------------------------
// The output structs of 0.169.0 (`pre-tool-use.command.output`, read from the binary).

/** Top-level keys a PreToolUse hook may print. */
export const PRE_TOOL_USE_OUTPUT_KEYS = [
  "continue",
  "stopReason",
  "suppressOutput",
  "systemMessage",
  "decision",
  "reason",
  "hookSpecificOutput",
] as const;

/** Keys of `hookSpecificOutput` for PreToolUse. */
export const PRE_TOOL_USE_SPECIFIC_KEYS = [
  "hookEventName",
  "permissionDecision",
  "permissionDecisionReason",
  "updatedInput",
  "additionalContext",
] as const;

/**
 * Values Codex 0.169.0 accepts for `hookSpecificOutput.hookEventName` of a PreToolUse hook
 * (any of these, not only `PreToolUse`; measured: `SessionEnd`, `PreModelRequest` and
 * `PostModelRequest` are refused).
 */
export const ACCEPTED_HOOK_EVENT_NAMES = [
  "PreToolUse",
  "PermissionRequest",
  "PostToolUse",
  "PreCompact",
  "PostCompact",
  "SessionStart",
  "UserPromptSubmit",
  "SubagentStart",
  "SubagentStop",
  "Stop",
  "Interrupt",
] as const;

const INVALID_JSON = "hook returned invalid pre-tool-use JSON output";

type FieldType = "bool" | "string" | "enum" | "object" | "any";
interface FieldRule {
  type: FieldType;
  required?: boolean;
  /** Options that take `null` as absent (everything here but the booleans). */
  nullable: boolean;
  values?: readonly string[];
}

const TOP_FIELDS: Record<string, FieldRule> = {
  continue: { type: "bool", nullable: false },
  stopReason: { type: "string", nullable: true },
  suppressOutput: { type: "bool", nullable: false },
  systemMessage: { type: "string", nullable: true },
  decision: { type: "enum", nullable: true, values: ["approve", "block"] },
  reason: { type: "string", nullable: true },
  hookSpecificOutput: { type: "object", nullable: true },
};

const SPECIFIC_FIELDS: Record<string, FieldRule> = {
  hookEventName: {
    type: "enum",
    nullable: false,
    required: true,
    values: ACCEPTED_HOOK_EVENT_NAMES,
  },
  permissionDecision: { type: "enum", nullable: true, values: ["allow", "deny", "ask"] },
  permissionDecisionReason: { type: "string", nullable: true },
  updatedInput: { type: "any", nullable: true },
  additionalContext: { type: "string", nullable: true },
};

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Checks one object against its fields the way serde does; the first problem, if any. */
function checkFields(
  object: Record<string, unknown>,
  fields: Record<string, FieldRule>,
  prefix: string,
): IgnoredOutput | undefined {
  for (const key of Object.keys(object)) {
    if (!Object.hasOwn(fields, key)) {
      const where = prefix
        ? (PRE_TOOL_USE_OUTPUT_KEYS as readonly string[]).includes(key)
          ? "; it belongs at the top level"
          : ""
        : (PRE_TOOL_USE_SPECIFIC_KEYS as readonly string[]).includes(key)
          ? "; Codex reads it only inside `hookSpecificOutput`"
          : "";
      return {
        kind: "unknown-key",
        path: `${prefix}${key}`,
        detail: `unknown key \`${prefix}${key}\` (Codex refuses unknown fields${prefix ? ` in \`${prefix.slice(0, -1)}\`` : ""}, so the whole output is ignored${where})`,
        codexMessage: INVALID_JSON,
      };
    }
  }
  for (const [key, rule] of Object.entries(fields)) {
    if (!Object.hasOwn(object, key)) continue;
    const value = object[key];
    const path = `${prefix}${key}`;
    if (value === null && rule.nullable) continue;
    const wrongType = (expected: string): IgnoredOutput => ({
      kind: "wrong-type",
      path,
      detail: `\`${path}\` is ${describe(value)}, expected ${expected}`,
      codexMessage: INVALID_JSON,
    });
    if (rule.type === "bool" && typeof value !== "boolean") return wrongType("true or false");
    if (rule.type === "string" && typeof value !== "string") return wrongType("a string");
    if (
      rule.type === "object" &&
      (value === null || typeof value !== "object" || Array.isArray(value))
    )
      return wrongType("an object");
    if (rule.type === "enum") {
      const values = rule.values ?? [];
      const list = values.map((v) => `"${v}"`).join(", ");
      if (typeof value !== "string") return wrongType(`one of ${list}`);
      if (!values.includes(value)) {
        if (path === "decision" && value === "deny")
          return {
            kind: "decision-deny",
            path,
            detail:
              '`"decision": "deny"` is not a Codex decision (Codex knows `"decision": "block"` with a `"reason"`, or `hookSpecificOutput.permissionDecision: "deny"`)',
            codexMessage: INVALID_JSON,
          };
        return {
          kind: "unknown-value",
          path,
          detail: `\`${path}\` is "${value}", which Codex does not know (expected one of ${list}; values are case-sensitive)`,
          codexMessage: INVALID_JSON,
        };
      }
    }
  }
  const missing = Object.entries(fields).find(
    ([key, rule]) => rule.required && !Object.hasOwn(object, key),
  );
  if (missing)
    return {
      kind: "missing-field",
      path: `${prefix}${missing[0]}`,
      detail: `\`${prefix}${missing[0]}\` is missing (Codex requires it, so the whole output is ignored)`,
      codexMessage: INVALID_JSON,
    };
  return undefined;
}

const nonEmpty = (value: unknown): string | undefined => {
  if (typeof value !== "string") return undefined;
  const trimmed = rustTrim(value);
  return trimmed === "" ? undefined : trimmed;
};

const run = (status: "Completed" | "Failed", ignored: IgnoredOutput): HookVerdict => ({
  action: "run",
  status,
  ignored,
});

/** Judges what Codex makes of a JSON object printed on stdout with exit 0. */
function judgeObject(output: Record<string, unknown>): HookVerdict {
  const topProblem = checkFields(output, TOP_FIELDS, "");
  if (topProblem) return run("Failed", topProblem);
  const specific =
    output.hookSpecificOutput === null || output.hookSpecificOutput === undefined
      ? undefined
      : (output.hookSpecificOutput as Record<string, unknown>);
  if (specific) {
    const problem = checkFields(specific, SPECIFIC_FIELDS, "hookSpecificOutput.");
    if (problem) return run("Failed", problem);
  }
  const present = (value: unknown) => value !== undefined && value !== null;
  const unsupported = (kind: IgnoredKind, what: string, detail: string): HookVerdict =>
    run("Failed", { kind, detail, codexMessage: `PreToolUse hook returned unsupported ${what}` });
  if (output.continue === false)
    return unsupported(
      "continue-false",
      "continue:false",
      '`"continue": false` is not a block for PreToolUse; Codex rejects it and the call runs',
    );
  if (present(output.stopReason))
    return unsupported(
      "stop-reason",
      "stopReason",
      "`stopReason` is not supported for PreToolUse; Codex rejects the output and the call runs",
    );
  if (output.suppressOutput === true)
    return unsupported(
      "suppress-output",
      "suppressOutput",
      '`"suppressOutput": true` is not supported for PreToolUse; Codex rejects the output and the call runs',
    );

  const decision = specific?.permissionDecision;
  const decisionReason = specific?.permissionDecisionReason;
  const updatedInput = specific?.updatedInput;
  const useSpecific =
    specific !== undefined &&
    (present(decision) || present(decisionReason) || present(updatedInput));
  const invalid = (kind: IgnoredKind, detail: string, codexMessage: string): HookVerdict =>
    run("Failed", { kind, detail, codexMessage });
  if (useSpecific) {
    if (present(updatedInput) && decision !== "allow")
      return invalid(
        "updated-input-without-allow",
        '`updatedInput` without `"permissionDecision": "allow"` is ignored',
        "PreToolUse hook returned updatedInput without permissionDecision:allow",
      );
    if (decision === "allow") {
      if (!present(updatedInput))
        return invalid(
          "allow-without-updated-input",
          '`"permissionDecision": "allow"` without `updatedInput` is not supported; Codex ignores it',
          "PreToolUse hook returned unsupported permissionDecision:allow",
        );
      const command =
        updatedInput !== null && typeof updatedInput === "object" && !Array.isArray(updatedInput)
          ? (updatedInput as Record<string, unknown>).command
          : undefined;
      if (typeof command !== "string")
        return {
          action: "refuse",
          updatedInput,
          message: "hook returned updatedInput without string field `command`",
          status: "Completed",
        };
      return { action: "rewrite", updatedInput, command, status: "Completed" };
    }
    if (decision === "ask")
      return invalid(
        "permission-decision-ask",
        '`"permissionDecision": "ask"` is not supported; in `codex exec` nobody is asked and the call runs',
        "PreToolUse hook returned unsupported permissionDecision:ask",
      );
    if (decision === "deny") {
      const reason = nonEmpty(decisionReason);
      if (reason === undefined)
        return invalid(
          "deny-without-reason",
          '`"permissionDecision": "deny"` without a non-empty `permissionDecisionReason` is ignored',
          "PreToolUse hook returned permissionDecision:deny without a non-empty permissionDecisionReason",
        );
      return { action: "block", form: "permission-decision-deny", reason, status: "Blocked" };
    }
    return invalid(
      "permission-decision-reason-without-decision",
      "`permissionDecisionReason` without `permissionDecision` is ignored",
      "PreToolUse hook returned permissionDecisionReason without permissionDecision",
    );
  }
  if (output.decision === "approve")
    return invalid(
      "decision-approve",
      '`"decision": "approve"` is not supported; Codex ignores it',
      "PreToolUse hook returned unsupported decision:approve",
    );
  if (output.decision === "block") {
    const reason = nonEmpty(output.reason);
    if (reason === undefined)
      return invalid(
        "block-without-reason",
        '`"decision": "block"` without a non-empty `"reason"` is ignored',
        "PreToolUse hook returned decision:block without a non-empty reason",
      );
    return { action: "block", form: "decision-block", reason, status: "Blocked" };
  }
  if (present(output.reason))
    return invalid(
      "reason-without-decision",
      '`"reason"` without `"decision": "block"` is ignored',
      "PreToolUse hook returned reason without decision",
    );
  return run("Completed", {
    kind: "no-decision",
    detail: "the JSON holds no decision (neither a deny nor a block)",
  });
}

/** What a common mistake at a syntax error looks like, to name it. */
function syntaxHint(text: string, problem: JsonProblem): string {
  if (problem.kind !== "syntax") return "";
  const at = text[problem.offset] ?? "";
  if (at === "'") return ": single quotes, as Python prints a dict or Node an object, are not JSON";
  if (/[A-Za-z_$]/.test(at) && /[{,]\s*$/.test(text.slice(0, problem.offset)))
    return ": an unquoted key, as Node prints an object, is not JSON";
  return "";
}

/** Judges stdout printed with exit 0. */
function judgeStdout(stdout: string): HookVerdict {
  const trimmed = rustTrim(stdout);
  if (trimmed === "")
    return run("Completed", { kind: "no-output", detail: "the hook printed nothing on stdout" });
  const looksLikeJson = /^[{[]/.test(rustTrimStart(stdout));
  const parsed = parseSerdeJson(trimmed);
  if (!parsed.ok) {
    const problem = parsed.problem;
    if (!looksLikeJson) {
      const bom = trimmed.startsWith("\ufeff");
      return run("Completed", {
        kind: bom ? "invalid-json" : "plain-text",
        detail: bom
          ? "stdout starts with a byte-order mark, so it is not JSON"
          : problem.kind === "trailing" || problem.kind === "syntax"
            ? "stdout is plain text, not a JSON object"
            : "stdout is not a JSON object",
      });
    }
    const why =
      problem.kind === "truncated"
        ? "stdout is truncated JSON (it ends before the object closes)"
        : problem.kind === "trailing"
          ? "stdout holds more than one JSON value, or text after the JSON object"
          : problem.kind === "too-deep"
            ? "stdout nests JSON 128 levels deep or more"
            : problem.kind === "lone-surrogate"
              ? "stdout has a lone surrogate escape (`\\ud800`) that Codex's JSON parser refuses"
              : `stdout is not valid JSON (${problem.kind === "syntax" ? problem.message : problem.kind} at character ${"offset" in problem ? problem.offset + 1 : 1}${syntaxHint(trimmed, problem)})`;
    return run("Failed", { kind: "invalid-json", detail: why, codexMessage: INVALID_JSON });
  }
  const value = parsed.value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return looksLikeJson
      ? run("Failed", {
          kind: "not-an-object",
          detail: `stdout is ${describe(value)}, not a JSON object`,
          codexMessage: INVALID_JSON,
        })
      : run("Completed", {
          kind: "not-an-object",
          detail: `stdout is ${describe(value)}, not a JSON object`,
        });
  }
  return judgeObject(value as Record<string, unknown>);
}

/**
 * What Codex 0.169.0 does with one PreToolUse command hook's result.
 */
export function judgeHookOutput(event: HookJudgeEvent, output: HookRunOutput): HookVerdict {
  if (event !== "PreToolUse") throw new Error(`hook judge: unsupported event ${String(event)}`);
  if (output.failure !== undefined || output.exitCode === null) {
    const failure = output.failure ?? "signal";
    const detail =
      failure === "timeout"
        ? "the hook ran past its timeout (Codex waits until stdout and stderr close, so a background child holding them open counts) and was killed"
        : failure === "spawn"
          ? "the hook could not be started"
          : "the hook ended without an exit status (killed by a signal)";
    return run("Failed", {
      kind: failure,
      detail,
      codexMessage: failure === "signal" ? "hook exited without a status code" : undefined,
    });
  }
  if (output.exitCode === 0) {
    const verdict = judgeStdout(output.stdout);
    if (verdict.action === "run" && rustTrim(output.stdout) === "") {
      const onStderr = judgeStdout(output.stderr);
      if (onStderr.action !== "run" || /^[{[]/.test(rustTrimStart(output.stderr)))
        return run("Completed", {
          kind: "json-on-stderr",
          detail:
            onStderr.action === "block"
              ? "the decision JSON is printed on stderr; Codex reads it only on stdout"
              : "JSON is printed on stderr; Codex reads hook JSON only on stdout",
        });
    }
    return verdict;
  }
  if (output.exitCode === 2) {
    const reason = rustTrim(output.stderr);
    if (reason !== "") return { action: "block", form: "exit-2-stderr", reason, status: "Blocked" };
    return run("Failed", {
      kind: "exit-2-without-reason",
      detail:
        rustTrim(output.stdout) === ""
          ? "exit 2 without a reason on stderr does not block"
          : "exit 2 with the reason on stdout does not block; Codex takes the reason from stderr",
      codexMessage:
        "PreToolUse hook exited with code 2 but did not write a blocking reason to stderr",
    });
  }
  return run("Failed", {
    kind: "exit-code",
    detail: `exit ${output.exitCode} does not block (Codex blocks on exit 2 with the reason on stderr)`,
    codexMessage: `hook exited with code ${output.exitCode}`,
  });
}

/**
 * The result of every hook that fired for one call: blocked when any blocked (the first
 * blocking hook in configuration order gives the reason); otherwise the last rewrite wins.
 */
export function combineHookVerdicts(verdicts: readonly HookVerdict[]): HookVerdict | undefined {
  const block = verdicts.find((v) => v.action === "block");
  if (block) return block;
  const rewrites = verdicts.filter((v) => v.action === "rewrite" || v.action === "refuse");
  return rewrites.at(-1) ?? verdicts.at(-1);
}

/**
 * The `function_call_output` the model reads for a blocked call: for tools whose hook input is
 * a command (the shell, and `apply_patch` with the patch as its command)
 * `Command blocked by PreToolUse hook: <reason>. Command: <command>`, for the others
 * `Tool call blocked by PreToolUse hook: <reason>. Tool: <tool>`.
 */
export function blockedCallOutput(
  reason: string,
  call: { toolName: string; command?: string },
): string {
  return call.command !== undefined
    ? `Command blocked by PreToolUse hook: ${reason}. Command: ${call.command}`
    : `Tool call blocked by PreToolUse hook: ${reason}. Tool: ${call.toolName}`;
}

/**
 * Tool names PreToolUse hooks are fired with in `codex exec` 0.169.0 (measured, cases
 * `tool-names` and `tool-names-apply-patch`). MCP tools fire as `mcp__<server>__<tool>`; the
 * multi-agent tools as `multi_agent_v1<tool>` (no separator), but `spawn_agent` under its own
 * name; `apply_patch` (offered to models whose metadata asks for it, such as the default
 * model) is also matched by `Write` and `Edit`. `write_stdin` and the hosted `web_search` fire
 * no hook.
 */
export const PRE_TOOL_USE_TOOL_NAMES = [
  "Bash",
  "apply_patch",
  "view_image",
  "request_user_input",
  "get_goal",
  "create_goal",
  "update_goal",
  "list_mcp_resources",
  "list_mcp_resource_templates",
  "read_mcp_resource",
  "tool_search",
  "spawn_agent",
  "multi_agent_v1send_input",
  "multi_agent_v1resume_agent",
  "multi_agent_v1wait_agent",
  "multi_agent_v1close_agent",
] as const;

/** Extra names a matcher is tested against for a tool (`apply_patch` answers to these too). */
export const PRE_TOOL_USE_MATCHER_ALIASES: Readonly<Record<string, readonly string[]>> = {
  apply_patch: ["Write", "Edit"],
};

/** Prefix of MCP tool names as hooks see them. */
export const MCP_TOOL_PREFIX = "mcp__";
