import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  formatCassetteProblem,
  MOCKED_CODEX_VERSION,
  parseCassette,
  renderJsonEvents,
  renderSession,
  type Session,
} from "../src/index.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
const RECORDED = join(FIXTURES, "../../../../conformance/mock/cases");

function load(name: string, base = FIXTURES) {
  const file = join(base, name);
  return parseCassette(readFileSync(file, "utf8"), {
    file: name,
    readSideFile: (path) => {
      try {
        return readFileSync(join(base, path), "utf8");
      } catch {
        return undefined;
      }
    },
  });
}

function session(name: string): Session {
  const result = load(name);
  if (!result.ok) throw new Error(formatCassetteProblem(result.problem));
  return result.session;
}

function problem(name: string): string {
  const result = load(name);
  if (result.ok) throw new Error(`${name} loaded`);
  return formatCassetteProblem(result.problem);
}

describe("raw transcripts are cassettes as they are", () => {
  const transcripts = readdirSync(RECORDED).flatMap((name) =>
    ["stdout", "transcript.jsonl"]
      .map((file) => join(name, file))
      .filter((path) => {
        try {
          return readFileSync(join(RECORDED, path), "utf8").startsWith('{"type":"thread.started"');
        } catch {
          return false;
        }
      }),
  );

  it("finds the recorded transcripts", () => {
    expect(transcripts.length).toBeGreaterThanOrEqual(9);
  });

  for (const path of transcripts) {
    it(`re-renders ${path} byte for byte`, () => {
      const text = readFileSync(join(RECORDED, path), "utf8");
      const result = parseCassette(text, { file: path });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.session.form).toBe("transcript");
      expect(renderJsonEvents(result.session, "00000000-0000-7000-8000-000000000000")).toBe(text);
    });
  }
});

describe("cassette files", () => {
  it("reads the invocation, the turns and the side files", () => {
    const native = session("native.jsonl");
    expect(native.form).toBe("cassette");
    expect(native.version).toBe(1);
    expect(native.invocation.prompt).toBe("Run drift-check.");
    // The fixtures are cassettes of the pinned Codex, the release mock-codex imitates.
    expect(native.invocation.codexVersion).toBe(MOCKED_CODEX_VERSION);
    expect(native.invocation.inputs).toEqual({
      skills: { ".agents/skills/drift-check/SKILL.md": "sha256:4f2a" },
      schema: "sha256:9b1c",
      hooks: {},
    });
  });

  it("renders Codex's events: ids from item_0, quoting, status from the exit code, summed usage", () => {
    const lines = renderJsonEvents(session("native.jsonl"), "t").trimEnd().split("\n");
    expect(lines).toEqual([
      '{"type":"thread.started","thread_id":"t"}',
      '{"type":"item.completed","item":{"id":"item_0","type":"error","message":"Model metadata for `gpt-5.4` not found. Defaulting to fallback metadata; this can degrade performance and cause issues."}}',
      '{"type":"turn.started"}',
      '{"type":"item.started","item":{"id":"item_1","type":"command_execution","command":"/bin/bash -lc \\"printf \'a\\\\\\\\nb\\\\\\\\n\'\\"","aggregated_output":"","exit_code":null,"status":"in_progress"}}',
      '{"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"/bin/bash -lc \\"printf \'a\\\\\\\\nb\\\\\\\\n\'\\"","aggregated_output":"a\\nb\\n","exit_code":0,"status":"completed"}}',
      '{"type":"item.started","item":{"id":"item_2","type":"command_execution","command":"/bin/bash -lc \'kubectl get pods\'","aggregated_output":"","exit_code":null,"status":"in_progress"}}',
      '{"type":"item.completed","item":{"id":"item_2","type":"command_execution","command":"/bin/bash -lc \'kubectl get pods\'","aggregated_output":"error: You must be logged in to the server (Unauthorized)\\n","exit_code":1,"status":"failed"}}',
      '{"type":"item.completed","item":{"id":"item_3","type":"agent_message","text":"{\\"status\\":\\"drift\\",\\"summary\\":\\"pods down\\"}"}}',
      '{"type":"turn.completed","usage":{"input_tokens":220,"cached_input_tokens":100,"cache_write_input_tokens":0,"output_tokens":18,"reasoning_output_tokens":0}}',
    ]);
  });

  it("renders a failed turn: error, turn.failed, exit 1, -o empty", () => {
    const rendered = renderSession(session("failed.jsonl"), {
      json: true,
      threadId: "t",
      codexVersion: MOCKED_CODEX_VERSION,
      cwd: "/w",
      model: "m",
      provider: "p",
      sandbox: "read-only",
      prompt: "Run the check.",
    });
    expect(rendered.exitCode).toBe(1);
    expect(rendered.lastMessage).toBe("");
    expect(rendered.stdout.trimEnd().split("\n").slice(-2)).toEqual([
      '{"type":"error","message":"stream disconnected before completion: stream closed before response.completed"}',
      '{"type":"turn.failed","error":{"message":"stream disconnected before completion: stream closed before response.completed"}}',
    ]);
  });
});

describe("bad cassettes: an error naming the file and line", () => {
  it.each([
    [
      "truncated-transcript.jsonl",
      "truncated-transcript.jsonl:6: truncated: the last line is not complete JSON",
    ],
    [
      "unfinished-transcript.jsonl",
      "unfinished-transcript.jsonl:5: truncated: the transcript ends before turn.completed or turn.failed",
    ],
    [
      "future-version.jsonl",
      "future-version.jsonl:1: unknown cassette version 2 (this mock-codex reads version 1)",
    ],
    ["corrupt-line.jsonl", "corrupt-line.jsonl:3: not JSON ("],
    ["orphan-result.jsonl", 'orphan-result.jsonl:3: no exec_command call "c9" waits for a result'],
    ["missing-side-file.jsonl", 'missing-side-file.jsonl:3: side file "nowhere.out" is missing'],
    [
      "not-a-cassette.jsonl",
      'not-a-cassette.jsonl:1: not a cassette: the first line is "turn.started", expected "cassette" or "thread.started"',
    ],
  ])("%s", (name, message) => {
    expect(problem(name).startsWith(message)).toBe(true);
  });

  it("an empty file or binary data", () => {
    const empty = parseCassette("", { file: "e" });
    expect(empty.ok ? "" : formatCassetteProblem(empty.problem)).toBe("e: empty: no events");
    const binary = parseCassette("\u0000\u0001", { file: "b" });
    expect(binary.ok ? "" : formatCassetteProblem(binary.problem)).toBe(
      "b: binary data, not a cassette",
    );
  });
});
