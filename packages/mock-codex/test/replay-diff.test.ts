import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  commandOfDisplay,
  diffRequest,
  displayCommand,
  formatCassetteProblem,
  formatDifference,
  parseCassette,
  planReplay,
  type ReplayPlan,
  readToolOutput,
  skillsListingLines,
  userPrompt,
} from "../src/index.js";

const RECORDED = join(dirname(fileURLToPath(import.meta.url)), "../../../conformance/mock/cases");

function plan(text: string): ReplayPlan {
  const parsed = parseCassette(text, { file: "t.jsonl" });
  if (!parsed.ok) throw new Error(formatCassetteProblem(parsed.problem));
  const planned = planReplay(parsed.session);
  if (!planned.ok) throw new Error(planned.message);
  return planned.plan;
}

const recordedPlan = (name: string, file = "stdout") =>
  plan(readFileSync(join(RECORDED, name, file), "utf8"));

const user = (text: string) => ({
  type: "message",
  role: "user",
  content: [{ type: "input_text", text }],
});
const env = user("<environment_context>\n  <cwd>/x</cwd>\n</environment_context>");
const toolOutput = (callId: string, code: number, output: string) => ({
  type: "function_call_output",
  call_id: callId,
  output: `Chunk ID: 1a2b3c\nWall time: 0.0012 seconds\nProcess exited with code ${code}\nOriginal token count: 3\nOutput:\n${output}`,
});
const skills = (lines: string[]) => ({
  type: "message",
  role: "developer",
  content: [
    {
      type: "input_text",
      text: `<skills_instructions>\n## Skills\n### Skill roots\n- \`r1\` = \`/p/.agents/skills\`\n### Available skills\n${lines.join("\n")}\n</skills_instructions>`,
    },
  ],
});

const CASSETTE = [
  '{"type":"cassette","version":1,"invocation":{"prompt":"Run drift-check.","inputs":{"skills_listing":["drift-check: Checks drift. (file: r1/drift-check/SKILL.md)"]}}}',
  '{"type":"model_turn","usage":{"input_tokens":10,"output_tokens":2},"output":[{"type":"message","text":"Looking."},{"type":"exec_command","call_id":"c1","cmd":"kubectl get pods"}]}',
  '{"type":"command_result","call_id":"c1","exit_code":1,"aggregated_output":"error: no cluster\\n"}',
  '{"type":"model_turn","usage":{"input_tokens":20,"cached_input_tokens":10,"output_tokens":3},"output":[{"type":"message","text":"Drift."}]}',
  "",
].join("\n");

describe("planning the turns of a session", () => {
  it("serves each command in its own turn and the final message with the summed usage", () => {
    const p = recordedPlan("parallel-commands");
    expect(p.turns.map((turn) => turn.answer.kind)).toEqual([
      "stream",
      "stream",
      "stream",
      "stream",
    ]);
    const cmds = p.turns.flatMap((turn) =>
      turn.answer.kind === "stream"
        ? turn.answer.items.flatMap((item) =>
            item.type === "function_call" ? [JSON.parse(item.arguments).cmd] : [],
          )
        : [],
    );
    expect(cmds).toEqual(["printf 'a\\nb\\n'", "pwd >/dev/null && echo ok", "true"]);
    const last = p.turns.at(-1)?.answer;
    expect(last?.kind === "stream" && last.usage.input_tokens).toBe(630);
    expect(last?.kind === "stream" && last.usage.output_tokens).toBe(63);
    expect(p.turns[1]?.toolOutputs).toEqual([
      { callId: "call_1", cmd: "printf 'a\\nb\\n'", exitCode: 0, output: "a\nb\n" },
    ]);
    expect(p.prompt).toBeUndefined();
  });

  it("answers a failed turn with the API's 400 and the recorded body", () => {
    const p = recordedPlan("failed-turn");
    expect(p.turns).toHaveLength(1);
    expect(p.turns[0]?.answer).toMatchObject({ kind: "error", status: 400 });
    const answer = p.turns[0]?.answer;
    const body = answer?.kind === "error" ? answer.body : "";
    expect(JSON.parse(body).error.code).toBe("invalid_json_schema");
  });

  it("keeps a message before a command in the command's turn, and the cassette's prompt and listing", () => {
    const p = plan(CASSETTE);
    expect(p.turns).toHaveLength(2);
    const first = p.turns[0]?.answer;
    expect(first?.kind === "stream" && first.items.map((item) => item.type)).toEqual([
      "message",
      "function_call",
    ]);
    const last = p.turns[1]?.answer;
    expect(last?.kind === "stream" && last.usage).toEqual({
      input_tokens: 30,
      input_tokens_details: { cached_tokens: 10 },
      output_tokens: 5,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 35,
    });
    expect(p.prompt).toBe("Run drift-check.");
    expect(p.skillsListing).toEqual(["drift-check: Checks drift. (file: r1/drift-check/SKILL.md)"]);
  });

  it("refuses an item it cannot serve", () => {
    const parsed = parseCassette(
      [
        '{"type":"thread.started","thread_id":"t"}',
        '{"type":"turn.started"}',
        '{"type":"item.completed","item":{"id":"item_0","type":"reasoning","text":"hm"}}',
        '{"type":"item.completed","item":{"id":"item_1","type":"agent_message","text":"ok"}}',
        '{"type":"turn.completed","usage":{"input_tokens":1,"output_tokens":1}}',
      ].join("\n"),
      { file: "t" },
    );
    if (!parsed.ok) throw new Error("parse");
    expect(planReplay(parsed.session)).toEqual({
      ok: false,
      message: "a recorded reasoning item cannot be served to Codex (only commands and messages)",
    });
  });
});

describe("a call a hook blocked", () => {
  const BLOCK = "Command blocked by PreToolUse hook: no applies. Command: terraform apply";
  const p = plan(
    [
      '{"type":"cassette","version":1,"invocation":{"prompt":"Go."}}',
      `{"type":"model_turn","output":[],"blocked":[{"call_id":"c1","cmd":"terraform apply","output":${JSON.stringify(BLOCK)}}]}`,
      '{"type":"model_turn","output":[{"type":"message","text":"Refused."}]}',
      "",
    ].join("\n"),
  );
  const fed = (output: string) => ({
    input: [env, user("Go."), { type: "function_call_output", call_id: "call_1", output }],
  });

  it("is served as a call, and the hooks must block it again with the same message", () => {
    expect(p.turns.map((turn) => turn.toolOutputs)).toEqual([
      [],
      [{ callId: "call_1", cmd: "terraform apply", exitCode: null, output: BLOCK, blocked: true }],
    ]);
    expect(diffRequest(p, 1, fed(BLOCK))).toBeUndefined();
  });

  it("says so when it runs, or is blocked for another reason", () => {
    expect(diffRequest(p, 1, fed(toolOutput("call_1", 0, "Apply complete!\n").output))).toEqual({
      request: 2,
      field: 'tool output of call_1 ("terraform apply")',
      recorded: `blocked: ${JSON.stringify(BLOCK)}`,
      seen: "not blocked, exit code 0",
    });
    const other = BLOCK.replace("no applies", "not today");
    expect(diffRequest(p, 1, fed(other))?.seen).toContain("not today");
  });
});

describe("displayed commands", () => {
  it.each([
    "echo hello",
    "true",
    "printf 'a\\nb\\n'",
    "for i in $(seq 1 4096); do printf '%049d\\n' $i; done",
    'echo "it\'s broken" >&2; exit 3',
    "",
  ])("reads back %j", (cmd) => {
    expect(commandOfDisplay(displayCommand(cmd))).toBe(cmd);
  });

  it("refuses what Codex would not display", () => {
    expect(commandOfDisplay("/bin/sh -c true")).toBeUndefined();
    expect(commandOfDisplay("/bin/bash -lc 'unclosed")).toBeUndefined();
    expect(commandOfDisplay("/bin/bash -lc two words")).toBeUndefined();
  });
});

describe("reading what Codex sends", () => {
  it("finds the prompt after the environment context", () => {
    expect(userPrompt({ input: [env, user("Run it.")] })).toBe("Run it.");
    expect(userPrompt({ input: [env] })).toBeUndefined();
    // A `$name` mention of a loaded skill: Codex adds the skill right after the prompt.
    const injected = user(
      "<skill>\n<name>a</name>\n<path>/r/.agents/skills/a/SKILL.md</path>\n---\nname: a\n---\n</skill>",
    );
    expect(userPrompt({ input: [env, user("Run $a."), injected] })).toBe("Run $a.");
  });

  it("lists the skills as Codex lists them", () => {
    expect(skillsListingLines({ input: [skills(["- a: Does a. (file: r1/a/SKILL.md)"])] })).toEqual(
      ["a: Does a. (file: r1/a/SKILL.md)"],
    );
    expect(skillsListingLines({ input: [] })).toBeUndefined();
  });

  it("reads an exit code, a running process, a blocked call and a truncated output", () => {
    expect(readToolOutput(toolOutput("c", 3, "x\n").output)).toEqual({
      exitCode: 3,
      output: "x\n",
    });
    expect(
      readToolOutput(
        "Chunk ID: 1\nWall time: 10.0 seconds\nProcess running with session ID 7\nOriginal token count: 0\nOutput:\n",
      ).exitCode,
    ).toBeNull();
    expect(readToolOutput("Command blocked by PreToolUse hook: no. Command: rm x")).toEqual({
      exitCode: undefined,
      output: "Command blocked by PreToolUse hook: no. Command: rm x",
    });
    const cut = readToolOutput(
      "Chunk ID: 1\nWall time: 0 seconds\nProcess exited with code 0\nOriginal token count: 9\nOutput:\nWarning: truncated output (original token count: 9)\nTotal output lines: 3\n\nab…4 chars truncated…yz",
    );
    expect(cut.truncated).toEqual({ head: "ab", tail: "yz", cut: 4 });
  });
});

describe("the first difference", () => {
  const p = plan(CASSETTE);
  const first = {
    input: [
      skills(["- drift-check: Checks drift. (file: r1/drift-check/SKILL.md)"]),
      env,
      user("Run drift-check."),
    ],
  };
  const second = (output: unknown) => ({ input: [...first.input, output] });

  it("is none for the requests the recording saw", () => {
    expect(diffRequest(p, 0, first)).toBeUndefined();
    expect(
      diffRequest(p, 1, second(toolOutput("call_1", 1, "error: no cluster\n"))),
    ).toBeUndefined();
  });

  it("names a changed prompt", () => {
    const body = { input: [first.input[0], env, user("Run drift-check now.")] };
    expect(diffRequest(p, 0, body)).toEqual({
      request: 1,
      field: "prompt",
      recorded: '"Run drift-check."',
      seen: '"Run drift-check now."',
    });
  });

  it("accepts the prompt with stdin appended", () => {
    const body = { input: [first.input[0], env, user("Run drift-check.\n\n<stdin>\nx\n</stdin>")] };
    expect(diffRequest(p, 0, body)).toBeUndefined();
  });

  it("names a changed skill listing entry", () => {
    const body = {
      input: [
        skills(["- drift-check: Checks drift daily. (file: r1/drift-check/SKILL.md)"]),
        env,
        user("Run drift-check."),
      ],
    };
    expect(diffRequest(p, 0, body)).toEqual({
      request: 1,
      field: "skills listing (entry 1)",
      recorded: '"drift-check: Checks drift. (file: r1/drift-check/SKILL.md)"',
      seen: '"drift-check: Checks drift daily. (file: r1/drift-check/SKILL.md)"',
    });
    expect(diffRequest(p, 0, { input: [env, user("Run drift-check.")] })?.seen).toBe("no entry");
  });

  it("names a tool output that differs, its exit code, or a blocked call", () => {
    expect(diffRequest(p, 1, second(toolOutput("call_1", 1, "error: no context\n")))).toEqual({
      request: 2,
      field: 'tool output of call_1 ("kubectl get pods")',
      recorded: '"error: no cluster\\n"',
      seen: '"error: no context\\n"',
    });
    expect(diffRequest(p, 1, second(toolOutput("call_1", 0, "error: no cluster\n")))).toMatchObject(
      {
        recorded: "exit code 1",
        seen: "exit code 0",
      },
    );
    const blocked = {
      type: "function_call_output",
      call_id: "call_1",
      output: "Command blocked by PreToolUse hook: read-only. Command: kubectl get pods",
    };
    expect(diffRequest(p, 1, second(blocked))).toMatchObject({
      recorded: "exit code 1",
      seen: '"Command blocked by PreToolUse hook: read-only. Command: kubectl get pods"',
    });
    expect(diffRequest(p, 1, first)).toMatchObject({ seen: "no output fed back" });
  });

  it("names a request past the recording", () => {
    const difference = diffRequest(p, 2, first);
    expect(difference).toEqual({
      request: 3,
      field: "number of requests",
      recorded: "2 model turns",
      seen: "request 3",
    });
    expect(formatDifference(difference as NonNullable<typeof difference>)).toBe(
      "replay: request 3 differs from the cassette in its number of requests: recorded 2 model turns, seen request 3",
    );
  });

  it("compares a truncated output by what Codex kept", () => {
    const big = recordedPlan("big-output");
    const expected = big.turns[1]?.toolOutputs[0]?.output as string;
    const keep = (head: number, tail: number, whole = expected) =>
      `Chunk ID: 1\nWall time: 0 seconds\nProcess exited with code 0\nOriginal token count: 51200\nOutput:\nWarning: truncated output (original token count: 51200)\nTotal output lines: 4096\n\n${whole.slice(0, head)}…${whole.length - head - tail} chars truncated…${whole.slice(whole.length - tail)}`;
    const fed = (output: string) => ({
      input: [{ type: "function_call_output", call_id: "call_1", output }],
    });
    expect(diffRequest(big, 1, fed(keep(5000, 5000)))).toBeUndefined();
    const changed = `${expected.slice(0, -2)}7\n`;
    expect(diffRequest(big, 1, fed(keep(5000, 5000, changed)))?.field).toBe(
      `tool output of call_1 (${JSON.stringify("for i in $(seq 1 4096); do printf '%049d\\n' $i; done")})`,
    );
  });
});
