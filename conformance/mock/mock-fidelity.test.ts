// The fidelity test: `mock-codex exec` on each session recorded from the real Codex 0.169.0
// (conformance/mock/cases, re-recorded by `node conformance/record.mjs mock`) gives the same
// stdout, the same `-o` file, the same exit code (verdicts.json) and, outside human mode (whose
// log holds timings and machine warnings), the same stderr. The recorded transcript is the
// cassette, as it is. No Codex runs.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { MockCaseManifest } from "./record.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const CASES = join(HERE, "cases");
const BIN = join(HERE, "../../packages/mock-codex/bin/mock-codex.js");
const THREAD_ID_PLACEHOLDER = "00000000-0000-7000-8000-000000000000";

type MockCase = Omit<MockCaseManifest, "turns">;

const names = readdirSync(CASES).sort();

const verdicts = JSON.parse(readFileSync(join(HERE, "verdicts.json"), "utf8")) as {
  cases: Record<string, { exitCode: number }>;
};

interface ScriptTurn {
  items?: {
    type: string;
    call_id?: string;
    arguments?: string;
    content?: { text: string }[];
  }[];
  usage?: { input_tokens: number; output_tokens: number };
  status?: number;
  body?: string;
}

const HOOK_TRUST_WARNING =
  "`--dangerously-bypass-hook-trust` is enabled. Enabled hooks may run without review for this invocation.";

/**
 * A cassette file (version 1) of a recorded session built from its script: the model's turns
 * with the raw commands, each command's result from the transcript, the warnings Codex printed
 * once each, without those the flags draw. What mock-codex adds to it (the redaction, the
 * warnings of the flags, the schema's rejection, the summed usage) must give the same output.
 */
function cassetteFromScript(
  recorded: MockCase & { turns: ScriptTurn[] },
  transcript: string,
): string {
  const events = transcript
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as { type: string; item?: Record<string, unknown> });
  const warnings = [
    ...new Set(
      events
        .filter((e) => e.type === "item.completed" && e.item?.type === "error")
        .map((e) => String(e.item?.message))
        .filter((message) => message !== HOOK_TRUST_WARNING),
    ),
  ];
  const results = events.filter(
    (e) => e.type === "item.completed" && e.item?.type === "command_execution",
  );
  const lines: unknown[] = [
    { type: "cassette", version: 1, invocation: { prompt: recorded.prompt, args: recorded.args } },
    ...warnings.map((message) => ({ type: "warning", message })),
  ];
  for (const turn of recorded.turns) {
    if (turn.status !== undefined) {
      lines.push({ type: "turn_failed", message: turn.body });
      break;
    }
    const output = (turn.items ?? []).map((item) =>
      item.type === "function_call"
        ? {
            type: "exec_command",
            call_id: item.call_id,
            cmd: (JSON.parse(String(item.arguments)) as { cmd: string }).cmd,
          }
        : { type: "message", text: item.content?.[0]?.text ?? "" },
    );
    lines.push({ type: "model_turn", usage: turn.usage, output });
    for (const entry of output) {
      if (entry.type !== "exec_command") continue;
      const result = results.shift()?.item;
      if (result === undefined) continue;
      lines.push({
        type: "command_result",
        call_id: entry.call_id,
        exit_code: result.exit_code,
        aggregated_output: result.aggregated_output,
      });
    }
  }
  return `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`;
}

/** Runs mock-codex as the case ran Codex, on `cassette`, and compares with the recording. */
function replay(name: string, makeCassette: (dir: string, scratch: string) => string | undefined) {
  const dir = join(CASES, name);
  const recorded = JSON.parse(readFileSync(join(dir, "case.json"), "utf8")) as MockCase;
  const exitCode = verdicts.cases[name]?.exitCode;
  const stdout = readFileSync(join(dir, "stdout"), "utf8");
  const stderr = readFileSync(join(dir, "stderr"), "utf8");
  const json = recorded.args.includes("--json");

  const scratch = mkdtempSync(join(tmpdir(), "mock-fidelity-"));
  const cassette = makeCassette(dir, scratch);
  const project = join(scratch, "project");
  mkdirSync(project);
  if (existsSync(join(dir, "project"))) cpSync(join(dir, "project"), project, { recursive: true });
  if (recorded.git !== false) {
    mkdirSync(join(project, ".git"));
    writeFileSync(join(project, ".git/HEAD"), "ref: refs/heads/main\n");
  }
  const codexHome = join(scratch, "codex-home");
  mkdirSync(codexHome);
  if (existsSync(join(dir, "codex-home")))
    cpSync(join(dir, "codex-home"), codexHome, { recursive: true });
  const stub = ["-c", "model_provider=stub", "-c", "model_providers.stub={}", "-m", "gpt-5.4"];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...recorded.env,
    CODEX_HOME: codexHome,
    MOCK_CODEX_THREAD_ID: THREAD_ID_PLACEHOLDER,
  };
  delete env.MOCK_CODEX_CASSETTE;
  delete env.MOCK_CODEX_CASSETTES;
  if (cassette !== undefined) env.MOCK_CODEX_CASSETTE = cassette;
  const result = spawnSync(
    process.execPath,
    recorded.topLevel
      ? [BIN, ...recorded.args]
      : [
          BIN,
          "exec",
          ...stub,
          ...recorded.args,
          ...(recorded.prompt === undefined ? [] : [recorded.prompt]),
        ],
    { cwd: project, env, input: recorded.stdin ?? "", encoding: "utf8" },
  );
  expect(result.stdout.split(codexHome).join("<codex-home>")).toBe(stdout);
  expect(result.status).toBe(exitCode);
  if (json) expect(result.stderr).toBe(stderr);
  else {
    // Human mode: the same log but for timings and the sandbox's note about this machine.
    const machineNote = /^warning: Codex could not find bubblewrap on PATH\..*\n/m;
    expect(
      result.stderr
        .split(project)
        .join("<project>")
        .replace(/^session id: .*$/m, "session id: <uuid>")
        .replace(/ in \d+ms:/g, " in <duration>:"),
    ).toBe(stderr.replace(machineNote, ""));
  }
  const lastMessage = join(dir, "last-message");
  if (recorded.outputFile !== undefined) {
    const written = join(project, recorded.outputFile);
    expect(existsSync(written)).toBe(existsSync(lastMessage));
    if (existsSync(lastMessage)) {
      expect(readFileSync(written, "utf8")).toBe(readFileSync(lastMessage, "utf8"));
    }
  }
}

/** The session's raw transcript: `stdout` in --json mode, `transcript.jsonl` in human mode. */
function transcriptOf(dir: string): string | undefined {
  if (existsSync(join(dir, "transcript.jsonl"))) return join(dir, "transcript.jsonl");
  const recorded = JSON.parse(readFileSync(join(dir, "case.json"), "utf8")) as MockCase;
  const stdout = readFileSync(join(dir, "stdout"), "utf8");
  return recorded.args.includes("--json") && stdout !== "" ? join(dir, "stdout") : undefined;
}

describe("mock-codex replays what the real Codex printed", () => {
  it("has the recorded sessions", () => {
    expect(names.length).toBeGreaterThanOrEqual(36);
  });

  for (const name of names) it(name, () => replay(name, (dir) => transcriptOf(dir)));
});

describe("mock-codex replays a cassette file of the session's script as the real Codex printed it", () => {
  const scripted = names.filter((name) => {
    const dir = join(CASES, name);
    const recorded = JSON.parse(readFileSync(join(dir, "case.json"), "utf8")) as {
      turns: unknown[];
    };
    return recorded.turns.length > 0 && transcriptOf(dir) !== undefined;
  });

  it("covers every session with a transcript", () => {
    expect(scripted.length).toBeGreaterThanOrEqual(20);
  });

  for (const name of scripted) {
    it(name, () =>
      replay(name, (dir, scratch) => {
        const recorded = JSON.parse(readFileSync(join(dir, "case.json"), "utf8"));
        const path = join(scratch, "session.jsonl");
        writeFileSync(
          path,
          cassetteFromScript(recorded, readFileSync(transcriptOf(dir) as string, "utf8")),
        );
        return path;
      }),
    );
  }
});
