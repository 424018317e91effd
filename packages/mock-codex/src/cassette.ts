/**
 * The cassette model: one recorded `codex exec` session, read from either of two forms
 * (docs/cassettes.md):
 *
 * - a raw `codex exec --json` transcript, the stdout of a real run, as it is (first line
 *   `{"type":"thread.started",...}`);
 * - a cassette file (first line `{"type":"cassette","version":1,...}`): the invocation, the
 *   model's turns, and what each command returned, large outputs in side files.
 *
 * Both are JSON Lines, so every problem names a line. `parseCassette` is pure: it gets the text
 * and a reader for side files, and returns a session or the first problem.
 */
import { redactSecrets } from "./codex-redaction.js";
import { commandOfDisplay, displayCommand } from "./shell-quote.js";

export const CASSETTE_FORMAT_VERSION = 1;

/** The usage object of `turn.completed`, keys in Codex's order. */
export interface TurnUsage {
  input_tokens: number;
  cached_input_tokens: number;
  cache_write_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
}

export interface SessionInvocation {
  prompt?: string;
  args?: string[];
  codexVersion?: string;
  /** Content hashes (`sha256:<hex>`) of what the session saw, by kind and path. */
  inputs?: Record<string, unknown>;
}

export type SessionStep =
  | {
      kind: "command";
      /** As Codex displays it: `/bin/bash -lc '<cmd>'`. */
      command: string;
      output: string;
      exitCode: number | null;
      durationMs: number | undefined;
      /** False for a command still running when the turn ended (`item.started` only). */
      completed: boolean;
      /** The recorded status when it was not the one the exit code gives (kept verbatim). */
      status: string | undefined;
      /**
       * What the command returns when a read-only sandbox refuses its writes (a cassette's
       * `read_only`), for a command recorded under a sandbox that let it write.
       */
      readOnly?: { exitCode: number | null; output: string };
      /** The raw command the model asked for (a transcript's is read back from `command`). */
      cmd?: string;
      /** The call's id (a cassette file's; a transcript records none). */
      callId?: string;
      /** The cassette line that records the call's result (or the call). */
      line?: number;
      /** What the human log prints for the PreToolUse hooks that ran before it (hooks.ts). */
      hookLog?: string[];
      /** ... and for the PostToolUse hooks that ran after it. */
      postHookLog?: string[];
    }
  /**
   * A call a PreToolUse hook blocked when the session was recorded (a cassette file's
   * `model_turn.blocked`): no item, no item id; `output` is what the model was told.
   */
  | {
      kind: "blocked";
      cmd: string;
      callId: string;
      output: string;
      line: number;
      hookLog?: string[];
    }
  | { kind: "message"; text: string }
  /** A top-level `error` event inside the turn (a retry notice, or the failure itself). */
  | { kind: "error"; message: string }
  /** Any other item, replayed as recorded with a fresh id. */
  | { kind: "item"; item: Record<string, unknown>; completed: boolean };

export type SessionEnd =
  | { kind: "completed"; usage: TurnUsage }
  | { kind: "failed"; message: string };

export interface Session {
  form: "transcript" | "cassette";
  /** The cassette format version (undefined for a transcript). */
  version: number | undefined;
  invocation: SessionInvocation;
  /** Warning items Codex printed before `turn.started`. */
  warnings: string[];
  steps: SessionStep[];
  end: SessionEnd;
}

export interface CassetteProblem {
  file: string;
  /** 1-based line of the problem; 0 when it concerns the file as a whole. */
  line: number;
  message: string;
}

export type CassetteResult =
  | { ok: true; session: Session }
  | { ok: false; problem: CassetteProblem };

export interface ParseCassetteOptions {
  /** The path reported in problems. */
  file: string;
  /** Reads a side file named by the cassette (a path relative to it); undefined if missing. */
  readSideFile?: (path: string) => string | undefined;
}

/** `file:line: message` (or `file: message` for the file as a whole). */
export function formatCassetteProblem(problem: CassetteProblem): string {
  return problem.line > 0
    ? `${problem.file}:${problem.line}: ${problem.message}`
    : `${problem.file}: ${problem.message}`;
}

class Problem extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

interface Line {
  number: number;
  value: Json;
}

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const raw = text.split("\n");
  const lastComplete = text.endsWith("\n");
  raw.forEach((content, index) => {
    const number = index + 1;
    if (content.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (error) {
      const isLast = index === raw.length - 1 && !lastComplete;
      throw new Problem(
        number,
        isLast
          ? "truncated: the last line is not complete JSON"
          : `not JSON (${(error as Error).message})`,
      );
    }
    if (!isObject(value) || typeof value.type !== "string") {
      throw new Problem(number, 'not an event: expected a JSON object with a string "type"');
    }
    lines.push({ number, value });
  });
  return lines;
}

function str(line: Line, key: string, value: unknown = line.value[key]): string {
  if (typeof value !== "string") throw new Problem(line.number, `"${key}" must be a string`);
  return value;
}

function int(line: Line, key: string, value: unknown = line.value[key]): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new Problem(line.number, `"${key}" must be a non-negative integer`);
  }
  return value;
}

function exitCodeOf(line: Line, value: unknown): number | null {
  if (value === null) return null;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new Problem(line.number, '"exit_code" must be an integer or null');
  }
  return value;
}

/** Codex's status for a finished command: `completed` for exit 0, `failed` otherwise. */
export function commandStatus(exitCode: number | null): "completed" | "failed" {
  return exitCode === 0 ? "completed" : "failed";
}

// --- raw `codex exec --json` transcripts ------------------------------------------------------

function parseTranscript(lines: Line[]): Session {
  const warnings: string[] = [];
  const steps: SessionStep[] = [];
  const open = new Map<string, number>();
  let turnStarted = false;
  let end: SessionEnd | undefined;
  const first = lines[0] as Line;
  str(first, "thread_id");
  for (const line of lines.slice(1)) {
    const { value } = line;
    if (end !== undefined) throw new Problem(line.number, `"${value.type}" after the turn ended`);
    switch (value.type) {
      case "thread.started":
        throw new Problem(line.number, "a second thread.started: one cassette is one session");
      case "turn.started":
        if (turnStarted) throw new Problem(line.number, "a second turn.started");
        turnStarted = true;
        break;
      case "item.started":
      case "item.completed": {
        const item = value.item;
        if (!isObject(item) || typeof item.type !== "string" || typeof item.id !== "string") {
          throw new Problem(line.number, `"item" must be an object with string "id" and "type"`);
        }
        const completed = value.type === "item.completed";
        if (!turnStarted) {
          if (item.type === "error" && completed) {
            warnings.push(str(line, "message", item.message));
            break;
          }
          throw new Problem(line.number, `a ${item.type} item before turn.started`);
        }
        if (item.type === "command_execution") {
          const step: SessionStep = {
            kind: "command",
            command: str(line, "command", item.command),
            output: str(line, "aggregated_output", item.aggregated_output),
            exitCode: exitCodeOf(line, item.exit_code),
            durationMs: undefined,
            completed,
            status: undefined,
            line: line.number,
          };
          const cmd = commandOfDisplay(step.command);
          if (cmd !== undefined) step.cmd = cmd;
          const index = open.get(item.id);
          if (completed) {
            if (step.exitCode !== null && commandStatus(step.exitCode) !== item.status) {
              step.status = str(line, "status", item.status);
            }
            if (index !== undefined) {
              steps[index] = step;
              open.delete(item.id);
            } else steps.push(step);
          } else {
            open.set(item.id, steps.length);
            steps.push(step);
          }
        } else if (item.type === "agent_message" && completed) {
          steps.push({ kind: "message", text: str(line, "text", item.text) });
        } else {
          const { id: _id, ...rest } = item;
          const index = open.get(item.id);
          if (index !== undefined && completed) {
            steps[index] = { kind: "item", item: rest, completed };
            open.delete(item.id);
          } else {
            if (!completed) open.set(item.id, steps.length);
            steps.push({ kind: "item", item: rest, completed });
          }
        }
        break;
      }
      case "error":
        steps.push({ kind: "error", message: str(line, "message") });
        break;
      case "turn.completed": {
        const usage = value.usage;
        if (!isObject(usage)) throw new Problem(line.number, '"usage" must be an object');
        end = {
          kind: "completed",
          usage: {
            input_tokens: int(line, "input_tokens", usage.input_tokens),
            cached_input_tokens: int(line, "cached_input_tokens", usage.cached_input_tokens ?? 0),
            cache_write_input_tokens: int(
              line,
              "cache_write_input_tokens",
              usage.cache_write_input_tokens ?? 0,
            ),
            output_tokens: int(line, "output_tokens", usage.output_tokens),
            reasoning_output_tokens: int(
              line,
              "reasoning_output_tokens",
              usage.reasoning_output_tokens ?? 0,
            ),
          },
        };
        break;
      }
      case "turn.failed": {
        const error = value.error;
        if (!isObject(error)) throw new Problem(line.number, '"error" must be an object');
        end = { kind: "failed", message: str(line, "message", error.message) };
        break;
      }
      default:
        throw new Problem(line.number, `unknown event type "${value.type}"`);
    }
  }
  if (end === undefined) {
    throw new Problem(
      (lines.at(-1) as Line).number,
      "truncated: the transcript ends before turn.completed or turn.failed",
    );
  }
  return { form: "transcript", version: undefined, invocation: {}, warnings, steps, end };
}

// --- cassette files ---------------------------------------------------------------------------

interface PendingCall {
  callId: string;
  cmd: string;
  line: number;
}

function parseInvocation(line: Line): SessionInvocation {
  const raw = line.value.invocation;
  if (raw === undefined) return {};
  if (!isObject(raw)) throw new Problem(line.number, '"invocation" must be an object');
  const invocation: SessionInvocation = {};
  if (raw.prompt !== undefined) invocation.prompt = str(line, "prompt", raw.prompt);
  if (raw.args !== undefined) {
    if (!Array.isArray(raw.args) || !raw.args.every((arg) => typeof arg === "string")) {
      throw new Problem(line.number, '"args" must be an array of strings');
    }
    invocation.args = raw.args as string[];
  }
  if (line.value.codex_version !== undefined) {
    invocation.codexVersion = str(line, "codex_version");
  }
  if (raw.inputs !== undefined) {
    if (!isObject(raw.inputs)) throw new Problem(line.number, '"inputs" must be an object');
    invocation.inputs = raw.inputs;
  }
  return invocation;
}

/** A model turn's `blocked` list: the calls a PreToolUse hook blocked (no item). */
function blockedCalls(line: Line): SessionStep[] {
  const blocked = line.value.blocked;
  if (blocked === undefined) return [];
  if (!Array.isArray(blocked)) throw new Problem(line.number, '"blocked" must be an array');
  return blocked.map((entry) => {
    if (!isObject(entry)) throw new Problem(line.number, "a blocked entry is not an object");
    return {
      kind: "blocked" as const,
      cmd: str(line, "cmd", entry.cmd),
      callId: str(line, "call_id", entry.call_id),
      output: str(line, "output", entry.output),
      line: line.number,
    };
  });
}

function parseCassetteFile(lines: Line[], options: ParseCassetteOptions): Session {
  const header = lines[0] as Line;
  const version = header.value.version;
  if (version !== CASSETTE_FORMAT_VERSION) {
    throw new Problem(
      header.number,
      `unknown cassette version ${JSON.stringify(version)} (this mock-codex reads version ${CASSETTE_FORMAT_VERSION})`,
    );
  }
  const invocation = parseInvocation(header);
  const warnings: string[] = [];
  const steps: SessionStep[] = [];
  const sum = { input: 0, cached: 0, output: 0, reasoning: 0 };
  let turns = 0;
  let pending: PendingCall[] = [];
  let end: SessionEnd | undefined;
  const flushUnanswered = () => {
    for (const call of pending) {
      steps.push({
        kind: "command",
        command: redactSecrets(displayCommand(call.cmd)),
        output: "",
        exitCode: null,
        durationMs: undefined,
        completed: false,
        status: undefined,
        cmd: call.cmd,
        callId: call.callId,
        line: call.line,
      });
    }
    pending = [];
  };
  for (const line of lines.slice(1)) {
    const { value } = line;
    if (end !== undefined) throw new Problem(line.number, `"${value.type}" after the turn ended`);
    switch (value.type) {
      case "warning":
        if (turns > 0) throw new Problem(line.number, "a warning after the first model_turn");
        warnings.push(str(line, "message"));
        break;
      case "model_turn": {
        flushUnanswered();
        turns++;
        const usage = value.usage ?? {};
        if (!isObject(usage)) throw new Problem(line.number, '"usage" must be an object');
        sum.input += int(line, "input_tokens", usage.input_tokens ?? 0);
        sum.cached += int(line, "cached_input_tokens", usage.cached_input_tokens ?? 0);
        sum.output += int(line, "output_tokens", usage.output_tokens ?? 0);
        sum.reasoning += int(line, "reasoning_output_tokens", usage.reasoning_output_tokens ?? 0);
        const output = value.output;
        if (!Array.isArray(output)) throw new Problem(line.number, '"output" must be an array');
        for (const entry of output) {
          if (!isObject(entry)) throw new Problem(line.number, "an output entry is not an object");
          if (entry.type === "exec_command") {
            pending.push({
              callId: str(line, "call_id", entry.call_id),
              cmd: str(line, "cmd", entry.cmd),
              line: line.number,
            });
          } else if (entry.type === "message") {
            steps.push({ kind: "message", text: str(line, "text", entry.text) });
          } else {
            throw new Problem(line.number, `unknown output type ${JSON.stringify(entry.type)}`);
          }
        }
        steps.push(...blockedCalls(line));
        break;
      }
      case "command_result": {
        const callId = str(line, "call_id");
        const index = pending.findIndex((call) => call.callId === callId);
        if (index < 0) {
          throw new Problem(line.number, `no exec_command call "${callId}" waits for a result`);
        }
        const [call] = pending.splice(index, 1) as [PendingCall];
        let output: string;
        if (value.output_file !== undefined) {
          const path = str(line, "output_file");
          const side = options.readSideFile?.(path);
          if (side === undefined) throw new Problem(line.number, `side file "${path}" is missing`);
          output = side;
        } else {
          output = str(line, "aggregated_output");
        }
        const step: SessionStep = {
          kind: "command",
          command: redactSecrets(displayCommand(call.cmd)),
          output,
          exitCode: exitCodeOf(line, value.exit_code),
          durationMs: value.duration_ms === undefined ? undefined : int(line, "duration_ms"),
          completed: true,
          status: undefined,
          cmd: call.cmd,
          callId: call.callId,
          line: line.number,
        };
        if (value.read_only !== undefined) {
          const readOnly = value.read_only;
          if (!isObject(readOnly)) throw new Problem(line.number, '"read_only" must be an object');
          step.readOnly = {
            exitCode: exitCodeOf(line, readOnly.exit_code),
            output: str(line, "aggregated_output", readOnly.aggregated_output),
          };
        }
        steps.push(step);
        break;
      }
      case "turn_failed": {
        flushUnanswered();
        const message = str(line, "message");
        steps.push({ kind: "error", message });
        end = { kind: "failed", message };
        break;
      }
      default:
        throw new Problem(line.number, `unknown record type "${value.type}"`);
    }
  }
  if (end === undefined) {
    const last = steps.at(-1);
    if (turns === 0 || last?.kind !== "message" || pending.length > 0) {
      throw new Problem(
        (lines.at(-1) as Line).number,
        "truncated: the cassette ends before a final message or turn_failed",
      );
    }
    end = {
      kind: "completed",
      usage: {
        input_tokens: sum.input,
        cached_input_tokens: sum.cached,
        cache_write_input_tokens: 0,
        output_tokens: sum.output,
        reasoning_output_tokens: sum.reasoning,
      },
    };
  }
  return { form: "cassette", version: CASSETTE_FORMAT_VERSION, invocation, warnings, steps, end };
}

/** Reads a cassette or a raw transcript; the first problem names its line. */
export function parseCassette(text: string, options: ParseCassetteOptions): CassetteResult {
  try {
    if (text.includes("\u0000")) throw new Problem(0, "binary data, not a cassette");
    const lines = splitLines(text);
    const first = lines[0];
    if (first === undefined) throw new Problem(0, "empty: no events");
    if (first.value.type === "thread.started") {
      return { ok: true, session: parseTranscript(lines) };
    }
    if (first.value.type === "cassette") {
      return { ok: true, session: parseCassetteFile(lines, options) };
    }
    throw new Problem(
      first.number,
      `not a cassette: the first line is "${first.value.type}", expected "cassette" or "thread.started"`,
    );
  } catch (error) {
    if (error instanceof Problem) {
      return {
        ok: false,
        problem: { file: options.file, line: error.line, message: error.message },
      };
    }
    throw error;
  }
}

/** The final message (what `-o` gets): the last agent message, if the turn completed. */
export function lastAgentMessage(session: Session): string | undefined {
  if (session.end.kind !== "completed") return undefined;
  for (let i = session.steps.length - 1; i >= 0; i--) {
    const step = session.steps[i] as SessionStep;
    if (step.kind === "message") return step.text;
  }
  return undefined;
}
