/**
 * Replay against the real Codex: a Responses server on 127.0.0.1 that serves a cassette's model
 * turns (replay-diff.ts plans them) to the real `codex` binary, so a recorded session runs again
 * under real skill loading, sandbox and hooks. Every request is compared with the recording
 * first; at the first difference the server answers HTTP 400 with the difference as the body,
 * so Codex fails the turn printing it (`error`, `turn.failed`, exit 1), and the difference is
 * kept for the caller.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { dirname, resolve } from "node:path";
import {
  type CodexExecResult,
  findCodexBinary,
  renderTurnEvents,
  runCodexExec,
} from "@ops-skill/codex";
import { formatCassetteProblem, parseCassette } from "./cassette.js";
import { listenOnLoopback, readRequestBody } from "./loopback.js";
import {
  diffRequest,
  formatDifference,
  planReplay,
  type ReplayPlan,
  type RequestDifference,
} from "./replay-diff.js";

export type LoadPlanResult = { ok: true; plan: ReplayPlan } | { ok: false; message: string };

/** Reads a cassette file or raw transcript (side files beside it) and plans its replay. */
export function loadReplayPlan(path: string): LoadPlanResult {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return { ok: false, message: `${path}: ${(error as Error).message}` };
  }
  const parsed = parseCassette(text, {
    file: path,
    readSideFile: (side) => {
      try {
        return readFileSync(resolve(dirname(path), side), "utf8");
      } catch {
        return undefined;
      }
    },
  });
  if (!parsed.ok) return { ok: false, message: formatCassetteProblem(parsed.problem) };
  const planned = planReplay(parsed.session);
  return planned.ok ? planned : { ok: false, message: `${path}: ${planned.message}` };
}

export interface ReplayServer {
  /** The provider `base_url` to give Codex, `http://127.0.0.1:PORT/v1`. */
  url: string;
  /** The request bodies Codex sent, in order. */
  requests: unknown[];
  /** Differences found, in order (the server stops serving after the first). */
  differences: RequestDifference[];
  /** Turns of the plan Codex has not asked for (0 after a full replay). */
  unservedTurns(): number;
  close(): Promise<void>;
}

function answerError(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(body);
}

/** Serves `plan` on 127.0.0.1 (a random port). */
export async function startReplayServer(plan: ReplayPlan): Promise<ReplayServer> {
  const requests: unknown[] = [];
  const differences: RequestDifference[] = [];
  const server = createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = (await readRequestBody(request)).toString("utf8");
    const path = (request.url ?? "").split("?")[0];
    if (request.method !== "POST" || path !== "/v1/responses") {
      answerError(response, 404, JSON.stringify({ error: { message: "not found" } }));
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      answerError(
        response,
        400,
        JSON.stringify({ error: { message: "request body is not JSON" } }),
      );
      return;
    }
    const index = requests.length;
    requests.push(body);
    const difference =
      differences.length > 0
        ? { ...(differences[0] as RequestDifference), request: index + 1 }
        : diffRequest(plan, index, body);
    if (difference !== undefined) {
      if (differences.length === 0) differences.push(difference);
      answerError(response, 400, formatDifference(difference));
      return;
    }
    const turn = plan.turns[index];
    if (turn === undefined) return; // diffRequest reports a request past the plan
    if (turn.answer.kind === "error") {
      answerError(response, turn.answer.status, turn.answer.body);
      return;
    }
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    response.end(
      renderTurnEvents(`resp_${index}`, { items: turn.answer.items, usage: turn.answer.usage }),
    );
  }

  const listening = await listenOnLoopback(server);
  return {
    url: listening.url,
    requests,
    differences,
    unservedTurns: () => Math.max(0, plan.turns.length - requests.length),
    close: listening.close,
  };
}

export interface ReplayOptions {
  /** The cassette file or raw transcript. */
  cassette: string;
  /** Where Codex runs (the project). */
  cwd: string;
  prompt: string;
  /** `codex exec` flags, as recorded (`--json`, `-o`, `--output-schema`...). */
  args?: string[];
  /** The Codex binary; the repository's (`findCodexBinary`) when omitted. */
  bin?: string;
  codexHome?: string;
  home?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface ReplayResult {
  /** What the real Codex did. */
  codex: CodexExecResult;
  /** The first difference between Codex's requests and the recording, if any. */
  difference: RequestDifference | undefined;
  /** Recorded turns Codex never asked for. */
  unservedTurns: number;
  requests: unknown[];
}

export class ReplayError extends Error {}

/** The recorded `-m`/`--model` taken out of the flags: the provider flags name the model once. */
function splitModel(args: readonly string[]): { model: string | undefined; rest: string[] } {
  let model: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if ((arg === "-m" || arg === "--model") && i + 1 < args.length) {
      model = args[++i];
    } else if (arg.startsWith("--model=")) {
      model = arg.slice("--model=".length);
    } else rest.push(arg);
  }
  return { model, rest };
}

/**
 * Runs the real `codex exec` with the recorded flags against a replay server for `cassette`
 * (the offline provider flags point it there). Throws ReplayError for a cassette that cannot be
 * replayed or a missing Codex.
 */
export async function replayWithCodex(options: ReplayOptions): Promise<ReplayResult> {
  const loaded = loadReplayPlan(options.cassette);
  if (!loaded.ok) throw new ReplayError(loaded.message);
  const bin = options.bin ?? findCodexBinary();
  if (bin === undefined) {
    throw new ReplayError("no Codex binary: set OPS_SKILL_CODEX_BIN or run `npm run test:codex`");
  }
  const { model, rest } = splitModel(options.args ?? []);
  const server = await startReplayServer(loaded.plan);
  try {
    const codex = await runCodexExec({
      bin,
      cwd: options.cwd,
      prompt: options.prompt,
      serverUrl: server.url,
      extraArgs: rest,
      ...(model === undefined ? {} : { model }),
      json: false,
      skipGitRepoCheck: false,
      ...(options.codexHome === undefined ? {} : { codexHome: options.codexHome }),
      ...(options.home === undefined ? {} : { home: options.home }),
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    return {
      codex,
      difference: server.differences[0],
      unservedTurns: server.unservedTurns(),
      requests: server.requests,
    };
  } finally {
    await server.close();
  }
}
