/**
 * The replay engine's run as a `RunOutcome`, from what `runExec` returned: each shell call of
 * the cassette, blocked or not by the hooks of this run, and the hooks' decisions. (What the
 * commands printed is in the run's events; the checks of this module do not read it.)
 */
import type { ExecResult } from "@ops-skill/mock-codex";
import type { CommandOutcome, RunOutcome } from "../outcome.js";
import type { Scenario } from "../scenario.js";
import type { CallLogEntry } from "../shims.js";

export function replayOutcome(
  scenario: Scenario,
  result: ExecResult,
  calls: CallLogEntry[],
): RunOutcome {
  const decisions = result.hooks?.decisions ?? [];
  const commands: CommandOutcome[] = [];
  let synthetic = 0;
  for (const step of scenario.cassette.session.steps) {
    if ((step.kind !== "command" && step.kind !== "blocked") || step.cmd === undefined) continue;
    const callId = step.callId ?? `call_${synthetic++}`;
    // The run stopped at a call the hooks decided otherwise: the calls after it never came.
    if (result.hooks?.mismatch !== undefined && !decisions.some((d) => d.call.callId === callId))
      continue;
    const outcome = decisions.find((decision) => decision.call.callId === callId)?.outcome;
    commands.push({
      callId,
      command: step.cmd,
      blocked: outcome?.action === "block" ? { reason: outcome.reason } : null,
      output: null,
      exitCode: null,
    });
  }
  const end = scenario.cassette.session.end;
  return {
    engine: "replay",
    exitCode: result.exitCode,
    stdout: result.stdout,
    stderr: result.stderr,
    finalMessage: result.outputFile?.content,
    commands,
    calls,
    usage:
      end.kind === "completed"
        ? end.usage
        : {
            input_tokens: 0,
            cached_input_tokens: 0,
            cache_write_input_tokens: 0,
            output_tokens: 0,
            reasoning_output_tokens: 0,
          },
    ...(result.hooks === undefined ? {} : { hooks: result.hooks }),
  };
}
