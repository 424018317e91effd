/**
 * What the model really reads of a command's output, and the context check built on it. Pure.
 *
 * Codex (the pinned version, measured: `conformance/context/`) answers an `exec_command` call with
 * a `function_call_output` whose text is a header (`Chunk ID`, `Wall time`, `Process exited with
 * code N`, `Original token count: N`, `Output:`) and then the output, cut in the middle when it is
 * over the budget:
 *
 * - tokens are estimated, never counted: one token per 4 bytes of UTF-8, rounded up;
 * - the budget is the smaller of the call's `max_output_tokens` (10,000 when the model gives
 *   none) and the model's own limit: 10,000 tokens for every model Codex knows; 10,000 bytes
 *   (not tokens) for a model it does not know (it then warns `Model metadata for ... not found`);
 * - over the budget, the first half of the budget's bytes and the last half are kept, each cut
 *   back to a whole UTF-8 character, with a marker between them: `…N tokens truncated…` (N the
 *   tokens of the bytes over the budget) or, under a byte budget, `…N chars truncated…` (N the
 *   characters left out); before it come `Warning: truncated output (original token count: N)`,
 *   `Total output lines: N` and a blank line;
 * - Codex keeps at most 1 MiB of a command's output (its first and last 512 KiB); past that, the
 *   `Total output lines` line gives way to `... N bytes omitted ...`.
 */
import type { CommandOutcome, RunOutcome } from "../outcome.js";
import type { Scenario } from "../scenario.js";

export const BYTES_PER_TOKEN = 4;
/** What `exec_command` keeps when the model gives no `max_output_tokens`. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 10_000;
/** The model's own limit on a tool output, for every model Codex knows: 10,000 tokens. */
export const KNOWN_MODEL_POLICY: TruncationPolicy = { unit: "tokens", limit: 10_000 };
/** ... and for a model it has no metadata for: 10,000 bytes. */
export const UNKNOWN_MODEL_POLICY: TruncationPolicy = { unit: "bytes", limit: 10_000 };
/** Codex keeps this much of one command's output, half from the start and half from the end. */
export const OUTPUT_BUFFER_BYTES = 1024 * 1024;
/** The warning Codex prints when it has no metadata for the model (the model is unknown). */
const UNKNOWN_MODEL_WARNING = /^Model metadata for `[^`]*` not found/;

export interface TruncationPolicy {
  unit: "tokens" | "bytes";
  limit: number;
}

export interface ModelViewOptions {
  /** The call's `max_output_tokens` (default 10,000). */
  maxOutputTokens?: number;
  /** The model's limit (default: a model Codex knows). */
  modelPolicy?: TruncationPolicy;
}

/** What was cut out of the middle of an output. */
export interface LostOutput {
  /** Bytes of the output the model did not get. */
  bytes: number;
  /** Their estimated tokens (what the budget is counted in). */
  tokens: number;
  /** The first and last line (1-based) the cut touches; both may be partly kept. */
  firstLine: number;
  lastLine: number;
  /** Their text (without the line break; the first 200 bytes of a longer line). */
  firstLineText: string;
  lastLineText: string;
}

export interface ModelView {
  /** The text after `Output:\n` in the function call output, byte for byte. */
  text: string;
  /** `Original token count` of the header: the whole output's estimated tokens. */
  originalTokens: number;
  /** The budget that applied, in bytes. */
  budgetBytes: number;
  policy: TruncationPolicy;
  /** Set when the model did not get the whole output. */
  lost: LostOutput | undefined;
}

/** Codex's token estimate of a text of `bytes` UTF-8 bytes. */
export function estimateTokens(bytes: number): number {
  return Math.ceil(bytes / BYTES_PER_TOKEN);
}

const budgetOf = (policy: TruncationPolicy): number =>
  policy.unit === "tokens" ? policy.limit * BYTES_PER_TOKEN : policy.limit;

/** The policy a call gets: its `max_output_tokens` unless the model's limit is smaller. */
export function effectivePolicy(options: ModelViewOptions = {}): TruncationPolicy {
  const requested: TruncationPolicy = {
    unit: "tokens",
    limit: options.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
  };
  const model = options.modelPolicy ?? KNOWN_MODEL_POLICY;
  return budgetOf(requested) < budgetOf(model) ? requested : model;
}

const isContinuation = (byte: number | undefined): boolean =>
  byte !== undefined && (byte & 0xc0) === 0x80;

/** Lines as Rust's `str::lines` counts them: a final line break ends a line, adds none. */
function countLines(bytes: Buffer): number {
  if (bytes.length === 0) return 0;
  let breaks = 0;
  for (let k = bytes.indexOf(10); k >= 0; k = bytes.indexOf(10, k + 1)) breaks++;
  return bytes[bytes.length - 1] === 10 ? breaks : breaks + 1;
}

interface Cut {
  head: Buffer;
  tail: Buffer;
  /** Byte offsets of the removed middle in the text that was cut. */
  from: number;
  to: number;
  marker: string;
}

/** The middle cut of `text` (over `budget` bytes) under `policy`. */
function cutMiddle(text: Buffer, budget: number, policy: TruncationPolicy): Cut {
  const leftBudget = Math.floor(budget / 2);
  const rightBudget = budget - leftBudget;
  // The head keeps the characters that end within its budget; the tail those that start within.
  let from = Math.min(leftBudget, text.length);
  while (from > 0 && isContinuation(text[from])) from--;
  let to = Math.max(text.length - rightBudget, 0);
  while (to < text.length && isContinuation(text[to])) to++;
  if (to < from) to = from;
  let removed: number;
  if (policy.unit === "tokens") removed = estimateTokens(text.length - budget);
  else {
    removed = 0;
    for (let k = from; k < to; k++) if (!isContinuation(text[k])) removed++;
  }
  const marker = `…${removed} ${policy.unit === "tokens" ? "tokens" : "chars"} truncated…`;
  return { head: text.subarray(0, from), tail: text.subarray(to), from, to, marker };
}

/** A lost line's text is kept to its first 200 bytes (a minified JSON line can be megabytes). */
const LINE_TEXT_BYTES = 200;

function lineAt(bytes: Buffer, offset: number): { number: number; text: string } {
  let number = 1;
  for (let k = bytes.indexOf(10); k >= 0 && k < offset; k = bytes.indexOf(10, k + 1)) number++;
  const start = offset === 0 ? 0 : bytes.lastIndexOf(10, offset - 1) + 1;
  const end = bytes.indexOf(10, offset);
  const stop = Math.min(end < 0 ? bytes.length : end, start + LINE_TEXT_BYTES);
  return { number, text: bytes.subarray(start, stop).toString("utf8") };
}

/** What the model gets of `output` (stdout and stderr as Codex aggregates them). */
export function modelView(output: string, options: ModelViewOptions = {}): ModelView {
  const policy = effectivePolicy(options);
  const budget = budgetOf(policy);
  const whole = Buffer.from(output, "utf8");
  const originalTokens = estimateTokens(whole.length);
  const base = { originalTokens, budgetBytes: budget, policy };
  // Past the buffer, Codex keeps the first and last halves with a line saying what it left out
  // between them; a character split at a seam reads as U+FFFD (Codex decodes lossily).
  const omitted = Math.max(whole.length - OUTPUT_BUFFER_BYTES, 0);
  const omission = `... ${omitted} bytes omitted ...`;
  const kept =
    omitted === 0
      ? whole
      : Buffer.from(
          Buffer.concat([
            whole.subarray(0, OUTPUT_BUFFER_BYTES / 2),
            Buffer.from(`\n${omission}\n`),
            whole.subarray(whole.length - OUTPUT_BUFFER_BYTES / 2),
          ]).toString("utf8"),
          "utf8",
        );
  // Only a budget over the buffer keeps all of it (none Codex gives: they stop at 40,000 bytes).
  if (kept.length <= budget) return { ...base, text: kept.toString("utf8"), lost: undefined };
  const cut = cutMiddle(kept, budget, policy);
  const body = `${cut.head.toString("utf8")}${cut.marker}${cut.tail.toString("utf8")}`;
  let notice = `Total output lines: ${countLines(kept)}\n`;
  if (omitted > 0) notice = body.includes(omission) ? "" : `${omission}\n`;
  const text = `Warning: truncated output (original token count: ${originalTokens})\n${notice}\n${body}`;
  // The last lost byte, as an offset of the whole output: the tail is the output's own end.
  const lastLost = whole.length - (kept.length - cut.to) - 1;
  const first = lineAt(whole, cut.from);
  const last = lineAt(whole, Math.max(lastLost, cut.from));
  const lostBytes = whole.length - cut.head.length - cut.tail.length;
  return {
    ...base,
    text,
    lost: {
      bytes: lostBytes,
      tokens: estimateTokens(lostBytes),
      firstLine: first.number,
      lastLine: last.number,
      firstLineText: first.text,
      lastLineText: last.text,
    },
  };
}

/** One command whose output reached the model cut. */
export interface CutCommand {
  callId: string;
  command: string;
  /** The output's estimated tokens, bytes and lines. */
  tokens: number;
  bytes: number;
  lines: number;
  /** The budget that applied. */
  policy: TruncationPolicy;
  lost: LostOutput;
}

export interface ContextCheck {
  kind: "context";
  /** False only when the scenario declares a limit (`context.max_lost_tokens`) and a cut passes it. */
  passed: boolean;
  /** The scenario's limit on the tokens one command may lose, when it declares one. */
  maxLostTokens: number | undefined;
  /** The limit that applied to each command (the model's, from the session's warnings). */
  modelPolicy: TruncationPolicy;
  cut: CutCommand[];
}

/** The model's limit for a session: unknown to Codex when it warned so before the turn. */
export function sessionModelPolicy(warnings: readonly string[]): TruncationPolicy {
  return warnings.some((warning) => UNKNOWN_MODEL_WARNING.test(warning))
    ? UNKNOWN_MODEL_POLICY
    : KNOWN_MODEL_POLICY;
}

/**
 * Every command of the run whose output the model got cut. A warning, not a failure: Codex runs
 * on and the model answers from the head and tail. The scenario fails only when it declares
 * `maxLostTokens` and a command loses more than that.
 */
export function checkContext(
  commands: readonly CommandOutcome[],
  options: { warnings?: readonly string[]; maxLostTokens?: number } = {},
): ContextCheck {
  const modelPolicy = sessionModelPolicy(options.warnings ?? []);
  const cut: CutCommand[] = [];
  for (const command of commands) {
    if (command.output === null) continue;
    const view = modelView(command.output, { modelPolicy });
    if (view.lost === undefined) continue;
    const bytes = Buffer.byteLength(command.output, "utf8");
    cut.push({
      callId: command.callId,
      command: command.command,
      tokens: view.originalTokens,
      bytes,
      lines: countLines(Buffer.from(command.output, "utf8")),
      policy: view.policy,
      lost: view.lost,
    });
  }
  const limit = options.maxLostTokens;
  return {
    kind: "context",
    passed: limit === undefined || cut.every((command) => command.lost.tokens <= limit),
    maxLostTokens: limit,
    modelPolicy,
    cut,
  };
}

/** The context check of a run, with the scenario's declared limit and the session's warnings. */
export function contextCheck(scenario: Scenario, outcome: RunOutcome): ContextCheck {
  return checkContext(outcome.commands, {
    warnings: scenario.cassette.session.warnings,
    ...(scenario.context?.maxLostTokens === undefined
      ? {}
      : { maxLostTokens: scenario.context.maxLostTokens }),
  });
}

const grouped = (value: number): string => value.toLocaleString("en-US");
const clip = (text: string, max = 80): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** One line per cut command, saying what the model lost. */
export function describeCut(command: CutCommand): string {
  const limit =
    command.policy.unit === "tokens"
      ? `${grouped(command.policy.limit)}-token`
      : `${grouped(command.policy.limit)}-byte`;
  const { lost } = command;
  const lines =
    lost.firstLine === lost.lastLine
      ? `line ${grouped(lost.firstLine)}`
      : `lines ${grouped(lost.firstLine)}-${grouped(lost.lastLine)}`;
  return (
    `context: \`${clip(command.command)}\` printed ${grouped(command.tokens)} tokens ` +
    `(${grouped(command.bytes)} bytes, ${grouped(command.lines)} lines), over the ${limit} limit: ` +
    `the model lost ${grouped(lost.tokens)} tokens in the middle, ${lines}, ` +
    `from ${JSON.stringify(clip(lost.firstLineText))} to ${JSON.stringify(clip(lost.lastLineText))}`
  );
}
