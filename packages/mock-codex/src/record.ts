/**
 * `ops-skill record`: records a real `codex exec` session into a cassette (docs/cassettes.md) by
 * standing between Codex and its model API. A proxy on 127.0.0.1 is given to Codex as its model
 * provider (the same `model_providers` override the stub uses, `env_key` the API key variable
 * Codex reads), forwards every request to the real upstream and keeps each model turn (the
 * request and the streamed response); Codex runs with `--json`, whose events give what each
 * command returned. `buildCassette` (pure) joins the two into one cassette, secrets redacted.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import {
  type ExecEvent,
  parseExecJsonLines,
  parseListedSkills,
  readCodexVersion,
} from "@ops-skill/codex";
import { describeWriteFailure, writeFileSafely } from "@ops-skill/core";
import { CASSETTE_FORMAT_VERSION } from "./cassette.js";
import { flagValue, hasFlag, parseExecArgs } from "./flags.js";
import { listenOnLoopback, readRequestBody } from "./loopback.js";
import { MIN_REDACTED_LENGTH, Redactor } from "./record-redaction.js";
import { readToolOutput, SKILLS_LISTING_INPUT, skillsListingLines } from "./replay-diff.js";

/** The OpenAI API, where Codex's own `openai` provider sends requests. */
export const DEFAULT_UPSTREAM = "https://api.openai.com/v1";
/** The variable Codex reads the API key from. */
export const DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";
/** The provider id the override defines. */
export const RECORD_PROVIDER_ID = "ops_skill_record";
/** Outputs of at least this many bytes go to a side file. */
export const SIDE_FILE_BYTES = 8192;

// --- the proxy ------------------------------------------------------------------------------

/** One request Codex made through the proxy, and what the upstream answered. */
export interface CapturedExchange {
  method: string;
  /** The path after the provider's base URL (`/responses`). */
  path: string;
  /** The parsed JSON request body (undefined when not JSON). */
  request: unknown;
  status: number;
  /** The response body as received (an SSE stream for a model turn). */
  response: string;
}

export interface RecordingProxy {
  /** The provider `base_url` to give Codex. */
  url: string;
  exchanges: CapturedExchange[];
  close(): Promise<void>;
}

/** Request headers not forwarded (hop-by-hop, or set again by the client). */
const DROPPED_REQUEST_HEADERS = new Set([
  "host",
  "connection",
  "content-length",
  "keep-alive",
  "transfer-encoding",
  "accept-encoding",
]);
/** Response headers not forwarded (the body is passed on decoded). */
const DROPPED_RESPONSE_HEADERS = new Set([
  "connection",
  "content-length",
  "content-encoding",
  "keep-alive",
  "transfer-encoding",
]);

/**
 * A proxy on 127.0.0.1 (a random port) that forwards `<url>/<path>` to `<upstream>/<path>`,
 * streaming the answer back as it comes, and keeps every exchange.
 */
export async function startRecordingProxy(upstream: string): Promise<RecordingProxy> {
  let end = upstream.length;
  while (end > 0 && upstream[end - 1] === "/") end--;
  const base = upstream.slice(0, end);
  const exchanges: CapturedExchange[] = [];
  const server = createServer((request, response) => {
    void forward(request, response);
  });

  async function forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readRequestBody(request);
    const path = (request.url ?? "/").replace(/^\/v1(?=\/|$|\?)/, "");
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || DROPPED_REQUEST_HEADERS.has(name)) continue;
      headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    let parsed: unknown;
    if (request.headers["content-encoding"] === undefined && body.length > 0) {
      try {
        parsed = JSON.parse(body.toString("utf8"));
      } catch {
        parsed = undefined;
      }
    }
    const method = request.method ?? "GET";
    const exchange: CapturedExchange = { method, path, request: parsed, status: 0, response: "" };
    exchanges.push(exchange);
    let answer: Response;
    try {
      answer = await fetch(`${base}${path}`, {
        method,
        headers,
        ...(method === "GET" || method === "HEAD" ? {} : { body }),
      });
    } catch (error) {
      exchange.status = 502;
      exchange.response = `record: the upstream ${base} cannot be reached: ${(error as Error).message}`;
      response.writeHead(502, { "content-type": "text/plain" });
      response.end(exchange.response);
      return;
    }
    exchange.status = answer.status;
    const forwarded: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!DROPPED_RESPONSE_HEADERS.has(name)) forwarded[name] = value;
    });
    response.writeHead(answer.status, forwarded);
    const decoder = new TextDecoder();
    if (answer.body !== null) {
      for await (const chunk of answer.body as unknown as AsyncIterable<Uint8Array>) {
        exchange.response += decoder.decode(chunk, { stream: true });
        response.write(chunk);
      }
    }
    exchange.response += decoder.decode();
    response.end();
  }

  const listening = await listenOnLoopback(server);
  return { url: listening.url, exchanges, close: listening.close };
}

/** The `-c` flags that make Codex use the proxy (the key from `apiKeyEnv`, as Codex reads it). */
export function recordProviderArgs(proxyUrl: string, apiKeyEnv = DEFAULT_API_KEY_ENV): string[] {
  return [
    "-c",
    `model_provider=${RECORD_PROVIDER_ID}`,
    "-c",
    `model_providers.${RECORD_PROVIDER_ID}={name="${RECORD_PROVIDER_ID}",base_url=${JSON.stringify(proxyUrl)},wire_api="responses",env_key=${JSON.stringify(apiKeyEnv)}}`,
  ];
}

// --- a model turn, read from an exchange ----------------------------------------------------

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);

export interface ModelTurn {
  /** The request body Codex sent. */
  request: unknown;
  /** The output items of the streamed response (`response.output_item.done`), in order. */
  items: Json[];
  usage: Json | undefined;
}

/** The server-sent events of a response body, parsed (`data:` lines that hold JSON). */
export function parseServerSentEvents(body: string): Json[] {
  const events: Json[] = [];
  for (const block of body.split(/\r?\n\r?\n/)) {
    const data = block
      .split(/\r?\n/)
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).replace(/^ /, ""))
      .join("\n");
    if (data === "" || data === "[DONE]") continue;
    try {
      const event: unknown = JSON.parse(data);
      if (isObject(event)) events.push(event);
    } catch {
      // not an event of ours
    }
  }
  return events;
}

/** The model turns of a recording: the POSTs to `/responses` answered 200 with a completed response. */
export function modelTurns(exchanges: readonly CapturedExchange[]): ModelTurn[] {
  const turns: ModelTurn[] = [];
  for (const exchange of exchanges) {
    if (exchange.method !== "POST" || exchange.path.split("?")[0] !== "/responses") continue;
    if (exchange.status !== 200) continue;
    const items: Json[] = [];
    let usage: Json | undefined;
    let completed = false;
    for (const event of parseServerSentEvents(exchange.response)) {
      if (event.type === "response.output_item.done" && isObject(event.item))
        items.push(event.item);
      if (event.type === "response.completed") {
        completed = true;
        const response = event.response;
        if (isObject(response) && isObject(response.usage)) usage = response.usage;
      }
    }
    if (completed) turns.push({ request: exchange.request, items, usage });
  }
  return turns;
}

// --- the cassette ----------------------------------------------------------------------------

export interface CassetteInvocation {
  prompt: string;
  /** The `codex exec` flags, without the prompt. */
  args: string[];
  codexVersion: string;
  /** Content hashes by kind (see `inputHashes`); the skills listing is added from the request. */
  inputs: Json;
}

export interface BuildCassetteOptions {
  invocation: CassetteInvocation;
  turns: readonly ModelTurn[];
  /** The `--json` events of the run. */
  events: readonly ExecEvent[];
  /** Side files are named `<sideDirectory>/<call id>.out`, relative to the cassette. */
  sideDirectory: string;
  redact?: Redactor;
}

export interface BuiltCassette {
  text: string;
  sideFiles: Array<{ path: string; content: string }>;
  /** What could not be put in the cassette (calls of other tools), one line each. */
  notes: string[];
  /** Distinct secrets redacted, by kind. */
  redacted: Record<string, number>;
  turns: number;
  commands: number;
}

interface CommandItem {
  command: string;
  output: string;
  exitCode: number | null;
  completed: boolean;
}

/** The command items of the `--json` events, in the order they started. */
function commandItems(events: readonly ExecEvent[]): CommandItem[] {
  const items: CommandItem[] = [];
  const byId = new Map<string, number>();
  for (const event of events) {
    if (event.type !== "item.started" && event.type !== "item.completed") continue;
    const item = event.item;
    if (!isObject(item) || item.type !== "command_execution") continue;
    const entry: CommandItem = {
      command: String(item.command),
      output: typeof item.aggregated_output === "string" ? item.aggregated_output : "",
      exitCode: typeof item.exit_code === "number" ? item.exit_code : null,
      completed: event.type === "item.completed",
    };
    const known = byId.get(String(item.id));
    if (known === undefined) {
      byId.set(String(item.id), items.length);
      items.push(entry);
    } else items[known] = entry;
  }
  return items;
}

function warningsOf(events: readonly ExecEvent[]): string[] {
  const warnings: string[] = [];
  for (const event of events) {
    if (event.type === "turn.started") break;
    const item = event.item;
    if (event.type === "item.completed" && isObject(item) && item.type === "error") {
      warnings.push(String(item.message));
    }
  }
  return warnings;
}

function failureOf(events: readonly ExecEvent[]): string | undefined {
  const last = events.at(-1);
  if (last?.type !== "turn.failed") return undefined;
  const error = last.error;
  return isObject(error) && typeof error.message === "string" ? error.message : "turn failed";
}

/** The tool outputs Codex fed back, by call id (from every request). */
function fedBackOutputs(turns: readonly ModelTurn[]): Map<string, string> {
  const outputs = new Map<string, string>();
  for (const turn of turns) {
    const input = isObject(turn.request) ? turn.request.input : undefined;
    if (!Array.isArray(input)) continue;
    for (const item of input) {
      if (!isObject(item) || item.type !== "function_call_output") continue;
      const output = typeof item.output === "string" ? item.output : JSON.stringify(item.output);
      outputs.set(String(item.call_id), output);
    }
  }
  return outputs;
}

function messageText(item: Json): string | undefined {
  if (item.type !== "message" || item.role !== "assistant" || !Array.isArray(item.content)) {
    return undefined;
  }
  return item.content
    .filter((part): part is Json => isObject(part) && part.type === "output_text")
    .map((part) => String(part.text))
    .join("");
}

function usageRecord(usage: Json | undefined): Json {
  const number = (value: unknown) => (typeof value === "number" ? value : 0);
  const input = isObject(usage?.input_tokens_details) ? usage.input_tokens_details : {};
  const output = isObject(usage?.output_tokens_details) ? usage.output_tokens_details : {};
  return {
    input_tokens: number(usage?.input_tokens),
    cached_input_tokens: number(input.cached_tokens),
    output_tokens: number(usage?.output_tokens),
    reasoning_output_tokens: number(output.reasoning_tokens),
  };
}

const BLOCKED_PREFIX = "Command blocked by ";

function sideFileName(callId: string): string {
  return `${callId.replace(/[^A-Za-z0-9_.-]/g, "_")}.out`;
}

/**
 * The cassette of a recorded session. Each model turn becomes a `model_turn` (its messages and
 * `exec_command` calls, its usage), followed by a `command_result` per call that ran: the
 * command items of the `--json` events, in order, give the aggregated output and exit code
 * (whole, where the model saw a truncated one), the fed-back output its wall time. A call a hook
 * blocked made no item: it is left out of `output` and kept in the turn's `blocked` list. Calls
 * of other tools (`write_stdin`, `apply_patch`...) cannot be written in a version 1 cassette and
 * are named in `notes`.
 */
export function buildCassette(options: BuildCassetteOptions): BuiltCassette {
  const redactor = options.redact ?? new Redactor();
  const { invocation, turns, events } = options;
  const items = commandItems(events);
  const fedBack = fedBackOutputs(turns);
  const notes: string[] = [];
  const listing = turns[0] === undefined ? undefined : skillsListingLines(turns[0].request);

  interface Call {
    callId: string;
    cmd: string;
    blocked?: string;
    result?: { output: string; exitCode: number | null; durationMs?: number; completed: boolean };
  }
  const planned: Array<{ order: Array<string | Call>; usage: Json }> = [];
  let next = 0;
  for (const [index, turn] of turns.entries()) {
    const order: Array<string | Call> = [];
    for (const item of turn.items) {
      const text = messageText(item);
      if (text !== undefined) {
        order.push(text);
        continue;
      }
      if (item.type === "reasoning") continue;
      const name = String(item.name ?? item.type);
      if (item.type !== "function_call" || name !== "exec_command") {
        notes.push(
          `model turn ${index + 1}: a call of \`${name}\` is not recorded (a cassette holds exec_command calls and messages)`,
        );
        continue;
      }
      let cmd: string;
      try {
        cmd = String((JSON.parse(String(item.arguments)) as { cmd?: unknown }).cmd);
      } catch {
        notes.push(
          `model turn ${index + 1}: an exec_command call without JSON arguments is not recorded`,
        );
        continue;
      }
      const callId = String(item.call_id);
      const call: Call = { callId, cmd };
      const fed = fedBack.get(callId);
      if (fed?.startsWith(BLOCKED_PREFIX)) call.blocked = fed;
      else {
        const seen = fed === undefined ? undefined : readToolOutput(fed);
        const wall = fed === undefined ? undefined : /\nWall time: ([\d.]+) seconds/.exec(fed);
        const durationMs = wall ? Math.round(Number(wall[1]) * 1000) : undefined;
        const ran = items[next];
        if (ran !== undefined) {
          next++;
          call.result = {
            output: ran.output,
            exitCode: ran.exitCode,
            completed: ran.completed,
            ...(durationMs === undefined ? {} : { durationMs }),
          };
        } else if (seen !== undefined && seen.exitCode !== undefined) {
          // Codex ran it but printed no item (§2: a sandbox-denied command may be missing).
          call.result = {
            output: seen.output,
            exitCode: seen.exitCode,
            completed: seen.exitCode !== null,
            ...(durationMs === undefined ? {} : { durationMs }),
          };
        }
      }
      order.push(call);
    }
    planned.push({ order, usage: usageRecord(turn.usage) });
  }

  const warnings = warningsOf(events);
  const failure = failureOf(events);
  // Scan every text first, so one secret has one placeholder in the whole cassette.
  const texts: string[] = [invocation.prompt, ...invocation.args, ...warnings, ...(listing ?? [])];
  if (failure !== undefined) texts.push(failure);
  for (const turn of planned) {
    for (const entry of turn.order) {
      if (typeof entry === "string") texts.push(entry);
      else texts.push(entry.cmd, entry.blocked ?? "", entry.result?.output ?? "");
    }
  }
  for (const text of texts) redactor.scan(text);
  const r = (text: string) => redactor.redact(text);

  const lines: string[] = [];
  const sideFiles: BuiltCassette["sideFiles"] = [];
  const inputs: Json = { ...invocation.inputs };
  if (listing !== undefined) inputs[SKILLS_LISTING_INPUT] = listing.map(r);
  lines.push(
    JSON.stringify({
      type: "cassette",
      version: CASSETTE_FORMAT_VERSION,
      codex_version: invocation.codexVersion,
      invocation: { prompt: r(invocation.prompt), args: invocation.args.map(r), inputs },
    }),
  );
  for (const warning of warnings)
    lines.push(JSON.stringify({ type: "warning", message: r(warning) }));
  let commands = 0;
  for (const turn of planned) {
    const output: Json[] = [];
    const blocked: Json[] = [];
    const results: string[] = [];
    for (const entry of turn.order) {
      if (typeof entry === "string") {
        output.push({ type: "message", text: r(entry) });
        continue;
      }
      if (entry.blocked !== undefined) {
        blocked.push({ call_id: entry.callId, cmd: r(entry.cmd), output: r(entry.blocked) });
        continue;
      }
      output.push({ type: "exec_command", call_id: entry.callId, cmd: r(entry.cmd) });
      const result = entry.result;
      if (result === undefined || !result.completed) continue;
      commands++;
      const text = r(result.output);
      const record: Json = {
        type: "command_result",
        call_id: entry.callId,
        exit_code: result.exitCode,
        ...(result.durationMs === undefined ? {} : { duration_ms: result.durationMs }),
      };
      if (Buffer.byteLength(text) >= SIDE_FILE_BYTES) {
        const path = `${options.sideDirectory}/${sideFileName(entry.callId)}`;
        sideFiles.push({ path, content: text });
        record.output_file = path;
      } else record.aggregated_output = text;
      results.push(JSON.stringify(record));
    }
    lines.push(
      JSON.stringify({
        type: "model_turn",
        usage: turn.usage,
        output,
        ...(blocked.length > 0 ? { blocked } : {}),
      }),
    );
    lines.push(...results);
  }
  if (failure !== undefined)
    lines.push(JSON.stringify({ type: "turn_failed", message: r(failure) }));
  return {
    text: `${lines.join("\n")}\n`,
    sideFiles,
    notes,
    redacted: redactor.summary(),
    turns: planned.length,
    commands,
  };
}

// --- the inputs the session saw --------------------------------------------------------------

const sha256 = (bytes: Buffer) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

function hashFile(path: string): string | undefined {
  try {
    return sha256(readFileSync(path));
  } catch {
    return undefined;
  }
}

/**
 * Content hashes of what the session saw: the project's skills Codex listed (by path relative
 * to the working directory), the output schema, and the hook-bearing config files of
 * `$CODEX_HOME` and the project that exist.
 */
export function inputHashes(options: {
  cwd: string;
  codexHome: string;
  listedFiles: readonly string[];
  schema: string | undefined;
}): Json {
  const skills: Json = {};
  for (const file of options.listedFiles) {
    const rel = relative(options.cwd, file);
    if (rel.startsWith("..") || isAbsolute(rel)) continue;
    const hash = hashFile(file);
    if (hash !== undefined) skills[rel] = hash;
  }
  const hooks: Json = {};
  for (const [label, path] of [
    ["$CODEX_HOME/config.toml", join(options.codexHome, "config.toml")],
    ["$CODEX_HOME/hooks.json", join(options.codexHome, "hooks.json")],
    [".codex/config.toml", join(options.cwd, ".codex/config.toml")],
    [".codex/hooks.json", join(options.cwd, ".codex/hooks.json")],
  ] as const) {
    const hash = hashFile(path);
    if (hash !== undefined) hooks[label] = hash;
  }
  const schema =
    options.schema === undefined ? undefined : hashFile(resolve(options.cwd, options.schema));
  return { skills, ...(schema === undefined ? {} : { schema }), hooks };
}

// --- recording a session ---------------------------------------------------------------------

export interface RecordOptions {
  /** The `codex exec` arguments, the prompt among them (`--json` is added when missing). */
  argv: string[];
  /** The cassette file to write (`*.jsonl`); side files go to `<name>.files/` beside it. */
  cassette: string;
  /** The codex binary. */
  bin: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The model API Codex's requests are forwarded to (default the OpenAI API). */
  upstream?: string;
  apiKeyEnv?: string;
  /** Values to redact (`--redact`). */
  redact?: string[];
  /** Variables whose values to redact (`--redact-env`). */
  redactEnv?: string[];
  /** Codex's stdin: `"inherit"`, or nothing (`/dev/null`). */
  stdin?: "inherit";
  timeoutMs?: number;
}

export interface RecordResult {
  /** 2: a usage problem (`message` says which); otherwise Codex's exit code. */
  exitCode: number;
  message?: string;
  /** Codex's stdout and stderr. */
  stdout: string;
  stderr: string;
  built?: BuiltCassette;
}

export class RecordUsageError extends Error {}

function runCodex(
  bin: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; stdin?: "inherit"; timeoutMs: number },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(bin, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [options.stdin === "inherit" ? "inherit" : "ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise({
        code: code ?? (signal === null ? 1 : 128 + 9),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
  });
}

/** The values to redact, checked: each at least `MIN_REDACTED_LENGTH` characters. */
export function redactedValues(
  values: readonly string[],
  names: readonly string[],
  env: NodeJS.ProcessEnv,
): Array<{ value: string; label: string }> {
  const out: Array<{ value: string; label: string }> = [];
  for (const value of values) {
    if (value.length < MIN_REDACTED_LENGTH) {
      throw new RecordUsageError(
        `--redact: a value must be at least ${MIN_REDACTED_LENGTH} characters (got ${value.length})`,
      );
    }
    out.push({ value, label: "value" });
  }
  for (const name of names) {
    const value = env[name];
    if (value === undefined || value === "") {
      throw new RecordUsageError(`--redact-env ${name}: the variable is not set`);
    }
    if (value.length < MIN_REDACTED_LENGTH) {
      throw new RecordUsageError(
        `--redact-env ${name}: its value must be at least ${MIN_REDACTED_LENGTH} characters`,
      );
    }
    out.push({ value, label: `env-${name}` });
  }
  return out;
}

/**
 * Runs `codex exec` through a recording proxy and writes the cassette (and its side files).
 * Throws RecordUsageError for arguments it cannot record.
 */
export async function recordSession(options: RecordOptions): Promise<RecordResult> {
  const parse = parseExecArgs(options.argv);
  if (!parse.ok) throw new RecordUsageError(parse.stderr.trimEnd());
  const parsed = parse.parsed;
  if (parsed.subcommand !== undefined) {
    throw new RecordUsageError(`\`codex exec ${parsed.subcommand}\` cannot be recorded`);
  }
  if (parsed.prompt === undefined || parsed.prompt === "-") {
    throw new RecordUsageError("give the prompt as an argument: a cassette records it");
  }
  if (hasFlag(parsed, "oss") || flagValue(parsed, "local-provider") !== undefined) {
    throw new RecordUsageError("--oss and --local-provider choose another provider than the proxy");
  }
  const overrides = (parsed.flags.get("config") ?? []) as string[];
  if (overrides.some((entry) => /^\s*model_provider\s*=/.test(entry))) {
    throw new RecordUsageError("-c model_provider=... would send the requests around the proxy");
  }
  const values = redactedValues(options.redact ?? [], options.redactEnv ?? [], options.env);
  const prompt = parsed.prompt;
  const promptAt = options.argv.lastIndexOf(prompt);
  const args = options.argv.filter((_, index) => index !== promptAt);
  let codexVersion: string;
  try {
    codexVersion = readCodexVersion(options.bin);
  } catch (error) {
    throw new RecordUsageError((error as Error).message.trim());
  }

  const proxy = await startRecordingProxy(options.upstream ?? DEFAULT_UPSTREAM);
  let run: { code: number; stdout: string; stderr: string };
  try {
    run = await runCodex(
      options.bin,
      [
        "exec",
        ...recordProviderArgs(proxy.url, options.apiKeyEnv ?? DEFAULT_API_KEY_ENV),
        ...(hasFlag(parsed, "json") ? [] : ["--json"]),
        ...options.argv,
      ],
      {
        cwd: options.cwd,
        env: options.env,
        ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
        timeoutMs: options.timeoutMs ?? 30 * 60_000,
      },
    );
  } finally {
    await proxy.close();
  }
  const { events } = parseExecJsonLines(run.stdout);
  const turns = modelTurns(proxy.exchanges);
  const sessionCwd = resolve(options.cwd, flagValue(parsed, "cd") ?? ".");
  const codexHome = options.env.CODEX_HOME || join(options.env.HOME ?? "", ".codex");
  const listed =
    turns[0] === undefined ? [] : parseListedSkills(turns[0].request).map((skill) => skill.file);
  const cassettePath = resolve(options.cwd, options.cassette);
  const sideDirectory = `${basename(cassettePath).replace(/\.jsonl$/, "")}.files`;
  const built = buildCassette({
    invocation: {
      prompt,
      args,
      codexVersion,
      inputs: inputHashes({
        cwd: sessionCwd,
        codexHome,
        listedFiles: listed,
        schema: flagValue(parsed, "output-schema"),
      }),
    },
    turns,
    events,
    sideDirectory,
    redact: new Redactor({ values }),
  });
  if (turns.length === 0) {
    return {
      exitCode: run.code === 0 ? 1 : run.code,
      message: "record: Codex made no model turn through the proxy; nothing was written",
      stdout: run.stdout,
      stderr: run.stderr,
    };
  }
  const root = dirname(cassettePath);
  const sideRoot = join(root, sideDirectory);
  mkdirSync(root, { recursive: true });
  if (existsSync(sideRoot)) rmSync(sideRoot, { recursive: true, force: true });
  if (built.sideFiles.length > 0) mkdirSync(sideRoot, { recursive: true });
  for (const file of [...built.sideFiles, { path: basename(cassettePath), content: built.text }]) {
    const written = await writeFileSafely(join(root, file.path), file.content, { root });
    if (!written.ok) {
      return {
        exitCode: 2,
        message: `record: ${describeWriteFailure(written)}`,
        stdout: run.stdout,
        stderr: run.stderr,
      };
    }
  }
  // Codex's exit code, as the run would have ended (a failed turn is recorded and still exits 1);
  // without --json asked for, stdout is what Codex prints then: the final message.
  return {
    exitCode: run.code,
    stdout: hasFlag(parsed, "json") ? run.stdout : humanStdout(events),
    stderr: run.stderr,
    built,
  };
}

function humanStdout(events: readonly ExecEvent[]): string {
  if (events.at(-1)?.type !== "turn.completed") return "";
  let last: string | undefined;
  for (const event of events) {
    const item = event.item;
    if (event.type === "item.completed" && isObject(item) && item.type === "agent_message") {
      last = String(item.text);
    }
  }
  return last === undefined ? "" : `${last}\n`;
}
