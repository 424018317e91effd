/**
 * What `codex exec` 0.169.0 prints for a session (reference §2): the `--json` events, or the
 * human log (stderr) and final message (stdout); what `-o` gets; the exit code. Pure.
 */
import { commandStatus, lastAgentMessage, type Session } from "./cassette.js";

export interface RenderOptions {
  json: boolean;
  threadId: string;
  /** For the human header. */
  codexVersion: string;
  cwd: string;
  model: string;
  provider: string;
  sandbox: string;
  prompt: string;
}

export interface RenderedSession {
  stdout: string;
  /** The human log (empty in `--json` mode, where Codex logs nothing for a clean session). */
  stderr: string;
  /** What `-o` gets: the last agent message, or "" on a failed turn (the file is created empty). */
  lastMessage: string;
  exitCode: 0 | 1;
}

/** The `--json` lines of a session, item ids counted from `item_0`. */
export function renderJsonEvents(session: Session, threadId: string): string {
  const out: string[] = [];
  const line = (event: unknown) => out.push(JSON.stringify(event));
  let next = 0;
  const id = () => `item_${next++}`;
  line({ type: "thread.started", thread_id: threadId });
  for (const message of session.warnings) {
    line({ type: "item.completed", item: { id: id(), type: "error", message } });
  }
  line({ type: "turn.started" });
  for (const step of session.steps) {
    switch (step.kind) {
      case "command": {
        const itemId = id();
        line({
          type: "item.started",
          item: {
            id: itemId,
            type: "command_execution",
            command: step.command,
            aggregated_output: "",
            exit_code: null,
            status: "in_progress",
          },
        });
        if (step.completed) {
          line({
            type: "item.completed",
            item: {
              id: itemId,
              type: "command_execution",
              command: step.command,
              aggregated_output: step.output,
              exit_code: step.exitCode,
              status: step.status ?? commandStatus(step.exitCode),
            },
          });
        }
        break;
      }
      case "message":
        line({
          type: "item.completed",
          item: { id: id(), type: "agent_message", text: step.text },
        });
        break;
      case "error":
        line({ type: "error", message: step.message });
        break;
      case "item": {
        const item = { id: id(), ...step.item };
        line({ type: step.completed ? "item.completed" : "item.started", item });
        break;
      }
    }
  }
  if (session.end.kind === "completed") line({ type: "turn.completed", usage: session.end.usage });
  else line({ type: "turn.failed", error: { message: session.end.message } });
  return `${out.join("\n")}\n`;
}

/** The header's sandbox line: `workspace-write` names its writable roots (conformance/mock). */
export function sandboxSummary(sandbox: string): string {
  return sandbox === "workspace-write" ? "workspace-write [workdir, /tmp, $TMPDIR]" : sandbox;
}

/** `1113` as `1,113`. */
export function groupThousands(count: number): string {
  return count.toLocaleString("en-US");
}

/** The stderr log of a human-mode run (header, prompt, commands, final message, tokens). */
export function renderHumanLog(session: Session, options: RenderOptions): string {
  const parts: string[] = [
    `OpenAI Codex v${options.codexVersion}`,
    "--------",
    `workdir: ${options.cwd}`,
    `model: ${options.model}`,
    `provider: ${options.provider}`,
    "approval: never",
    `sandbox: ${sandboxSummary(options.sandbox)}`,
    "reasoning effort: none",
    "reasoning summaries: none",
    `session id: ${options.threadId}`,
    "--------",
    "user",
    options.prompt,
  ];
  for (const warning of session.warnings) parts.push(`warning: ${warning}`);
  for (const step of session.steps) {
    if (step.kind === "command") {
      parts.push(...(step.hookLog ?? []), "exec", `${step.command} in ${options.cwd}`);
      if (!step.completed) continue;
      const took = `${step.durationMs ?? 0}ms`;
      parts.push(
        step.exitCode === 0 ? ` succeeded in ${took}:` : ` exited ${step.exitCode} in ${took}:`,
        step.output,
        ...(step.postHookLog ?? []),
      );
    } else if (step.kind === "message") {
      parts.push("codex", step.text);
    } else if (step.kind === "error") {
      parts.push(`ERROR: ${step.message}`);
    } else if (step.kind === "blocked") {
      parts.push(...(step.hookLog ?? []));
    }
  }
  if (session.end.kind === "completed") {
    const usage = session.end.usage;
    // Grouped by thousands, as Codex prints it (conformance/mock: redacted-secret-human).
    parts.push("tokens used", groupThousands(usage.input_tokens + usage.output_tokens));
  } else {
    // The failed turn is logged once more (conformance/mock: schema-rejected-human).
    parts.push(`ERROR: ${session.end.message}`);
  }
  return `${parts.join("\n")}\n`;
}

export function renderSession(session: Session, options: RenderOptions): RenderedSession {
  const last = lastAgentMessage(session);
  const exitCode = session.end.kind === "completed" ? 0 : 1;
  if (options.json) {
    return {
      stdout: renderJsonEvents(session, options.threadId),
      stderr: "",
      lastMessage: last ?? "",
      exitCode,
    };
  }
  return {
    stdout: last === undefined ? "" : `${last}\n`,
    stderr: renderHumanLog(session, options),
    lastMessage: last ?? "",
    exitCode,
  };
}
