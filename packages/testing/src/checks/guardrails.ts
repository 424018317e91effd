/**
 * The guardrail check: every forbidden command (the scenario's and its skill's suite.json's)
 * that the session *attempts* (a simple command of an `exec_command` call of the cassette runs
 * it) must have been blocked by a PreToolUse hook in this run. When it was not, it says why
 * under Codex's real rules, from mock-codex's hooks model: no hook configured, the project
 * untrusted, the hook untrusted in `codex exec`, a deny in a form Codex ignores, hooks off, a
 * timeout... with the fix. Pure: scenario and run outcome in, the check out.
 *
 * The replay engine stops when the hooks decide otherwise than the cassette records (a call
 * recorded as blocked that no hook blocks now): that call is reported here with the reason,
 * forbidden or not.
 */
import { simpleCommands } from "@ops-skill/core/shell";
import { type CallDecision, type HookConfig, hooksForTool } from "@ops-skill/mock-codex";
import { probeResultOf } from "@ops-skill/mock-codex/probe";
import type { RunOutcome } from "../outcome.js";
import type { Scenario } from "../scenario.js";
import { runsForbidden } from "./commands.js";

export interface GuardrailAttempt {
  callId: string;
  /** The raw command the model asked for. */
  command: string;
  /** The forbidden command it attempts (empty for a blocked call the cassette records). */
  forbidden: string[];
  /** Where the forbidden command is listed (`scenario.json` or the suite's file), and its line. */
  source: string;
  line?: number;
  /** Whether a hook blocked it in this run; `undefined`: the run never reached the call. */
  blocked: boolean | undefined;
  /** The cassette records it as blocked, and the replay stopped because nothing blocks it now. */
  recordedBlocked?: true;
  /** Why it was not blocked: one line per hook (or one for none), each with its fix. */
  why: string[];
}

export interface GuardrailCheck {
  kind: "guardrails";
  passed: boolean;
  attempts: GuardrailAttempt[];
}

interface Listed {
  argv: string[];
  source: string;
  line: number;
}

/** The forbidden commands of a scenario: its own, then its skill's. */
export function forbiddenOf(scenario: Scenario): Listed[] {
  return [
    ...scenario.forbidden.map((entry) => ({
      argv: entry.argv,
      source: "scenario.json",
      line: entry.line,
    })),
    ...(scenario.suite?.forbidden ?? []).map((entry) => ({
      argv: entry.argv,
      source: scenario.suite?.file ?? "suite.json",
      line: entry.line,
    })),
  ];
}

const NO_HOOK =
  'no PreToolUse hook is configured for the shell (in $CODEX_HOME or the project\'s .codex/); fix: add a hook with matcher "^Bash$" that denies it';

/** Why a call the hooks did not block went through, one line per hook (pure). */
export function whyNotBlocked(
  command: string,
  decision: CallDecision,
  config: HookConfig,
): string[] {
  const result = probeResultOf({ command, forbidden: true }, decision, config);
  if (result.hooks.length === 0) return [NO_HOOK];
  return result.hooks.map(
    (hook) =>
      `hook ${hook.key}${hook.command === null ? "" : ` (${hook.command})`}: ${hook.detail}${hook.fix === null ? "" : `; fix: ${hook.fix}`}`,
  );
}

/** The decision for a call: the run's, or (no hook could fire, so none was made) the config's. */
function decisionFor(
  callId: string,
  command: string,
  hooks: NonNullable<RunOutcome["hooks"]>,
): CallDecision {
  const made = hooks.decisions.find((decision) => decision.call.callId === callId);
  if (made !== undefined) return made;
  const { skipped } = hooksForTool(hooks.config, "PreToolUse", "Bash");
  return { call: { command, callId }, runs: [], skipped, outcome: { action: "run" } };
}

/** The check, or undefined when nothing is forbidden and no call is recorded as blocked. */
export function checkGuardrails(
  scenario: Scenario,
  outcome: RunOutcome,
): GuardrailCheck | undefined {
  const forbidden = forbiddenOf(scenario);
  const mismatch = outcome.hooks?.mismatch;
  const attempts: GuardrailAttempt[] = [];
  let synthetic = 0;
  for (const step of scenario.cassette.session.steps) {
    if ((step.kind !== "command" && step.kind !== "blocked") || step.cmd === undefined) continue;
    // The ids mock-codex gives calls a transcript records without one.
    const callId = step.callId ?? `call_${synthetic++}`;
    const command = step.cmd;
    const commands = simpleCommands(command);
    const listed = forbidden.find((entry) => commands.some((c) => runsForbidden(c, entry.argv)));
    const stoppedHere = mismatch?.callId === callId && mismatch.recorded === "blocked";
    if (listed === undefined && !stoppedHere) continue;
    const ran = outcome.commands.find((candidate) => candidate.callId === callId);
    const blocked = stoppedHere ? false : ran === undefined ? undefined : ran.blocked !== null;
    const attempt: GuardrailAttempt = {
      callId,
      command,
      forbidden: listed?.argv ?? [],
      source: listed?.source ?? "",
      ...(listed ? { line: listed.line } : {}),
      blocked,
      why: [],
    };
    if (stoppedHere) attempt.recordedBlocked = true;
    if (blocked === false) {
      attempt.why =
        outcome.hooks === undefined
          ? ["the engine gave no hook decisions for this run"]
          : whyNotBlocked(
              command,
              stoppedHere ? mismatch.decision : decisionFor(callId, command, outcome.hooks),
              outcome.hooks.config,
            );
    }
    attempts.push(attempt);
  }
  if (forbidden.length === 0 && attempts.length === 0) return undefined;
  return {
    kind: "guardrails",
    passed: attempts.every((attempt) => attempt.blocked !== false),
    attempts,
  };
}

/** The check's failure lines: one per attempt not blocked, then one per reason, indented. */
export function guardrailMessages(check: GuardrailCheck): string[] {
  return check.attempts
    .filter((attempt) => attempt.blocked === false)
    .flatMap((attempt) => {
      const call = `call ${attempt.callId}: ${JSON.stringify(attempt.command)}`;
      const head = attempt.recordedBlocked
        ? attempt.forbidden.length > 0
          ? `guardrail: ${attempt.forbidden.join(" ")} (forbidden in ${attempt.source}) is not blocked: the cassette records ${call} as blocked by a hook, but no hook blocks it now`
          : `guardrail: the cassette records ${call} as blocked by a hook, but no hook blocks it now`
        : `guardrail: ${attempt.forbidden.join(" ")} (forbidden in ${attempt.source}) is not blocked by any hook (${call})`;
      return [head, ...attempt.why.map((line) => `  ${line}`)];
    });
}
