/**
 * What a `codex exec --json` run did with each command of the session, whichever engine ran it
 * (mock-codex and the real Codex print the same events and log line): each call of the
 * cassette, in order, is blocked (Codex's stderr line `Command blocked by PreToolUse hook:
 * <reason>. Command: <cmd>`; a blocked call makes no item), ran (its `command_execution` item,
 * with what it printed and exited with), or still running when Codex gave the model
 * `Process running with session ID N` (an item started and never completed: it hung). Pure.
 */
import type { ExecEvent } from "@ops-skill/codex";
import {
  commandOfDisplay,
  readToolOutput,
  type Session,
  type TurnUsage,
} from "@ops-skill/mock-codex";
import type { CommandOutcome } from "../outcome.js";

const BLOCKED = "Command blocked by PreToolUse hook: ";

interface CommandItem {
  id: string;
  command: string;
  output: string;
  exitCode: number | null;
  completed: boolean;
}

function commandItems(events: readonly ExecEvent[]): CommandItem[] {
  const items = new Map<string, CommandItem>();
  for (const event of events) {
    if (event.type !== "item.started" && event.type !== "item.completed") continue;
    const item = event.item as
      | {
          id?: unknown;
          type?: unknown;
          command?: unknown;
          aggregated_output?: unknown;
          exit_code?: unknown;
        }
      | undefined;
    if (item?.type !== "command_execution" || typeof item.id !== "string") continue;
    items.set(item.id, {
      id: item.id,
      command: typeof item.command === "string" ? item.command : "",
      output: typeof item.aggregated_output === "string" ? item.aggregated_output : "",
      exitCode: typeof item.exit_code === "number" ? item.exit_code : null,
      completed: event.type === "item.completed",
    });
  }
  return [...items.values()];
}

/** The reason of the first block of `cmd` in the log after `from`, and where it ends. */
function findBlock(stderr: string, cmd: string, from: number) {
  for (let at = stderr.indexOf(BLOCKED, from); at >= 0; at = stderr.indexOf(BLOCKED, at + 1)) {
    const tail = `. Command: ${cmd}`;
    const end = stderr.indexOf(tail, at);
    if (end < 0) continue;
    const reason = stderr.slice(at + BLOCKED.length, end);
    if (reason.includes(BLOCKED)) continue;
    return { reason, next: end + tail.length };
  }
  return undefined;
}

/** The session's calls, each as this run treated it, in the cassette's order. */
export function commandOutcomes(
  session: Session,
  events: readonly ExecEvent[],
  stderr: string,
): CommandOutcome[] {
  const items = commandItems(events);
  const outcomes: CommandOutcome[] = [];
  let nextItem = 0;
  let logAt = 0;
  for (const step of session.steps) {
    if (step.kind !== "command" && step.kind !== "blocked") continue;
    const cmd = step.cmd ?? (step.kind === "command" ? commandOfDisplay(step.command) : undefined);
    const callId = step.callId ?? "";
    if (cmd !== undefined) {
      const block = findBlock(stderr, cmd, logAt);
      if (block !== undefined) {
        logAt = block.next;
        outcomes.push({
          callId,
          command: cmd,
          blocked: { reason: block.reason },
          output: null,
          exitCode: null,
        });
        continue;
      }
    }
    const item = items[nextItem];
    if (item === undefined) break; // the run stopped before this call
    nextItem++;
    outcomes.push({
      callId,
      command: cmd ?? item.command,
      blocked: null,
      output: item.output,
      exitCode: item.exitCode,
      ...(item.completed ? {} : { timedOut: true as const }),
    });
  }
  return outcomes;
}

const NO_USAGE: TurnUsage = {
  input_tokens: 0,
  cached_input_tokens: 0,
  cache_write_input_tokens: 0,
  output_tokens: 0,
  reasoning_output_tokens: 0,
};

/**
 * The session's tokens as recorded (the cassette's, summed over its model turns), the same for
 * both engines; a cassette without them gives the run's `turn.completed` usage.
 */
export function runUsage(session: Session, events: readonly ExecEvent[]): TurnUsage {
  if (session.end.kind === "completed") return { ...NO_USAGE, ...session.end.usage };
  const done = [...events].reverse().find((event) => event.type === "turn.completed");
  const usage = done?.usage as Partial<TurnUsage> | undefined;
  return usage !== undefined && typeof usage.input_tokens === "number"
    ? { ...NO_USAGE, ...usage }
    : NO_USAGE;
}

interface RequestItem {
  type?: unknown;
  name?: unknown;
  call_id?: unknown;
  arguments?: unknown;
  output?: unknown;
}

/**
 * The calls as the model saw them in the requests Codex sent (the real Codex's runs): each
 * `exec_command` call and the output fed back for it, in order; a call blocked by a hook is fed
 * back `Command blocked by PreToolUse hook: <reason>. Command: <cmd>`. Codex prints no item for
 * a command whose turn then failed, so this is what the codex engine reads first.
 */
export function requestedOutcomes(
  session: Session,
  requests: readonly unknown[],
): CommandOutcome[] {
  const input = (requests.at(-1) as { input?: unknown } | undefined)?.input;
  if (!Array.isArray(input)) return [];
  const outputs = new Map<string, string>();
  for (const item of input as RequestItem[]) {
    if (item?.type === "function_call_output" && typeof item.call_id === "string") {
      outputs.set(item.call_id, typeof item.output === "string" ? item.output : "");
    }
  }
  const steps = session.steps.filter((step) => step.kind === "command" || step.kind === "blocked");
  const outcomes: CommandOutcome[] = [];
  for (const item of input as RequestItem[]) {
    if (item?.type !== "function_call" || typeof item.call_id !== "string") continue;
    const text = outputs.get(item.call_id);
    if (text === undefined) break;
    let cmd = "";
    try {
      const args = JSON.parse(String(item.arguments)) as { cmd?: unknown };
      if (typeof args.cmd === "string") cmd = args.cmd;
    } catch {}
    const callId = steps[outcomes.length]?.callId ?? item.call_id;
    if (text.startsWith(BLOCKED)) {
      const tail = `. Command: ${cmd}`;
      const reason = text.endsWith(tail)
        ? text.slice(BLOCKED.length, -tail.length)
        : text.slice(BLOCKED.length);
      outcomes.push({ callId, command: cmd, blocked: { reason }, output: null, exitCode: null });
      continue;
    }
    const seen = readToolOutput(text);
    outcomes.push({
      callId,
      command: cmd,
      blocked: null,
      output: seen.output,
      exitCode: seen.exitCode ?? null,
      ...(seen.exitCode === null ? { timedOut: true as const } : {}),
    });
  }
  return outcomes;
}
