import { afterEach, describe, expect, it } from "vitest";
import {
  assistantMessage,
  type ResponsesServer,
  shellCall,
  startResponsesServer,
} from "../src/index.js";

interface ServerSentEvent {
  event: string;
  data: Record<string, unknown>;
}

function parseServerSentEvents(body: string): ServerSentEvent[] {
  return body
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((line) => line.startsWith("event: "))?.slice(7) ?? "";
      const data = lines.find((line) => line.startsWith("data: "))?.slice(6) ?? "{}";
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

async function postTurn(server: ResponsesServer, body: unknown): Promise<Response> {
  return fetch(`${server.url}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

let server: ResponsesServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("startResponsesServer", () => {
  it("listens on 127.0.0.1 and answers one assistant message by default", async () => {
    server = await startResponsesServer();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/v1`);
    const response = await postTurn(server, { model: "m", input: [] });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const events = parseServerSentEvents(await response.text());
    expect(events.map((event) => event.event)).toEqual([
      "response.created",
      "response.output_item.done",
      "response.completed",
    ]);
    for (const event of events) expect(event.data.type).toBe(event.event);
    expect(events[0]?.data.response).toEqual({ id: "resp_0" });
    expect(events[1]?.data.item).toEqual({
      type: "message",
      role: "assistant",
      id: "msg_0",
      content: [{ type: "output_text", text: "ok" }],
    });
    expect(events[2]?.data.response).toEqual({
      id: "resp_0",
      usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 },
    });
  });

  it("records every request body in order", async () => {
    server = await startResponsesServer();
    await postTurn(server, { n: 1 });
    await postTurn(server, { n: 2 });
    expect(server.requests).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it("plays scripted turns in order, then falls back to the default", async () => {
    server = await startResponsesServer({
      turns: [{ items: [shellCall("ls -la", "call_1")] }, { items: [assistantMessage("done")] }],
    });
    const first = parseServerSentEvents(await (await postTurn(server, {})).text());
    expect(first[1]?.data.item).toEqual({
      type: "function_call",
      name: "exec_command",
      arguments: '{"cmd":"ls -la"}',
      call_id: "call_1",
    });
    const second = parseServerSentEvents(await (await postTurn(server, {})).text());
    expect(second[1]?.data.item).toMatchObject({
      content: [{ type: "output_text", text: "done" }],
    });
    const third = parseServerSentEvents(await (await postTurn(server, {})).text());
    expect(third[1]?.data.item).toMatchObject({ content: [{ type: "output_text", text: "ok" }] });
  });

  it("asks a turn function with the body and index, one output_item.done per item", async () => {
    const seen: Array<[unknown, number]> = [];
    server = await startResponsesServer({
      turns: ({ body, index }) => {
        seen.push([body, index]);
        return { items: [assistantMessage("a"), assistantMessage("b")] };
      },
    });
    const events = parseServerSentEvents(await (await postTurn(server, { q: 1 })).text());
    expect(events.filter((event) => event.event === "response.output_item.done")).toHaveLength(2);
    expect(seen).toEqual([[{ q: 1 }, 0]]);
  });

  it("answers 404 elsewhere and 400 to a body that is not JSON", async () => {
    server = await startResponsesServer();
    expect((await fetch(`${server.url}/models`)).status).toBe(404);
    const bad = await fetch(`${server.url}/responses`, { method: "POST", body: "{" });
    expect(bad.status).toBe(400);
    expect(server.requests).toEqual([]);
  });
});
