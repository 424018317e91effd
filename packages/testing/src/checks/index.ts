/**
 * The checks of a run that look beyond the report and the call log: the cassette against the
 * skill as it is now (stale), the guardrails (forbidden commands blocked by the hooks), the
 * report against the skill's output schema and against its own `scripts/validate-report.sh`.
 * Each reads the scenario and the engine's `RunOutcome`, and each is reported on its own.
 */
import type { RunOutcome } from "../outcome.js";
import type { Scenario } from "../scenario.js";
import { checkGuardrails, type GuardrailCheck, guardrailMessages } from "./guardrails.js";
import { withHookDecisions } from "./hook-probe.js";
import {
  checkRecordedOutput,
  type RecordedOutputCheck,
  recordedOutputMessages,
} from "./recorded-output.js";
import { checkSchema, type SchemaCheck, schemaMessages } from "./schema.js";
import { checkStaleCassette, type StaleCheck, staleMessages } from "./stale.js";
import {
  checkValidateScript,
  type ValidateScriptCheck,
  validateScriptMessages,
} from "./validate-script.js";

export type SkillCheck =
  | StaleCheck
  | RecordedOutputCheck
  | GuardrailCheck
  | SchemaCheck
  | ValidateScriptCheck;

export interface SkillCheckOptions {
  /** The run's working directory (the recorded paths resolve from it). */
  cwd: string;
  /** The shims' environment. */
  env: Record<string, string>;
  /** A scratch folder of this run. */
  scratch: string;
  /** The report, parsed, and its text (both undefined when the run gave none). */
  report: unknown;
  reportText: string | undefined;
  /** The validate-report.sh timeout. */
  timeoutMs?: number;
  /**
   * The Codex home of the run: when the engine gave no hook decisions, the hooks are probed
   * under it to say why a forbidden command went through.
   */
  codexHome?: string;
}

export async function runSkillChecks(
  scenario: Scenario,
  outcome: RunOutcome,
  options: SkillCheckOptions,
): Promise<SkillCheck[]> {
  const explained = await withHookDecisions(scenario, outcome, {
    cwd: options.cwd,
    env: {
      ...options.env,
      ...(options.codexHome === undefined ? {} : { CODEX_HOME: options.codexHome }),
    },
  });
  const checks: (SkillCheck | undefined)[] = [
    checkStaleCassette(scenario, options.cwd),
    checkRecordedOutput(scenario, outcome, options.cwd),
    checkGuardrails(scenario, explained),
    await checkSchema(scenario, options.report, options.cwd),
    await checkValidateScript(
      scenario,
      options.report === undefined ? undefined : options.reportText,
      {
        cwd: options.cwd,
        env: options.env,
        scratch: options.scratch,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      },
    ),
  ];
  return checks.filter((check): check is SkillCheck => check !== undefined);
}

/** Lines saying why a check of this module failed. */
export function skillCheckMessages(check: SkillCheck): string[] {
  if (check.passed) return [];
  switch (check.kind) {
    case "stale-cassette":
      return staleMessages(check);
    case "recorded-output":
      return recordedOutputMessages(check);
    case "guardrails":
      return guardrailMessages(check);
    case "schema":
      return schemaMessages(check);
    case "validate-script":
      return validateScriptMessages(check);
  }
}

export { runsForbidden } from "./commands.js";
export { forbiddenOf, type GuardrailAttempt, type GuardrailCheck } from "./guardrails.js";
export { type ProbeContext, withHookDecisions } from "./hook-probe.js";
export type { OutputDifference, RecordedOutputCheck } from "./recorded-output.js";
export { outputSchemaPath, type SchemaCheck } from "./schema.js";
export type { StaleCheck, StaleInput } from "./stale.js";
export { VALIDATE_SCRIPT, type ValidateScriptCheck } from "./validate-script.js";
