/**
 * The recorded-output check of the replay engine: each command that really ran printed and
 * exited as the cassette records. The model's recorded turns answer what the recorded commands
 * printed; when a command of the skill (its `scripts/`, a pipe of `jq`) now prints otherwise,
 * the recorded report no longer follows from the run, and the scenario fails naming the call,
 * the cassette line and the first line that differs. (The codex engine makes the same
 * comparison on every request Codex sends: its run stops at the first difference.) A run
 * with a call that failed closed is left to the unanswered-calls check. Pure.
 */
import { isAbsolute, relative, resolve } from "node:path";
import type { SessionStep } from "@ops-skill/mock-codex";
import type { RunOutcome } from "../outcome.js";
import type { Scenario } from "../scenario.js";

export interface OutputDifference {
  callId: string;
  command: string;
  /** The cassette line that records the call's result. */
  line: number | undefined;
  /** What differs, in a sentence. */
  detail: string;
}

export interface RecordedOutputCheck {
  kind: "recorded-output";
  passed: boolean;
  /** The cassette, relative to the working directory when inside it. */
  cassette: string;
  differences: OutputDifference[];
}

type CommandStep = Extract<SessionStep, { kind: "command" }>;

/** At most this many characters of a line are quoted. */
const QUOTE = 120;

const quote = (text: string | undefined): string =>
  text === undefined
    ? "nothing"
    : JSON.stringify(text.length > QUOTE ? `${text.slice(0, QUOTE)}…` : text);

/** The first line where two outputs differ, in a sentence; undefined when they are equal. */
export function firstDifference(actual: string, recorded: string): string | undefined {
  if (actual === recorded) return undefined;
  const got = actual.split("\n");
  const want = recorded.split("\n");
  let k = 0;
  while (k < got.length && k < want.length && got[k] === want[k]) k++;
  const at = (lines: string[]) =>
    k === lines.length - 1 && lines[k] === "" ? "the end of the output" : quote(lines[k]);
  return `line ${k + 1}: got ${at(got)}, recorded ${at(want)}`;
}

/** The cassette from the working directory (the repository root), as the other checks name files. */
function cassetteName(scenario: Scenario, cwd: string): string {
  const path = resolve(scenario.dir, scenario.cassette.path);
  const name = relative(resolve(cwd), path);
  return name === "" || name.startsWith("..") || isAbsolute(name) ? path : name;
}

export function checkRecordedOutput(
  scenario: Scenario,
  outcome: RunOutcome,
  cwd: string,
): RecordedOutputCheck | undefined {
  if (outcome.engine !== "replay") return undefined;
  // A call that failed closed changes its command's output: the unanswered-calls check names
  // that cause, with the nearest record.
  if (outcome.calls.some((call) => call.problem !== undefined)) return undefined;
  const steps = new Map<string, CommandStep>();
  for (const step of scenario.cassette.session.steps) {
    if (step.kind === "command" && step.callId !== undefined) steps.set(step.callId, step);
  }
  const differences: OutputDifference[] = [];
  for (const command of outcome.commands) {
    if (command.blocked !== null || command.timedOut || command.output === null) continue;
    const step = steps.get(command.callId);
    if (step === undefined || !step.completed) continue;
    const details: string[] = [];
    if (command.exitCode !== step.exitCode) {
      details.push(`exited ${command.exitCode ?? "without a code"}, recorded ${step.exitCode}`);
    }
    const printed = firstDifference(command.output, step.output);
    if (printed !== undefined) details.push(`printed otherwise, ${printed}`);
    if (details.length === 0) continue;
    differences.push({
      callId: command.callId,
      command: command.command,
      line: step.line,
      detail: details.join("; "),
    });
  }
  return {
    kind: "recorded-output",
    passed: differences.length === 0,
    cassette: cassetteName(scenario, cwd),
    differences,
  };
}

/** Lines saying why the check failed. */
export function recordedOutputMessages(check: RecordedOutputCheck): string[] {
  return check.differences.map(
    (difference) =>
      `recorded output: ${check.cassette}${difference.line === undefined ? "" : `:${difference.line}`}: call ${difference.callId} (${quote(difference.command.split("\n")[0])}) ${difference.detail}; the recorded model turns after it answer another output (fix the skill, or re-record the session)`,
  );
}
