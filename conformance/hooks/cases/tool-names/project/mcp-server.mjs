// A stdio MCP server with one read-only tool, `ping`, for the tool-names case.
import { createInterface } from "node:readline";

const send = (message) => process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
createInterface({ input: process.stdin }).on("line", (line) => {
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    return;
  }
  if (message.method === "initialize")
    send({
      id: message.id,
      result: {
        protocolVersion: message.params.protocolVersion,
        capabilities: { tools: {} },
        serverInfo: { name: "probe", version: "1.0.0" },
      },
    });
  else if (message.method === "tools/list")
    send({
      id: message.id,
      result: {
        tools: [
          {
            name: "ping",
            description: "Answers pong.",
            inputSchema: { type: "object", properties: {} },
            annotations: { readOnlyHint: true },
          },
        ],
      },
    });
  else if (message.method === "tools/call")
    send({ id: message.id, result: { content: [{ type: "text", text: "pong" }] } });
  else if (message.id !== undefined) send({ id: message.id, result: {} });
});
