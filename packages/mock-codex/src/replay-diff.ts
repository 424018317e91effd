/**
 * The pure half of replaying a cassette against the real Codex (replay.ts serves it): the
 * model turns a session's steps become (`planReplay`), and what of each request Codex sends is
 * compared with what the recording saw (`diffRequest`).
 *
 * Compared, in this order, and the first difference is reported (docs/cassettes.md):
 * 1. the number of requests (Codex asking for a turn the cassette does not hold);
 * 2. the user's prompt (first request; when the cassette records one);
 * 3. the model-visible skills listing (every request; when the cassette records one:
 *    `invocation.inputs.skills_listing`);
 * 4. each tool output fed back for the previous turn's calls: present, the exit code, and the
 *    output text (a truncated output by its kept head and tail and the count of cut characters).
 * Not compared: what changes from run to run or machine to machine (ids, dates, the chunk id and
 * wall time of a tool output, the environment context, the base instructions, tools, metadata).
 */
import {
  assistantMessage,
  findSkillsInstructions,
  parseSkillsInstructions,
  type ResponseOutputItem,
  type ResponseUsage,
  shellCall,
} from "@ops-skill/codex";
import type { Session, TurnUsage } from "./cassette.js";
import { commandOfDisplay } from "./shell-quote.js";

/** What a call's output is expected to be when Codex feeds it back. */
export interface ExpectedToolOutput {
  callId: string;
  /** The raw command the model asked for. */
  cmd: string;
  /** `null`: the command was still running when the turn ended (only its presence is checked). */
  exitCode: number | null;
  output: string;
  /** A call a PreToolUse hook blocked: `output` is the whole text fed back, with no exit line. */
  blocked?: true;
}

/** One model turn to serve: its answer, and what the request asking for it must carry. */
export interface ReplayTurn {
  /** The streamed answer, or an HTTP error (a recorded failed turn). */
  answer: { kind: "stream"; items: ResponseOutputItem[]; usage: ResponseUsage } | FailedAnswer;
  /** The outputs of the previous turn's calls, which this request feeds back. */
  toolOutputs: ExpectedToolOutput[];
}

export interface FailedAnswer {
  kind: "error";
  status: number;
  body: string;
}

export interface ReplayPlan {
  turns: ReplayTurn[];
  /** The user's prompt, when the cassette records it. */
  prompt: string | undefined;
  /** The listing lines (`name: description (file: rN/...)`), when the cassette records them. */
  skillsListing: string[] | undefined;
}

export type PlanResult = { ok: true; plan: ReplayPlan } | { ok: false; message: string };

/** The field of `invocation.inputs` that holds the recorded skills listing. */
export const SKILLS_LISTING_INPUT = "skills_listing";

function responseUsage(usage: TurnUsage | undefined): ResponseUsage {
  const input = usage?.input_tokens ?? 0;
  const output = usage?.output_tokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage?.cached_input_tokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage?.reasoning_output_tokens ?? 0 },
    total_tokens: input + output,
  };
}

/**
 * The turns that make Codex run the session again: each command its own turn (Codex runs a
 * turn's calls one after the other and prints them so, so a transcript does not show how they
 * were grouped), a message before a command in that command's turn, the final message last
 * with the session's usage (the sum is what `turn.completed` shows), a failed end as the API's
 * HTTP 400 with the recorded message as its body (Codex prints a 400's body as it is).
 * Warnings are not served (Codex prints its own for the flags and config it gets); retry
 * notices before the end are not replayed.
 */
export function planReplay(session: Session): PlanResult {
  const turns: ReplayTurn[] = [];
  let messages: ResponseOutputItem[] = [];
  let fedBack: ExpectedToolOutput[] = [];
  let count = 0;
  const zero = responseUsage(undefined);
  for (const [index, step] of session.steps.entries()) {
    if (step.kind === "message") {
      messages.push(assistantMessage(step.text, `msg_${messages.length}_${index}`));
    } else if (step.kind === "command") {
      const cmd = commandOfDisplay(step.command);
      if (cmd === undefined) {
        return {
          ok: false,
          message: `command ${count + 1} (${step.command}) is not a \`/bin/bash -lc\` command this replay can serve`,
        };
      }
      const callId = `call_${++count}`;
      turns.push({
        answer: { kind: "stream", items: [...messages, shellCall(cmd, callId)], usage: zero },
        toolOutputs: fedBack,
      });
      fedBack = [
        { callId, cmd, exitCode: step.completed ? step.exitCode : null, output: step.output },
      ];
      messages = [];
    } else if (step.kind === "blocked") {
      // Served like a command: the hooks of this run must block it again, with the same reason.
      const callId = `call_${++count}`;
      turns.push({
        answer: { kind: "stream", items: [...messages, shellCall(step.cmd, callId)], usage: zero },
        toolOutputs: fedBack,
      });
      fedBack = [{ callId, cmd: step.cmd, exitCode: null, output: step.output, blocked: true }];
      messages = [];
    } else if (step.kind === "item") {
      return {
        ok: false,
        message: `a recorded ${String(step.item.type)} item cannot be served to Codex (only commands and messages)`,
      };
    }
  }
  if (session.end.kind === "completed") {
    if (messages.length === 0) return { ok: false, message: "the session has no final message" };
    turns.push({
      answer: { kind: "stream", items: messages, usage: responseUsage(session.end.usage) },
      toolOutputs: fedBack,
    });
  } else {
    turns.push({
      answer: { kind: "error", status: 400, body: session.end.message },
      toolOutputs: fedBack,
    });
  }
  const listing = session.invocation.inputs?.[SKILLS_LISTING_INPUT];
  return {
    ok: true,
    plan: {
      turns,
      prompt: session.invocation.prompt,
      skillsListing:
        Array.isArray(listing) && listing.every((line) => typeof line === "string")
          ? (listing as string[])
          : undefined,
    },
  };
}

/** One difference between what Codex asked and what was recorded. */
export interface RequestDifference {
  /** 1-based number of the request. */
  request: number;
  /** `requests`, `prompt`, `skills listing`, `tool output of call_2 (<cmd>)`. */
  field: string;
  recorded: string;
  seen: string;
}

export function formatDifference(difference: RequestDifference): string {
  return `replay: request ${difference.request} differs from the cassette in its ${difference.field}: recorded ${difference.recorded}, seen ${difference.seen}`;
}

interface InputItem {
  type?: unknown;
  role?: unknown;
  content?: unknown;
  call_id?: unknown;
  output?: unknown;
}

function inputItems(body: unknown): InputItem[] {
  const input = (body as { input?: unknown } | null)?.input;
  return Array.isArray(input) ? (input as InputItem[]) : [];
}

function messageText(item: InputItem): string {
  if (!Array.isArray(item.content)) return "";
  return (item.content as Array<{ text?: unknown }>)
    .map((part) => (typeof part?.text === "string" ? part.text : ""))
    .join("");
}

/**
 * The user's prompt: the last user message of the request that Codex did not add itself. Codex
 * adds the environment context before the prompt and, for each `$name` mention of a skill it
 * loaded, the whole skill (`<skill><name>…`) right after it (conformance/mentions/).
 */
export function userPrompt(body: unknown): string | undefined {
  let prompt: string | undefined;
  for (const item of inputItems(body)) {
    if (item.role !== "user") continue;
    const text = messageText(item);
    if (!text.startsWith("<environment_context>") && !text.startsWith("<skill>")) prompt = text;
  }
  return prompt;
}

/** The model-visible skills listing of a request, one line per skill, as Codex lists it. */
export function skillsListingLines(body: unknown): string[] | undefined {
  const instructions = findSkillsInstructions(body);
  if (instructions === undefined) return undefined;
  return parseSkillsInstructions(instructions).skills.map(
    (skill) =>
      `${skill.name}:${skill.description === "" ? "" : ` ${skill.description}`} (file: ${skill.listedFile})`,
  );
}

/** A tool output as Codex feeds it back (`Chunk ID ... Output:\n<text>`), read. */
export interface SeenToolOutput {
  /** `null`: `Process running with session ID N`; undefined: no exit line (a blocked call). */
  exitCode: number | null | undefined;
  /** The text after `Output:\n`, or the whole output when it has no such header. */
  output: string;
  /** For an output Codex cut in the middle: what it kept and how many characters it cut. */
  truncated?: { head: string; tail: string; cut: number };
}

const TRUNCATED_HEADER =
  /^Warning: truncated output \(original token count: \d+\)\nTotal output lines: \d+\n\n/;
const CUT_MARK = /…(\d+) chars truncated…/;

export function readToolOutput(text: string): SeenToolOutput {
  const header = text.indexOf("\nOutput:\n");
  if (!text.startsWith("Chunk ID: ") || header < 0) return { exitCode: undefined, output: text };
  const head = text.slice(0, header);
  const exit = /\nProcess exited with code (-?\d+)(?:\n|$)/.exec(head);
  const running = /\nProcess running with session ID \d+/.test(head);
  const exitCode = exit ? Number(exit[1]) : running ? null : undefined;
  const output = text.slice(header + "\nOutput:\n".length);
  const warning = TRUNCATED_HEADER.exec(output);
  if (warning) {
    const body = output.slice(warning[0].length);
    const mark = CUT_MARK.exec(body);
    if (mark) {
      return {
        exitCode,
        output,
        truncated: {
          head: body.slice(0, mark.index),
          tail: body.slice(mark.index + mark[0].length),
          cut: Number(mark[1]),
        },
      };
    }
  }
  return { exitCode, output };
}

const MAX_SHOWN = 120;

/** A value as a difference shows it: JSON-quoted, cut to a readable length. */
export function shown(value: string): string {
  const quoted = JSON.stringify(value);
  return quoted.length <= MAX_SHOWN
    ? quoted
    : `${quoted.slice(0, MAX_SHOWN - 1)}…" (${value.length} characters)`;
}

/** Where two texts first differ, shown around that place. */
function firstDifference(recorded: string, seen: string): { recorded: string; seen: string } {
  let at = 0;
  while (at < recorded.length && at < seen.length && recorded[at] === seen[at]) at++;
  const from = Math.max(0, at - 20);
  const where = from > 0 ? ` at character ${at}` : "";
  return {
    recorded: `${shown(recorded.slice(from))}${where}`,
    seen: `${shown(seen.slice(from))}${where}`,
  };
}

function outputMatches(expected: string, seen: SeenToolOutput): boolean {
  const cut = seen.truncated;
  if (cut === undefined) return expected === seen.output;
  return (
    expected.length === cut.head.length + cut.cut + cut.tail.length &&
    expected.startsWith(cut.head) &&
    expected.endsWith(cut.tail)
  );
}

function describeExit(code: number | null | undefined): string {
  if (code === undefined) return "no exit code";
  return code === null ? "still running" : `exit code ${code}`;
}

function diffToolOutput(
  request: number,
  expected: ExpectedToolOutput,
  items: InputItem[],
): RequestDifference | undefined {
  const field = `tool output of ${expected.callId} (${shown(expected.cmd)})`;
  const item = items.find(
    (candidate) =>
      (candidate.type === "function_call_output" || candidate.type === "custom_tool_call_output") &&
      candidate.call_id === expected.callId,
  );
  if (item === undefined) {
    return {
      request,
      field,
      recorded: describeExit(expected.exitCode),
      seen: "no output fed back",
    };
  }
  const text = typeof item.output === "string" ? item.output : JSON.stringify(item.output);
  const seen = readToolOutput(text);
  if (expected.blocked) {
    if (seen.exitCode === undefined && text === expected.output) return undefined;
    const recorded = `blocked: ${shown(expected.output)}`;
    return seen.exitCode === undefined
      ? { request, field, ...firstDifference(expected.output, text) }
      : { request, field, recorded, seen: `not blocked, ${describeExit(seen.exitCode)}` };
  }
  if (seen.exitCode !== expected.exitCode) {
    const recorded = describeExit(expected.exitCode);
    return seen.exitCode === undefined
      ? { request, field, recorded, seen: shown(text) }
      : { request, field, recorded, seen: describeExit(seen.exitCode) };
  }
  if (expected.exitCode === null || outputMatches(expected.output, seen)) return undefined;
  const shownText =
    seen.truncated === undefined
      ? seen.output
      : `${seen.truncated.head}…${seen.truncated.cut} chars truncated…${seen.truncated.tail}`;
  return { request, field, ...firstDifference(expected.output, shownText) };
}

/** The first difference between a request Codex sent (`index`, 0-based) and the plan. */
export function diffRequest(
  plan: ReplayPlan,
  index: number,
  body: unknown,
): RequestDifference | undefined {
  const request = index + 1;
  const turn = plan.turns[index];
  if (turn === undefined) {
    return {
      request,
      field: "number of requests",
      recorded: `${plan.turns.length} model turn${plan.turns.length === 1 ? "" : "s"}`,
      seen: `request ${request}`,
    };
  }
  if (index === 0 && plan.prompt !== undefined) {
    const seen = userPrompt(body) ?? "";
    const withStdin = seen.startsWith(`${plan.prompt}\n\n<stdin>\n`);
    if (seen !== plan.prompt && !withStdin) {
      return { request, field: "prompt", ...firstDifference(plan.prompt, seen) };
    }
  }
  if (plan.skillsListing !== undefined) {
    const seen = skillsListingLines(body) ?? [];
    const recorded = plan.skillsListing;
    for (let k = 0; k < Math.max(seen.length, recorded.length); k++) {
      if (seen[k] === recorded[k]) continue;
      return {
        request,
        field: `skills listing (entry ${k + 1})`,
        recorded: recorded[k] === undefined ? "no entry" : shown(recorded[k] as string),
        seen: seen[k] === undefined ? "no entry" : shown(seen[k] as string),
      };
    }
  }
  const items = inputItems(body);
  for (const expected of turn.toolOutputs) {
    const difference = diffToolOutput(request, expected, items);
    if (difference !== undefined) return difference;
  }
  return undefined;
}
