import { describe, expect, it } from "vitest";
import { toolCallOutput } from "../src/index.js";
import { readJsonFixture } from "./fixtures.js";

// The tool items of the requests of a real run (hooks case `tool-names-apply-patch`): a shell
// call, two apply_patch calls (custom tool calls) and a tool_search call, each blocked by a hook.
const requests = readJsonFixture("requests-hook-tool-calls.json") as unknown[];

describe("toolCallOutput", () => {
  it("reads what the model got back for a function call", () => {
    expect(toolCallOutput(requests, "call_probe")).toMatch(
      /^Command blocked by PreToolUse hook: ops-skill policy: Bash is blocked here\. Command: echo ops-skill-probe/,
    );
    expect(toolCallOutput(requests, "call_tool_search")).toBe(
      "Tool call blocked by PreToolUse hook: ops-skill policy: tool_search is blocked here. Tool: tool_search",
    );
  });

  it("reads custom tool calls' outputs too, from the first request that carries them", () => {
    expect(toolCallOutput(requests, "call_apply_patch_w")?.split("\n")[0]).toBe(
      "Command blocked by PreToolUse hook: ops-skill policy: Write matched apply_patch. Command: *** Begin Patch",
    );
    expect(toolCallOutput(requests, "call_apply_patch_e")).toContain("Edit matched apply_patch");
  });

  it("is undefined for a call no request answers, and skips requests without input", () => {
    expect(toolCallOutput(requests, "call_never_made")).toBeUndefined();
    expect(toolCallOutput([null, {}, { input: "text" }], "call_probe")).toBeUndefined();
  });

  it("gives a structured output as its JSON", () => {
    const request = {
      input: [
        { type: "function_call_output", call_id: "c", output: [{ type: "text", text: "x" }] },
      ],
    };
    expect(toolCallOutput([request], "c")).toBe('[{"type":"text","text":"x"}]');
  });
});
