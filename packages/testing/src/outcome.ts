/**
 * What one engine run of a scenario gave, whichever engine ran it: the contract between the
 * engines (replay: mock-codex in execute mode; codex: the real binary) and the checks, which
 * read only this.
 */
import type { CallDecision, HookConfig, HookMismatch, TurnUsage } from "@ops-skill/mock-codex";
import type { CallLogEntry } from "./shims.js";

export const ENGINES = ["replay", "codex"] as const;
export type Engine = (typeof ENGINES)[number];

/** One command the model asked for, in the order of the session. */
export interface CommandOutcome {
  callId: string;
  /** The raw command the model asked for (what a PreToolUse hook reads). */
  command: string;
  /** Set when a PreToolUse hook blocked it: the reason the model was told. */
  blocked: { reason: string } | null;
  /** What the command printed, stdout and stderr as Codex aggregates them (null when blocked). */
  output: string | null;
  exitCode: number | null;
  /** Set when the command did not end in time (killed, or still running when Codex moved on). */
  timedOut?: true;
}

export interface RunOutcome {
  engine: Engine;
  /** What `codex exec` exited with. */
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The final message (the `-o` file), undefined when none was written. */
  finalMessage: string | undefined;
  commands: CommandOutcome[];
  /** Every tool call the shims saw, answered or not. */
  calls: CallLogEntry[];
  /** The session's tokens, summed over its model turns as recorded. */
  usage: TurnUsage;
  /**
   * Why the engine could not play the session as recorded (mock-codex's refusal, the first
   * request of the real Codex that differs from the recording, a run that timed out), if so.
   */
  problem?: string;
  /**
   * How the PreToolUse hooks judged the shell calls, under Codex's rules (mock-codex's model):
   * the hooks of the run, each call's decision, and the call decided otherwise than the
   * cassette records when that stopped the run. Optional: the guardrail check says why a
   * forbidden command was not blocked from it.
   */
  hooks?: { config: HookConfig; decisions: CallDecision[]; mismatch?: HookMismatch };
}
