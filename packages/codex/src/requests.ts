/**
 * What Codex sends the model, read back from the requests the stub recorded: the output a tool
 * call produced is an `input` item of the next request.
 */

interface ToolOutputItem {
  type?: unknown;
  call_id?: unknown;
  output?: unknown;
}

const TOOL_OUTPUT_TYPES = new Set(["function_call_output", "custom_tool_call_output"]);

/**
 * The output the model got for the call `callId`, from the first request that carries it (a
 * string; structured outputs as their JSON), or undefined when no request does.
 */
export function toolCallOutput(requests: readonly unknown[], callId: string): string | undefined {
  for (const request of requests) {
    const input = (request as { input?: unknown } | null | undefined)?.input;
    if (!Array.isArray(input)) continue;
    for (const item of input as ToolOutputItem[]) {
      if (!TOOL_OUTPUT_TYPES.has(String(item?.type)) || item.call_id !== callId) continue;
      return typeof item.output === "string" ? item.output : JSON.stringify(item.output);
    }
  }
  return undefined;
}
