import { describe, expect, it } from "vitest";
import {
  blockedCallOutput,
  combineHookVerdicts,
  type HookRunOutput,
  type HookVerdict,
  judgeHookOutput,
  parseSerdeJson,
  rustTrim,
} from "./hook-judge.js";

const DENY = {
  hookSpecificOutput: {
    hookEventName: "PreToolUse",
    permissionDecision: "deny",
    permissionDecisionReason: "no shell",
  },
};

const judge = (output: Partial<HookRunOutput>): HookVerdict =>
  judgeHookOutput("PreToolUse", { exitCode: 0, stdout: "", stderr: "", ...output });
const printed = (value: unknown, extra: Partial<HookRunOutput> = {}) =>
  judge({ stdout: `${typeof value === "string" ? value : JSON.stringify(value)}\n`, ...extra });
const ignored = (verdict: HookVerdict) => (verdict.action === "run" ? verdict.ignored : undefined);

describe("the three forms that block", () => {
  it("exit 2 with a reason on stderr, trimmed", () => {
    expect(judge({ exitCode: 2, stderr: "  \n line one \nline two\n\n" })).toEqual({
      action: "block",
      form: "exit-2-stderr",
      reason: "line one \nline two",
      status: "Blocked",
    });
  });
  it("hookSpecificOutput deny with a reason", () => {
    expect(printed(DENY)).toEqual({
      action: "block",
      form: "permission-decision-deny",
      reason: "no shell",
      status: "Blocked",
    });
  });
  it("decision block with a reason, pretty-printed or with CRLF", () => {
    const expected = { action: "block", form: "decision-block", reason: "no", status: "Blocked" };
    expect(printed('{\n  "decision": "block",\n  "reason": "no"\n}')).toEqual(expected);
    expect(judge({ stdout: '{"decision":"block","reason":"no"}\r\n' })).toEqual(expected);
  });
  it("exit 2 wins over what stdout says", () => {
    const allow = {
      hookSpecificOutput: {
        hookEventName: "PreToolUse",
        permissionDecision: "allow",
        updatedInput: { command: "echo rewritten" },
      },
    };
    expect(printed(allow, { exitCode: 2, stderr: "no shell" }).action).toBe("block");
  });
  it("keeps blocking with stderr noise on exit 0, systemMessage, continue:true, null options", () => {
    expect(printed(DENY, { stderr: "noise" }).action).toBe("block");
    expect(printed({ ...DENY, systemMessage: "hi" }).action).toBe("block");
    expect(printed({ continue: true, decision: "block", reason: "no" }).action).toBe("block");
    expect(
      printed({
        decision: null,
        reason: null,
        stopReason: null,
        hookSpecificOutput: { ...DENY.hookSpecificOutput, updatedInput: null },
      }).action,
    ).toBe("block");
    expect(printed({ decision: "block", reason: "no", hookSpecificOutput: null }).action).toBe(
      "block",
    );
  });
  it("hookSpecificOutput decides over decision when it carries a decision", () => {
    expect(printed({ decision: "approve", ...DENY }).action).toBe("block");
    const allowOnly = {
      decision: "block",
      reason: "no",
      hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "allow" },
    };
    expect(ignored(printed(allowOnly))?.kind).toBe("allow-without-updated-input");
    const contextOnly = {
      decision: "block",
      reason: "no",
      hookSpecificOutput: { hookEventName: "PreToolUse", additionalContext: "ctx" },
    };
    expect(printed(contextOnly).action).toBe("block");
  });
  it("accepts other event names in hookEventName, as Codex does", () => {
    for (const name of ["PostToolUse", "Stop", "SessionStart", "Interrupt"])
      expect(
        printed({ hookSpecificOutput: { ...DENY.hookSpecificOutput, hookEventName: name } }).action,
      ).toBe("block");
    for (const name of ["SessionEnd", "PreModelRequest", "pretooluse", "Bogus"])
      expect(
        ignored(
          printed({ hookSpecificOutput: { ...DENY.hookSpecificOutput, hookEventName: name } }),
        )?.kind,
      ).toBe("unknown-value");
  });
  it("takes a later duplicate key", () => {
    expect(printed('{"decision":"block","reason":"","reason":"no"}').action).toBe("block");
    expect(ignored(printed('{"decision":"block","reason":"no","reason":""}'))?.kind).toBe(
      "block-without-reason",
    );
  });
  it("a BOM or U+FEFF alone is not white space to Rust", () => {
    expect(judge({ exitCode: 2, stderr: "\ufeff" })).toMatchObject({
      action: "block",
      reason: "\ufeff",
    });
  });
});

describe("forms Codex ignores (the call runs)", () => {
  const cases: [string, HookVerdict | Partial<HookRunOutput>, string, string][] = [
    [
      "deny JSON on stderr, exit 0",
      { stderr: JSON.stringify(DENY) },
      "json-on-stderr",
      "Completed",
    ],
    [
      "an extra key inside hookSpecificOutput",
      { stdout: JSON.stringify({ hookSpecificOutput: { ...DENY.hookSpecificOutput, extra: 1 } }) },
      "unknown-key",
      "Failed",
    ],
    [
      "an extra top-level key",
      { stdout: JSON.stringify({ version: 1, ...DENY }) },
      "unknown-key",
      "Failed",
    ],
    [
      "snake_case hook_specific_output",
      { stdout: JSON.stringify({ hook_specific_output: DENY.hookSpecificOutput }) },
      "unknown-key",
      "Failed",
    ],
    ["truncated JSON", { stdout: JSON.stringify(DENY).slice(0, -1) }, "invalid-json", "Failed"],
    [
      "a Python dict printed with single quotes",
      { stdout: "{'decision': 'block', 'reason': 'no'}\n" },
      "invalid-json",
      "Failed",
    ],
    [
      "JSON followed by text",
      { stdout: `${JSON.stringify(DENY)}\ndone\n` },
      "invalid-json",
      "Failed",
    ],
    [
      "two JSON lines",
      { stdout: `{"systemMessage":"a"}\n${JSON.stringify(DENY)}\n` },
      "invalid-json",
      "Failed",
    ],
    [
      "text before the JSON",
      { stdout: `checking\n${JSON.stringify(DENY)}\n` },
      "plain-text",
      "Completed",
    ],
    [
      "a BOM before the JSON",
      { stdout: `\ufeff${JSON.stringify(DENY)}\n` },
      "invalid-json",
      "Completed",
    ],
    [
      "continue:false with stopReason",
      { stdout: '{"continue":false,"stopReason":"no shell"}' },
      "continue-false",
      "Failed",
    ],
    [
      "stopReason beside a deny",
      { stdout: JSON.stringify({ stopReason: "x", ...DENY }) },
      "stop-reason",
      "Failed",
    ],
    [
      "suppressOutput beside a deny",
      { stdout: JSON.stringify({ suppressOutput: true, ...DENY }) },
      "suppress-output",
      "Failed",
    ],
    [
      "continue:null",
      { stdout: '{"continue":null,"decision":"block","reason":"no"}' },
      "wrong-type",
      "Failed",
    ],
    ["a numeric reason", { stdout: '{"decision":"block","reason":5}' }, "wrong-type", "Failed"],
    [
      "decision deny (the tutorial form)",
      { stdout: '{"decision":"deny","reason":"no"}' },
      "decision-deny",
      "Failed",
    ],
    [
      "permissionDecision Deny (capitalised)",
      {
        stdout: JSON.stringify({
          hookSpecificOutput: { ...DENY.hookSpecificOutput, permissionDecision: "Deny" },
        }),
      },
      "unknown-value",
      "Failed",
    ],
    [
      "hookEventName missing",
      {
        stdout: JSON.stringify({
          hookSpecificOutput: { permissionDecision: "deny", permissionDecisionReason: "no" },
        }),
      },
      "missing-field",
      "Failed",
    ],
    [
      "top-level permissionDecision",
      { stdout: '{"permissionDecision":"deny","permissionDecisionReason":"no"}' },
      "unknown-key",
      "Failed",
    ],
    [
      "deny without a reason",
      {
        stdout: '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny"}}',
      },
      "deny-without-reason",
      "Failed",
    ],
    [
      "deny with a reason of non-breaking spaces",
      {
        stdout: JSON.stringify({
          hookSpecificOutput: { ...DENY.hookSpecificOutput, permissionDecisionReason: "\u00a0 " },
        }),
      },
      "deny-without-reason",
      "Failed",
    ],
    [
      "block without a reason",
      { stdout: '{"decision":"block"}' },
      "block-without-reason",
      "Failed",
    ],
    [
      "block with a blank reason",
      { stdout: '{"decision":"block","reason":"   "}' },
      "block-without-reason",
      "Failed",
    ],
    ["decision approve", { stdout: '{"decision":"approve"}' }, "decision-approve", "Failed"],
    [
      "ask",
      {
        stdout: JSON.stringify({
          hookSpecificOutput: { ...DENY.hookSpecificOutput, permissionDecision: "ask" },
        }),
      },
      "permission-decision-ask",
      "Failed",
    ],
    [
      "updatedInput without allow",
      {
        stdout: JSON.stringify({
          hookSpecificOutput: { hookEventName: "PreToolUse", updatedInput: { command: "x" } },
        }),
      },
      "updated-input-without-allow",
      "Failed",
    ],
    ["reason without decision", { stdout: '{"reason":"no"}' }, "reason-without-decision", "Failed"],
    [
      "permissionDecisionReason without permissionDecision",
      {
        stdout: JSON.stringify({
          hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecisionReason: "no" },
        }),
      },
      "permission-decision-reason-without-decision",
      "Failed",
    ],
    ["an empty object", { stdout: "{}" }, "no-decision", "Completed"],
    ["systemMessage only", { stdout: '{"systemMessage":"careful"}' }, "no-decision", "Completed"],
    ["an array", { stdout: "[1]" }, "not-an-object", "Failed"],
    ["a JSON string", { stdout: '"deny"' }, "not-an-object", "Completed"],
    ["plain text", { stdout: "no shell here\n" }, "plain-text", "Completed"],
    ["nothing", { stdout: " \n" }, "no-output", "Completed"],
    [
      "a lone surrogate escape",
      { stdout: '{"decision":"block","reason":"\\ud800 no"}' },
      "invalid-json",
      "Failed",
    ],
    [
      "exit 2 with empty stderr",
      { exitCode: 2, stderr: "  \n\t\n" },
      "exit-2-without-reason",
      "Failed",
    ],
    [
      "exit 2 with the reason on stdout",
      { exitCode: 2, stdout: "no shell" },
      "exit-2-without-reason",
      "Failed",
    ],
    [
      "exit 2 with only a next-line character",
      { exitCode: 2, stderr: "\u0085" },
      "exit-2-without-reason",
      "Failed",
    ],
    ["exit 1", { exitCode: 1, stderr: "no shell" }, "exit-code", "Failed"],
    ["exit 3", { exitCode: 3, stderr: "no shell" }, "exit-code", "Failed"],
    [
      "killed at the timeout",
      { exitCode: null, failure: "timeout", stderr: "no shell" },
      "timeout",
      "Failed",
    ],
    ["killed by a signal", { exitCode: null, stderr: "no shell" }, "signal", "Failed"],
    ["could not start", { exitCode: null, failure: "spawn" }, "spawn", "Failed"],
  ];
  for (const [name, output, kind, status] of cases) {
    it(name, () => {
      const verdict = judge(output as Partial<HookRunOutput>);
      expect(verdict.action).toBe("run");
      expect(ignored(verdict)?.kind).toBe(kind);
      expect(verdict.status).toBe(status);
      expect(ignored(verdict)?.detail).toMatch(/\S/);
    });
  }

  it("names the usual mistakes behind invalid JSON", () => {
    expect(ignored(judge({ stdout: "{'decision': 'block', 'reason': 'no'}\n" }))?.detail).toMatch(
      /single quotes, as Python prints a dict or Node an object, are not JSON/,
    );
    expect(ignored(judge({ stdout: "{ decision: 'block' }\n" }))?.detail).toMatch(
      /an unquoted key, as Node prints an object, is not JSON/,
    );
  });

  it("names the unknown key and its path", () => {
    const inner = ignored(
      printed({ hookSpecificOutput: { ...DENY.hookSpecificOutput, extra: 1 } }),
    );
    expect(inner?.path).toBe("hookSpecificOutput.extra");
    expect(inner?.codexMessage).toBe("hook returned invalid pre-tool-use JSON output");
    expect(ignored(printed({ version: 1, ...DENY }))?.path).toBe("version");
  });

  it("refuses JSON nested 128 levels deep; 127 parse", () => {
    const nested = (levels: number) => `${"[".repeat(levels)}1${"]".repeat(levels)}`;
    const withInput = (levels: number) =>
      `{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"allow","updatedInput":{"command":"echo rewritten","x":${nested(levels)}}}}`;
    expect(judge({ stdout: withInput(124) }).action).toBe("rewrite");
    expect(ignored(judge({ stdout: withInput(125) }))?.kind).toBe("invalid-json");
  });

  it("Codex's messages for exit codes", () => {
    expect(ignored(judge({ exitCode: 1 }))?.codexMessage).toBe("hook exited with code 1");
    expect(ignored(judge({ exitCode: 2 }))?.codexMessage).toBe(
      "PreToolUse hook exited with code 2 but did not write a blocking reason to stderr",
    );
  });
});

describe("rewrites", () => {
  const allow = (updatedInput: unknown) => ({
    hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "allow", updatedInput },
  });
  it("allow with updatedInput.command rewrites the call", () => {
    expect(printed(allow({ command: "echo rewritten", workdir: "/" }))).toMatchObject({
      action: "rewrite",
      command: "echo rewritten",
      status: "Completed",
    });
  });
  it("allow with updatedInput without a string command fails the call", () => {
    expect(printed(allow({ cmd: "echo rewritten" }))).toMatchObject({
      action: "refuse",
      message: "hook returned updatedInput without string field `command`",
    });
  });
  it("a block from any hook beats a rewrite; the last rewrite wins otherwise", () => {
    const rewrite = printed(allow({ command: "a" }));
    const rewrite2 = printed(allow({ command: "b" }));
    const block = judge({ exitCode: 2, stderr: "no" });
    expect(combineHookVerdicts([rewrite, block])).toBe(block);
    expect(combineHookVerdicts([rewrite, rewrite2])).toBe(rewrite2);
    expect(combineHookVerdicts([])).toBeUndefined();
  });
});

describe("helpers", () => {
  it("trims as Rust does", () => {
    expect(rustTrim("\u00a0\u3000 x \u0085")).toBe("x");
    expect(rustTrim("\ufeffx")).toBe("\ufeffx");
  });
  it("parses JSON as serde_json does", () => {
    expect(parseSerdeJson('{"a":[1,2.5e3,-0,true,null,"\\u00e9\\ud83d\\ude00"]}')).toEqual({
      ok: true,
      value: { a: [1, 2500, -0, true, null, "é😀"] },
    });
    expect(parseSerdeJson('{"a":1')).toMatchObject({ ok: false, problem: { kind: "truncated" } });
    expect(parseSerdeJson('{"a":"x')).toMatchObject({ ok: false, problem: { kind: "truncated" } });
    expect(parseSerdeJson('{"a":1.')).toMatchObject({ ok: false, problem: { kind: "truncated" } });
    expect(parseSerdeJson('{"a":tr')).toMatchObject({ ok: false, problem: { kind: "truncated" } });
    expect(parseSerdeJson("{} {}")).toMatchObject({ ok: false, problem: { kind: "trailing" } });
    expect(parseSerdeJson("{'a':1}")).toMatchObject({ ok: false, problem: { kind: "syntax" } });
    expect(parseSerdeJson('{"a":01}')).toMatchObject({ ok: false, problem: { kind: "syntax" } });
    expect(parseSerdeJson('{"a":1,}')).toMatchObject({ ok: false, problem: { kind: "syntax" } });
    expect(parseSerdeJson('{"a":"\t"}')).toMatchObject({ ok: false, problem: { kind: "syntax" } });
    expect(parseSerdeJson('"\\udc00"')).toMatchObject({
      ok: false,
      problem: { kind: "lone-surrogate" },
    });
    expect(parseSerdeJson(" ")).toEqual({ ok: false, problem: { kind: "empty" } });
  });
  it("keeps __proto__ as an ordinary key", () => {
    const parsed = parseSerdeJson('{"__proto__":{"decision":"block"}}');
    expect(parsed.ok && Object.keys(parsed.value as object)).toEqual(["__proto__"]);
    expect(ignored(judge({ stdout: '{"__proto__":{}}' }))?.kind).toBe("unknown-key");
  });
  it("words the model's message for a blocked call", () => {
    expect(blockedCallOutput("no", { toolName: "Bash", command: "echo x" })).toBe(
      "Command blocked by PreToolUse hook: no. Command: echo x",
    );
    expect(blockedCallOutput("no", { toolName: "apply_patch", command: "*** Begin Patch" })).toBe(
      "Command blocked by PreToolUse hook: no. Command: *** Begin Patch",
    );
    expect(blockedCallOutput("no", { toolName: "view_image" })).toBe(
      "Tool call blocked by PreToolUse hook: no. Tool: view_image",
    );
  });
});
