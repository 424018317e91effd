import { describe, expect, it } from "vitest";
import {
  GUARD_COMMAND,
  GUARD_GROUP,
  mergeForbidden,
  mergeHooksJson,
  newHooksJson,
  readJsonc,
} from "./merge.js";

// Written by hand: one-line groups, keys in their own order, four-space indents.
const HAND_WRITTEN = `{
    "description": "Our hooks.",
    "hooks": {
        "UserPromptSubmit": [
            { "hooks": [{ "type": "command", "command": "node audit.mjs" }] }
        ],
        "PreToolUse": [
            {
                "hooks": [{ "timeout": 5, "command": "node patch-check.mjs", "type": "command" }],
                "matcher": "^apply_patch$"
            }
        ]
    }
}
`;

describe("mergeHooksJson", () => {
  it("adds the guard group and keeps every line as written", () => {
    const merged = mergeHooksJson(HAND_WRITTEN);
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    expect(merged.changed).toBe(true);
    // Every line as it was; the last group gains the comma before the new one.
    expect(merged.text).toBe(
      HAND_WRITTEN.replace(
        '                "matcher": "^apply_patch$"\n            }\n',
        `                "matcher": "^apply_patch$"\n            },\n            ${JSON.stringify(GUARD_GROUP, null, 4).split("\n").join("\n            ")}\n`,
      ),
    );
    const value = readJsonc(merged.text) as { hooks: { PreToolUse: { matcher: string }[] } };
    expect(value.hooks.PreToolUse.map((g) => g.matcher)).toEqual(["^apply_patch$", "^Bash$"]);
    // A second merge changes nothing.
    const again = mergeHooksJson(merged.text);
    expect(again).toEqual({ ok: true, text: merged.text, changed: false });
  });

  it("adds PreToolUse when the file has none", () => {
    const merged = mergeHooksJson('{\n  "hooks": {}\n}\n');
    expect(merged.ok && (readJsonc(merged.text) as { hooks: object }).hooks).toEqual({
      PreToolUse: [
        { matcher: "^Bash$", hooks: [{ type: "command", command: GUARD_COMMAND, timeout: 10 }] },
      ],
    });
  });

  it("keeps a file that already runs the guard as it is", () => {
    expect(mergeHooksJson(newHooksJson())).toMatchObject({ ok: true, changed: false });
  });

  it.each([
    ['{ "hooks": { ', "not strict JSON (line 1: "],
    ['// ours\n{"hooks": {}}', "not strict JSON (line 1: InvalidCommentToken)"],
    ['{"hooks": {"PreToolUse": [],}}', "not strict JSON"],
    ["[1]", "not a JSON object"],
    ['{"hooks": []}', '"hooks" is not an object'],
    ['{"hooks": {"PreToolUse": {}}}', "not an array"],
    [
      '{"hooks": {"PreToolUse": [{"matcher": "*", "hooks": [{"type": "command", "command": "node .codex/hooks/guard.cjs"}]}]}}',
      "already runs",
    ],
  ])("refuses %j and gives the lines to add", (text, why) => {
    const merged = mergeHooksJson(text);
    expect(merged.ok).toBe(false);
    if (merged.ok) return;
    expect(merged.reason).toContain(why);
    expect(merged.add).toContain('"matcher":"^Bash$"');
  });
});

describe("mergeForbidden", () => {
  it("adds the skill's key and keeps the others as written", () => {
    const text = '{\n    "other": [ "rm -rf" ]\n}\n';
    const merged = mergeForbidden(text, "drift", ["terraform apply"], false);
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    expect(merged.text).toBe(
      '{\n    "other": [ "rm -rf" ],\n    "drift": [\n        "terraform apply"\n    ]\n}\n',
    );
    expect(readJsonc(merged.text)).toEqual({ other: ["rm -rf"], drift: ["terraform apply"] });
    expect(merged.map).toEqual({ other: ["rm -rf"], drift: ["terraform apply"] });
  });

  it("refuses another list under the same key unless told to replace it", () => {
    const text = '{"drift": ["kubectl delete"]}';
    expect(mergeForbidden(text, "drift", ["terraform apply"], false).ok).toBe(false);
    expect(mergeForbidden(text, "drift", ["terraform apply"], true).ok).toBe(true);
    expect(mergeForbidden(text, "drift", ["kubectl delete"], false)).toMatchObject({
      ok: true,
      changed: false,
    });
    expect(mergeForbidden("{", "drift", [], false).ok).toBe(false);
    // The guard reads it with JSON.parse: a comment would make it block every call.
    expect(mergeForbidden('{"a": []} // x', "drift", [], false).ok).toBe(false);
  });
});
