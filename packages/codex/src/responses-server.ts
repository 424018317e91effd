import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** An assistant message item, as Codex 0.169.0 expects it in `response.output_item.done`. */
export interface AssistantMessageItem {
  type: "message";
  role: "assistant";
  id: string;
  content: Array<{ type: "output_text"; text: string }>;
}

/** A tool call item; Codex's shell tool is `exec_command` with `arguments` = JSON `{"cmd": ...}`. */
export interface FunctionCallItem {
  type: "function_call";
  name: string;
  arguments: string;
  call_id: string;
  /** The tool's namespace, for namespaced tools (`mcp__<server>`, `multi_agent_v1`). */
  namespace?: string;
}

/** A call of a freeform tool, such as `apply_patch` with the patch as `input`. */
export interface CustomToolCallItem {
  type: "custom_tool_call";
  name: string;
  input: string;
  call_id: string;
}

export type ResponseOutputItem = AssistantMessageItem | FunctionCallItem | CustomToolCallItem;

/** What the stub answers to one `POST /v1/responses`. */
export interface ScriptedTurn {
  items: ResponseOutputItem[];
  usage?: ResponseUsage;
}

export interface ResponseUsage {
  input_tokens: number;
  /** `cached_tokens` is what `turn.completed` shows as `cached_input_tokens`. */
  input_tokens_details?: { cached_tokens: number };
  output_tokens: number;
  /** `reasoning_tokens` is what `turn.completed` shows as `reasoning_output_tokens`. */
  output_tokens_details?: { reasoning_tokens: number };
  total_tokens: number;
}

/** Context handed to a turn script: the parsed request body and its 0-based position. */
export interface TurnRequest {
  body: unknown;
  index: number;
}

/**
 * Scripted answers: an array is used in order (request N gets entry N; past its end the
 * default "ok" answer is used), a function is asked for every request.
 */
export type TurnScript = ScriptedTurn[] | ((request: TurnRequest) => ScriptedTurn);

export interface ResponsesServerOptions {
  turns?: TurnScript;
}

export interface ResponsesServer {
  /** Base URL to give Codex as the provider `base_url`, e.g. `http://127.0.0.1:41234/v1`. */
  url: string;
  port: number;
  /** Parsed JSON bodies of every `POST /v1/responses`, in arrival order. */
  requests: unknown[];
  /** The `Authorization` header of each of those requests (null when none was sent). */
  authorizations: (string | null)[];
  close(): Promise<void>;
}

export const DEFAULT_ASSISTANT_TEXT = "ok";

const DEFAULT_USAGE: ResponseUsage = { input_tokens: 1, output_tokens: 1, total_tokens: 2 };

export function assistantMessage(text: string, id = "msg_stub"): AssistantMessageItem {
  return { type: "message", role: "assistant", id, content: [{ type: "output_text", text }] };
}

/** A call of Codex's shell tool (`exec_command`). */
export function shellCall(cmd: string, callId: string): FunctionCallItem {
  return {
    type: "function_call",
    name: "exec_command",
    arguments: JSON.stringify({ cmd }),
    call_id: callId,
  };
}

/** One server-sent event in the framing the OpenAI Responses API uses. */
export function formatServerSentEvent(type: string, payload: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;
}

/** The whole SSE body for one turn: created, one output_item.done per item, completed. */
export function renderTurnEvents(responseId: string, turn: ScriptedTurn): string {
  let body = formatServerSentEvent("response.created", { response: { id: responseId } });
  turn.items.forEach((item, outputIndex) => {
    body += formatServerSentEvent("response.output_item.done", { output_index: outputIndex, item });
  });
  body += formatServerSentEvent("response.completed", {
    response: { id: responseId, usage: turn.usage ?? DEFAULT_USAGE },
  });
  return body;
}

function pickTurn(script: TurnScript | undefined, request: TurnRequest): ScriptedTurn {
  if (typeof script === "function") return script(request);
  const scripted = script?.[request.index];
  return scripted ?? { items: [assistantMessage(DEFAULT_ASSISTANT_TEXT, `msg_${request.index}`)] };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function isResponsesPath(url: string | undefined): boolean {
  const path = (url ?? "").split("?")[0] ?? "";
  return path === "/v1/responses";
}

/**
 * A Responses API stub on 127.0.0.1 (random port). Every `POST /v1/responses` is recorded and
 * answered with a streamed turn; anything else is a 404.
 */
export async function startResponsesServer(
  options: ResponsesServerOptions = {},
): Promise<ResponsesServer> {
  const requests: unknown[] = [];
  const authorizations: (string | null)[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    if (request.method !== "POST" || !isResponsesPath(request.url)) {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("not found");
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      response.writeHead(400, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: "request body is not JSON" } }));
      return;
    }
    const index = requests.length;
    requests.push(body);
    authorizations.push(request.headers.authorization ?? null);
    let turn: ScriptedTurn;
    try {
      turn = pickTurn(options.turns, { body, index });
    } catch (error) {
      response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: `turn script failed: ${String(error)}` } }));
      return;
    }
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    response.end(renderTurnEvents(`resp_${index}`, turn));
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    authorizations,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
