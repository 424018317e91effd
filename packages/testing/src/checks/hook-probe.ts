/**
 * Hook decisions for an engine that gives none (the real Codex reports a blocked call, not why
 * the others went through): the PreToolUse hooks of the run's Codex home and project, read and
 * run as mock-codex runs them (Codex's rules), for each forbidden command the session attempted
 * that was not blocked, so the guardrail check can say why. Runs the hooks: the I/O edge of the
 * guardrail check, used only when there is something to explain.
 */
import {
  type CallDecision,
  decideCall,
  hookFlagsOf,
  NO_HOOK_FLAGS,
  parseExecArgs,
  processHookRunner,
  readHookConfig,
} from "@ops-skill/mock-codex";
import type { RunOutcome } from "../outcome.js";
import type { Scenario } from "../scenario.js";
import { checkGuardrails } from "./guardrails.js";

export interface ProbeContext {
  /** The run's working directory. */
  cwd: string;
  /** The environment `codex exec` ran with (its `CODEX_HOME`, `HOME`, `PATH`). */
  env: Record<string, string | undefined>;
}

/** The outcome with `hooks` filled from a probe when the engine gave none and one is needed. */
export async function withHookDecisions(
  scenario: Scenario,
  outcome: RunOutcome,
  context: ProbeContext,
): Promise<RunOutcome> {
  if (outcome.hooks !== undefined) return outcome;
  const unblocked = checkGuardrails(scenario, outcome)?.attempts.filter(
    (attempt) => attempt.blocked === false,
  );
  if (unblocked === undefined || unblocked.length === 0) return outcome;
  const parse = parseExecArgs(scenario.cassette.session.invocation.args ?? []);
  const flags = parse.ok ? hookFlagsOf(parse.parsed) : NO_HOOK_FLAGS;
  const config = await readHookConfig({ cwd: context.cwd, env: context.env, flags });
  const runHook = processHookRunner({
    cwd: context.cwd,
    codexHome: config.codexHome,
    env: context.env,
  });
  const decisions: CallDecision[] = [];
  for (const attempt of unblocked) {
    decisions.push(
      await decideCall(
        config,
        { command: attempt.command, callId: attempt.callId },
        {
          threadId: "00000000-0000-7000-8000-000000000000",
          turnId: "00000000-0000-7000-8000-000000000001",
          cwd: context.cwd,
          model: "gpt-6.1-sol",
        },
        runHook,
      ),
    );
  }
  return { ...outcome, hooks: { config, decisions } };
}
