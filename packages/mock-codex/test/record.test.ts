// `ops-skill record`'s library without Codex: the proxy in front of the stub Responses server,
// the cassette built from the model turns and a recorded `--json` transcript (which mock-codex
// then replays to the same stdout), blocked calls, side files, and redaction.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  assistantMessage,
  type ExecEvent,
  parseExecJsonLines,
  renderTurnEvents,
  type ScriptedTurn,
  shellCall,
  startResponsesServer,
} from "@ops-skill/codex";
import { base62, crc32 } from "@ops-skill/core/secrets";
import { afterEach, describe, expect, it } from "vitest";
import { formatCassetteProblem, parseCassette, runExec } from "../src/index.js";
import {
  buildCassette,
  type ModelTurn,
  modelTurns,
  recordProviderArgs,
  startRecordingProxy,
} from "../src/record.js";
import { Redactor, redactTexts } from "../src/record-redaction.js";

const CASES = join(dirname(fileURLToPath(import.meta.url)), "../../../conformance/mock/cases");
const THREAD = "00000000-0000-7000-8000-000000000000";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const user = (text: string) => ({
  type: "message",
  role: "user",
  content: [{ type: "input_text", text }],
});
const fedBack = (callId: string, code: number, output: string, seconds = "0.0120") => ({
  type: "function_call_output",
  call_id: callId,
  output: `Chunk ID: 0a1b2c\nWall time: ${seconds} seconds\nProcess exited with code ${code}\nOriginal token count: 2\nOutput:\n${output}`,
});

async function post(url: string, body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-test" },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

/** Replays a built cassette with mock-codex exec, as `codex exec --json` would print it. */
function replay(text: string, files: Array<{ path: string; content: string }> = []) {
  const dir = mkdtempSync(join(tmpdir(), "record-test-"));
  for (const file of files) {
    const path = join(dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  writeFileSync(join(dir, "session.jsonl"), text);
  return runExec(["--json", "--skip-git-repo-check", "--cassette", "session.jsonl", "Run."], {
    cwd: dir,
    env: { MOCK_CODEX_THREAD_ID: THREAD },
    stdin: undefined,
  });
}

function turnsOf(name: string): ScriptedTurn[] {
  return (
    JSON.parse(readFileSync(join(CASES, name, "case.json"), "utf8")) as { turns: ScriptedTurn[] }
  ).turns;
}

describe("the recording proxy", () => {
  it("forwards each request to the upstream, streams its answer back, and keeps both", async () => {
    const turns = turnsOf("command-succeeds");
    const stub = await startResponsesServer({ turns });
    closers.push(stub.close);
    const proxy = await startRecordingProxy(stub.url);
    closers.push(proxy.close);
    const first = { model: "m", input: [user("Run the check.")] };
    const answer = await post(proxy.url, first);
    expect(answer).toEqual({
      status: 200,
      text: renderTurnEvents("resp_0", turns[0] as ScriptedTurn),
    });
    expect(stub.requests).toEqual([first]);
    expect(proxy.exchanges[0]).toMatchObject({ method: "POST", path: "/responses", status: 200 });
    const missing = await fetch(`${proxy.url}/nothing-here`);
    expect(missing.status).toBe(404);
    expect(modelTurns(proxy.exchanges)).toEqual([
      { request: first, items: turns[0]?.items, usage: turns[0]?.usage },
    ]);
  });

  it("answers 502 naming an upstream it cannot reach", async () => {
    const proxy = await startRecordingProxy("http://127.0.0.1:9/v1");
    closers.push(proxy.close);
    const answer = await post(proxy.url, { input: [] });
    expect(answer.status).toBe(502);
    expect(answer.text).toContain("record: the upstream http://127.0.0.1:9/v1 cannot be reached");
    expect(modelTurns(proxy.exchanges)).toEqual([]);
  });

  it("is given to Codex as a model provider whose key comes from the API key variable", () => {
    expect(recordProviderArgs("http://127.0.0.1:5/v1")).toEqual([
      "-c",
      "model_provider=ops_skill_record",
      "-c",
      'model_providers.ops_skill_record={name="ops_skill_record",base_url="http://127.0.0.1:5/v1",wire_api="responses",env_key="OPENAI_API_KEY"}',
    ]);
  });
});

/** Model turns as the proxy captures them, for a recorded session's scripted turns. */
function capturedTurns(
  turns: ScriptedTurn[],
  outputs: Array<Record<string, unknown>>,
): ModelTurn[] {
  const input: unknown[] = [user("Run.")];
  return turns.map((turn, index) => {
    if (index > 0) {
      for (const item of turns[index - 1]?.items ?? []) {
        if (item.type !== "function_call") continue;
        input.push(item);
        const output = outputs.shift();
        if (output !== undefined) input.push(output);
      }
    }
    return {
      request: { input: [...input] },
      items: turn.items as unknown as Array<Record<string, unknown>>,
      usage: turn.usage as unknown as Record<string, unknown>,
    };
  });
}

const eventsOf = (name: string, file = "stdout"): ExecEvent[] =>
  parseExecJsonLines(readFileSync(join(CASES, name, file), "utf8")).events;

const ONE = { input_tokens: 1, output_tokens: 1, total_tokens: 2 };

const invocation = { prompt: "Run.", args: ["--json"], codexVersion: "0.0.0", inputs: {} };

describe("the cassette of a recorded session", () => {
  for (const [name, outputs] of [
    ["command-succeeds", [fedBack("call_1", 0, "hello\n")]],
    [
      "command-fails",
      [
        fedBack(
          "call_1",
          2,
          "ls: cannot access '/definitely-missing-dir': No such file or directory\n",
        ),
        fedBack("call_2", 3, "it's broken\n"),
      ],
    ],
    [
      "parallel-commands",
      [fedBack("call_a", 0, "a\nb\n"), fedBack("call_b", 0, "ok\n"), fedBack("call_c", 0, "")],
    ],
    ["big-output", [fedBack("call_1", 0, "Warning: truncated output ...")]],
  ] as const) {
    it(`replays ${name} with mock-codex to the stdout Codex printed`, async () => {
      const built = buildCassette({
        invocation,
        turns: capturedTurns(turnsOf(name), [...outputs]),
        events: eventsOf(name),
        sideDirectory: "session.files",
      });
      expect(built.notes).toEqual([]);
      const parsed = parseCassette(built.text, {
        file: "session.jsonl",
        readSideFile: (path) => built.sideFiles.find((file) => file.path === path)?.content,
      });
      if (!parsed.ok) throw new Error(formatCassetteProblem(parsed.problem));
      const result = await replay(built.text, built.sideFiles);
      expect(result.stdout).toBe(readFileSync(join(CASES, name, "stdout"), "utf8"));
      expect(result.exitCode).toBe(0);
    });
  }

  it("keeps whole outputs in side files and the wall time as the duration", () => {
    const built = buildCassette({
      invocation,
      turns: capturedTurns(turnsOf("big-output"), [fedBack("call_1", 0, "cut", "1.25")]),
      events: eventsOf("big-output"),
      sideDirectory: "session.files",
    });
    expect(built.sideFiles.map((file) => [file.path, file.content.length])).toEqual([
      ["session.files/call_1.out", 4096 * 50],
    ]);
    const result = JSON.parse(built.text.split("\n")[3] as string);
    expect(result).toEqual({
      type: "command_result",
      call_id: "call_1",
      exit_code: 0,
      duration_ms: 1250,
      output_file: "session.files/call_1.out",
    });
  });

  it("records a failed turn and the warnings", async () => {
    const built = buildCassette({
      invocation,
      turns: [],
      events: eventsOf("failed-turn"),
      sideDirectory: "s.files",
    });
    const records = built.text
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(records.map((record) => record.type)).toEqual(["cassette", "warning", "turn_failed"]);
    expect((await replay(built.text)).stdout).toBe(
      readFileSync(join(CASES, "failed-turn", "stdout"), "utf8"),
    );
  });

  it("leaves a blocked call out of the output, as Codex prints no item for it", async () => {
    const turns: ScriptedTurn[] = [
      { items: [shellCall("rm -rf /srv", "call_1")], usage: ONE },
      { items: [shellCall("echo hi", "call_2")], usage: ONE },
      { items: [assistantMessage("Done.")], usage: ONE },
    ];
    const blocked = {
      type: "function_call_output",
      call_id: "call_1",
      output: "Command blocked by PreToolUse hook: read-only runbook. Command: rm -rf /srv",
    };
    const events = parseExecJsonLines(
      [
        '{"type":"thread.started","thread_id":"t"}',
        '{"type":"turn.started"}',
        '{"type":"item.started","item":{"id":"item_0","type":"command_execution","command":"/bin/bash -lc \'echo hi\'","aggregated_output":"","exit_code":null,"status":"in_progress"}}',
        '{"type":"item.completed","item":{"id":"item_0","type":"command_execution","command":"/bin/bash -lc \'echo hi\'","aggregated_output":"hi\\n","exit_code":0,"status":"completed"}}',
        '{"type":"item.completed","item":{"id":"item_1","type":"agent_message","text":"Done."}}',
        '{"type":"turn.completed","usage":{"input_tokens":3,"cached_input_tokens":0,"cache_write_input_tokens":0,"output_tokens":3,"reasoning_output_tokens":0}}',
        "",
      ].join("\n"),
    ).events;
    const built = buildCassette({
      invocation,
      turns: capturedTurns(turns, [blocked, fedBack("call_2", 0, "hi\n")]),
      events,
      sideDirectory: "s.files",
    });
    const first = JSON.parse(built.text.split("\n")[1] as string);
    expect(first.output).toEqual([]);
    expect(first.blocked).toEqual([
      { call_id: "call_1", cmd: "rm -rf /srv", output: blocked.output },
    ]);
    // Replayed where no hook blocks the call any more, mock-codex stops naming it (the
    // cassette's blocked call is checked against the hooks of the run, docs/cassettes.md#hooks).
    const replayed = await replay(built.text);
    expect(replayed.exitCode).toBe(1);
    expect(replayed.stdout).toBe("");
    expect(replayed.stderr).toContain("rm -rf /srv");
  });

  it("names the calls of tools a cassette cannot hold", () => {
    const built = buildCassette({
      invocation,
      turns: [
        {
          request: { input: [] },
          items: [
            { type: "function_call", name: "write_stdin", arguments: "{}", call_id: "c" },
            assistantMessage("ok") as unknown as Record<string, unknown>,
          ],
          usage: undefined,
        },
      ],
      events: [],
      sideDirectory: "s.files",
    });
    expect(built.notes).toEqual([
      "model turn 1: a call of `write_stdin` is not recorded (a cassette holds exec_command calls and messages)",
    ]);
  });
});

/** A GitHub token with valid check digits (random, so never a real one). */
function githubToken(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const body = Array.from(randomBytes(30), (byte) => alphabet[byte % 62]).join("");
  return `ghp_${body}${base62(crc32(body), 6)}`;
}

function privateKey(): string {
  const body = randomBytes(900)
    .toString("base64")
    .replace(/(.{64})/g, "$1\n");
  return `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\n`;
}

describe("redaction at record time", () => {
  it("replaces each secret by one stable placeholder across the texts", () => {
    const token = githubToken();
    const [a, b, c] = redactTexts([
      `export GITHUB_TOKEN=${token}`,
      `curl -H "Authorization: token ${token}" https://api.github.com`,
      "nothing here",
    ]);
    expect(a).toBe("export GITHUB_TOKEN=[REDACTED:github-token:1]");
    expect(b).toBe(
      'curl -H "Authorization: token [REDACTED:github-token:1]" https://api.github.com',
    );
    expect(c).toBe("nothing here");
  });

  it("redacts private keys, base64 keys of a Kubernetes TLS secret, bearer tokens and named values", () => {
    const pem = privateKey();
    const tls = Buffer.from(pem).toString("base64");
    const other = randomBytes(48).toString("base64");
    const bearer = `Zx9${randomBytes(24).toString("hex")}Q7`;
    const redactor = new Redactor({
      values: [
        { value: "hunter2-prod-db", label: "value" },
        { value: "s3cr3t-from-env", label: "env-DB_PASSWORD" },
      ],
    });
    const texts = [
      pem,
      `data:\n  tls.crt: ${Buffer.from("cert").toString("base64")}\n  tls.key: ${tls}\n`,
      `{"data":{"tls.key":"${other}"}}`,
      `curl -H "Authorization: Bearer ${bearer}" https://x`,
      "psql postgres://app:hunter2-prod-db@db/app; echo s3cr3t-from-env",
    ];
    for (const text of texts) redactor.scan(text);
    const out = texts.map((text) => redactor.redact(text));
    const all = out.join("\n");
    for (const secret of [tls, other, bearer, "hunter2-prod-db", "s3cr3t-from-env"]) {
      expect(all).not.toContain(secret);
    }
    expect(out[0]).toBe("-----BEGIN RSA PRIVATE KEY-----[REDACTED:private-key:3]\n");
    expect(out[1]).toContain("tls.key: [REDACTED:");
    expect(out[2]).toMatch(/^\{"data":\{"tls.key":"\[REDACTED:tls-key:\d+\]"\}\}$/);
    expect(out[3]).toMatch(/Bearer \[REDACTED:bearer-token:\d+\]"/);
    expect(out[4]).toBe(
      "psql postgres://app:[REDACTED:value:1]@db/app; echo [REDACTED:env-DB_PASSWORD:2]",
    );
    // The TLS key is one secret, found both as a `tls.key` value and as an encoded private key.
    expect(redactor.size).toBe(6);
  });

  it("redacts the recorded cassette everywhere a secret appears", () => {
    const token = githubToken();
    const turns: ScriptedTurn[] = [
      { items: [shellCall(`echo ${token}`, "call_1")] },
      { items: [assistantMessage(`Printed ${token}.`)] },
    ];
    const events = parseExecJsonLines(
      [
        '{"type":"thread.started","thread_id":"t"}',
        '{"type":"turn.started"}',
        `{"type":"item.completed","item":{"id":"item_0","type":"command_execution","command":"x","aggregated_output":"${token}\\n","exit_code":0,"status":"completed"}}`,
        `{"type":"item.completed","item":{"id":"item_1","type":"agent_message","text":"Printed ${token}."}}`,
        '{"type":"turn.completed","usage":{"input_tokens":1,"output_tokens":1}}',
      ].join("\n"),
    ).events;
    const built = buildCassette({
      invocation: { ...invocation, prompt: `Check ${token}` },
      turns: capturedTurns(turns, [fedBack("call_1", 0, `${token}\n`)]),
      events,
      sideDirectory: "s.files",
    });
    expect(built.text).not.toContain(token);
    expect(built.text.match(/\[REDACTED:github-token:1\]/g)).toHaveLength(4);
    expect(built.redacted).toEqual({ "github-token": 1 });
  });
});
