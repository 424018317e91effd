import { describe, expect, it } from "vitest";
import { GUARD_COMMAND, mergeForbidden, mergeHooksJson, newHooksJson, readJsonc } from "./merge.js";

const WITH_COMMENTS = `// Our hooks. Keep this comment.
{
  /* audit every prompt */
  "hooks": {
    "UserPromptSubmit": [
      { "hooks": [{ "type": "command", "command": "node audit.mjs" }] }, // trailing
    ],
    "PreToolUse": [
      {
        "matcher": "^apply_patch$", // patches
        "hooks": [{ "type": "command", "command": "node patch-check.mjs" }]
      }
    ]
  }
}
`;

describe("mergeHooksJson", () => {
  it("adds the guard group and keeps every line and comment", () => {
    const merged = mergeHooksJson(WITH_COMMENTS);
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    expect(merged.changed).toBe(true);
    const after = merged.text.split("\n");
    for (const line of WITH_COMMENTS.split("\n")) {
      if (line.trim() === "}" || line.trim() === "]") continue; // closing brackets may move
      expect(after).toContain(line);
    }
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
    ['{ "hooks": { ', "does not parse"],
    ["[1]", "not a JSON object"],
    ['{"hooks": []}', '"hooks" is not an object'],
    ['{"hooks": {"PreToolUse": {}}}', "not an array"],
    [
      '{"hooks": {"PreToolUse": [{"matcher": "*", "hooks": [{"type": "command", "command": "node .codex/hooks/guard.mjs"}]}]}}',
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
  it("adds the skill's key and keeps the others and their comments", () => {
    const text = '{\n  // ours\n  "other": ["rm -rf"]\n}\n';
    const merged = mergeForbidden(text, "drift", ["terraform apply"], false);
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    expect(merged.text).toContain("// ours");
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
  });
});
