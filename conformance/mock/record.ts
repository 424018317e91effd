/**
 * The mock domain: scripted `codex exec` sessions of the real, pinned Codex, for mock-codex's
 * fidelity test (`conformance/mock/mock-fidelity.test.ts`). Offline: a Responses API stub on
 * 127.0.0.1 plays the model; each case says what the model does turn by turn (shell calls, a
 * final message, an HTTP error), which flags Codex gets, what the project holds (`project/`),
 * what `CODEX_HOME` holds (`codex-home/`) and what stdin carries.
 *
 * The stub also plays the API's strict-mode check: a request whose `text.format.schema` strict
 * mode rejects is answered 400 with the first problem `checkStrictSchema` finds, worded as the
 * API words it (`strictModeRejection`, which mock-codex uses too), as the real API answers one
 * problem per request.
 *
 * Per case the recorder writes, beside `case.json`:
 *   stdout           Codex's stdout, byte for byte, the random thread id replaced by
 *                    THREAD_ID_PLACEHOLDER (in --json mode a raw transcript, which mock-codex
 *                    reads as a cassette as it is)
 *   stderr           Codex's stderr with paths, timestamps, ids and timings replaced
 *   last-message     the `-o` file, when the case passes `-o` and Codex created it
 *   transcript.jsonl for a human-mode session, the stdout of the same session run with --json
 * and `verdicts.json` holds each case's exit code. Nothing random or machine-specific stays, so
 * re-recording an unchanged case is byte-identical.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import {
  codexEnvironment,
  formatServerSentEvent,
  offlineProviderArgs,
  type ResponseOutputItem,
  type ResponseUsage,
  toolCallOutput,
} from "@ops-skill/codex";
import { strictModeRejection } from "@ops-skill/schema/strict";
import {
  type CaseManifest,
  type CorpusCase,
  casesDirOf,
  materializeCase,
  materializeCodexHome,
} from "../lib/corpus.js";
import type { Domain } from "../lib/recorder.js";

export const THREAD_ID_PLACEHOLDER = "00000000-0000-7000-8000-000000000000";

/** One answer of the stub: a streamed turn, or an HTTP error with a raw body. */
export type MockTurn =
  | {
      items: ResponseOutputItem[];
      usage: ResponseUsage;
      /**
       * Milliseconds the stub waits after each item before the next. Codex runs the calls of a
       * turn concurrently and reports whichever finishes first first; a pause makes the order
       * the script's.
       */
      pauseMs?: number;
    }
  | { status: number; body: string };

export interface MockCaseManifest extends CaseManifest {
  /** The `codex exec` flags (after the stub's own `-c`/`-m` flags). */
  args: string[];
  /** Top-level `codex` arguments instead of `exec` (`--help`, `--version`). */
  topLevel?: boolean;
  prompt?: string;
  stdin?: string;
  /** false: the project is not a git repository (default: a `.git` folder with HEAD). */
  git?: boolean;
  /** The `-o` file the case passes, relative to the project. */
  outputFile?: string;
  /** Environment variables for Codex beyond the stub's. */
  env?: Record<string, string>;
  turns: MockTurn[];
}

/** What the model got back for one shell call: the exit line and the output, as Codex sent it. */
export interface ToolResult {
  call: string;
  /** `Process exited with code N`, or the whole text when it has no such line (a blocked call). */
  status: string;
  output: string | undefined;
}

export interface MockRecorded {
  exitCode: number | null;
  /** Per scripted shell call, what the model's next request carried (the evidence behind an item). */
  toolResults: ToolResult[];
  files: Record<string, string>;
}

/** What the case folder may hold besides `case.json`, `project/` and `codex-home/`. */
export const MOCK_CASE_FILES = ["stdout", "stderr", "last-message", "transcript.jsonl"] as const;

const message = (text: string, id: string): ResponseOutputItem => ({
  type: "message",
  role: "assistant",
  id,
  content: [{ type: "output_text", text }],
});

/** The 400 the API answers for a schema strict mode rejects, or undefined. */
function rejectedSchema(body: unknown): string | undefined {
  const format = (body as { text?: { format?: { schema?: unknown } } } | undefined)?.text?.format;
  return format?.schema === undefined ? undefined : strictModeRejection(format.schema);
}

interface Stub {
  url: string;
  requests: unknown[];
  close: () => Promise<void>;
}

/** The exit line and the output of a `function_call_output` (no chunk id, no wall time). */
function toolResult(call: string, text: string | undefined): ToolResult {
  if (text === undefined) return { call, status: "no output", output: undefined };
  const lines = text.split("\n");
  const status = lines.find((line) => line.startsWith("Process exited with code"));
  const at = text.indexOf("\nOutput:\n");
  return {
    call,
    status: status ?? text,
    output: status === undefined ? undefined : at < 0 ? "" : text.slice(at + "\nOutput:\n".length),
  };
}

async function startStub(turns: readonly MockTurn[]): Promise<Stub> {
  let count = 0;
  const requests: unknown[] = [];
  const answer = (raw: string, response: ServerResponse) => {
    const index = count++;
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    requests.push(body);
    const rejected = rejectedSchema(body);
    const turn: MockTurn =
      rejected !== undefined
        ? { status: 400, body: rejected }
        : (turns[index] ?? {
            items: [message("done", `msg_${index}`)],
            usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 },
          });
    if ("status" in turn) {
      response.writeHead(turn.status, { "content-type": "application/json" });
      response.end(turn.body);
      return;
    }
    const id = `resp_${index}`;
    response.writeHead(200, { "content-type": "text/event-stream" });
    response.write(formatServerSentEvent("response.created", { response: { id } }));
    let next = 0;
    const step = () => {
      if (next < turn.items.length) {
        const item = turn.items[next];
        response.write(
          formatServerSentEvent("response.output_item.done", { output_index: next, item }),
        );
        next++;
        if (turn.pauseMs !== undefined && next < turn.items.length) setTimeout(step, turn.pauseMs);
        else step();
        return;
      }
      response.end(
        formatServerSentEvent("response.completed", { response: { id, usage: turn.usage } }),
      );
    };
    step();
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => answer(Buffer.concat(chunks).toString("utf8"), response));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  bin: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; stdin: string | undefined },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: options.cwd, env: options.env, stdio: "pipe" });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
    child.stdin.end(options.stdin ?? "");
  });
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

function normalizeStderr(text: string, replacements: readonly [string, string][]): string {
  let out = text;
  for (const [from, to] of replacements) out = out.split(from).join(to);
  return out
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g, "<ts>")
    .replace(UUID, "<uuid>")
    .replace(/ in \d+(\.\d+)?m?s:/g, " in <duration>:");
}

/**
 * Replaces the thread id of a --json transcript (the only random part of Codex's stdout) and
 * the `CODEX_HOME` path (a warning about a config file names it) by `<codex-home>`.
 */
function normalizeStdout(text: string, codexHome: string): string {
  return text
    .split(codexHome)
    .join("<codex-home>")
    .replace(/^(\{"type":"thread\.started","thread_id":")[^"]*"/m, `$1${THREAD_ID_PLACEHOLDER}"`);
}

function validate(corpusCase: CorpusCase<MockCaseManifest>): void {
  const { args, turns } = corpusCase.manifest;
  if (!Array.isArray(args) || !args.every((arg) => typeof arg === "string"))
    throw new Error(`mock case ${corpusCase.id}: args must be a list of strings`);
  if (!Array.isArray(turns)) throw new Error(`mock case ${corpusCase.id}: turns must be a list`);
}

export const mockDomain: Domain<MockCaseManifest, MockRecorded> = {
  name: "mock",
  validate,
  outputs: [
    {
      file: "verdicts.json",
      select: (recorded) => ({
        exitCode: recorded.exitCode,
        ...(recorded.toolResults.length > 0 ? { toolResults: recorded.toolResults } : {}),
      }),
    },
  ],
  caseFiles: (recorded) => recorded.files,
  caseFileNames: MOCK_CASE_FILES,
  describe: (recorded) => `exit ${recorded.exitCode}`,
  async record(corpusCase, { bin, runDir }) {
    const manifest = corpusCase.manifest;
    const { projectDir: project } = materializeCase(
      corpusCase.id,
      join(runDir, "project"),
      casesDirOf("mock"),
      { git: false },
    );
    // Codex takes a `.git` file, or a `.git` directory holding HEAD, for a repository.
    if (manifest.git !== false) {
      mkdirSync(join(project, ".git"), { recursive: true });
      writeFileSync(join(project, ".git/HEAD"), "ref: refs/heads/main\n");
    }
    const codexHome = join(runDir, "codex-home");
    const home = join(runDir, "home");
    mkdirSync(codexHome, { recursive: true });
    mkdirSync(home, { recursive: true });
    materializeCodexHome(corpusCase.dir, codexHome);
    const env = codexEnvironment(codexHome, home, manifest.env ?? {});
    const prompt = manifest.prompt === undefined ? [] : [manifest.prompt];
    const runOnce = async (extra: string[]) => {
      const stub = await startStub(manifest.turns);
      try {
        const args = manifest.topLevel
          ? manifest.args
          : ["exec", ...offlineProviderArgs(stub.url), ...extra, ...manifest.args, ...prompt];
        const result = await run(bin, args, { cwd: project, env, stdin: manifest.stdin });
        return { ...result, url: stub.url, requests: stub.requests };
      } finally {
        await stub.close();
      }
    };
    // A human-mode session is run a second time with --json first: that transcript is the
    // cassette mock-codex replays for it.
    const transcript =
      !manifest.topLevel && !manifest.args.includes("--json") && manifest.turns.length > 0
        ? normalizeStdout((await runOnce(["--json"])).stdout, codexHome)
        : undefined;
    const result = await runOnce([]);
    const replacements: [string, string][] = [
      [result.url, "<stub-url>"],
      [project, "<project>"],
      [codexHome, "<codex-home>"],
      [home, "<home>"],
    ];
    const files: Record<string, string> = {
      stdout: normalizeStdout(result.stdout, codexHome),
      stderr: normalizeStderr(result.stderr, replacements),
    };
    if (transcript !== undefined) files["transcript.jsonl"] = transcript;
    if (manifest.outputFile && existsSync(join(project, manifest.outputFile)))
      files["last-message"] = readFileSync(join(project, manifest.outputFile), "utf8");
    const calls = manifest.turns.flatMap((turn) =>
      "items" in turn
        ? turn.items.flatMap((item) => (item.type === "function_call" ? [item.call_id] : []))
        : [],
    );
    const toolResults = calls.map((call) =>
      toolResult(call, toolCallOutput(result.requests, call)),
    );
    return { exitCode: result.code, toolResults, files };
  },
};
