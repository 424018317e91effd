/**
 * The skill's own report check: when the skill has `scripts/validate-report.sh`, it runs with
 * the report as a file (`$1`, in a scratch folder), in the run's working directory, under the
 * shims' environment (the same PATH, HOME and frozen clock as the session's commands), with a
 * timeout. Exit 0 passes; otherwise what it printed on stderr is the message.
 *
 * The harness is not sandboxed: the script runs as the test runs, as the skill's commands do.
 */
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { processCommandRunner } from "@ops-skill/mock-codex";
import type { Scenario } from "../scenario.js";
import { shellQuote } from "../shims.js";

export const VALIDATE_SCRIPT = "scripts/validate-report.sh";
export const VALIDATE_TIMEOUT_MS = 30_000;
/** What of the script's stderr a message keeps. */
const MAX_MESSAGE_CHARS = 2_000;

export interface ValidateScriptCheck {
  kind: "validate-script";
  passed: boolean;
  /** The script, relative to the skill folder. */
  script: string;
  exitCode: number | null;
  timedOut: boolean;
  timeoutMs: number;
  /** What it printed on stderr (cut to 2,000 characters). */
  stderr: string;
}

export interface ValidateScriptOptions {
  /** The run's working directory (the script runs there). */
  cwd: string;
  /** The shims' environment (the whole environment of the script). */
  env: Record<string, string>;
  /** A scratch folder of this run. */
  scratch: string;
  timeoutMs?: number;
}

/** The check, or undefined when the skill has no validate-report.sh or the run gave no report. */
export async function checkValidateScript(
  scenario: Scenario,
  reportText: string | undefined,
  options: ValidateScriptOptions,
): Promise<ValidateScriptCheck | undefined> {
  if (reportText === undefined) return undefined;
  const script = resolve(scenario.dir, "..", "..", VALIDATE_SCRIPT);
  if (!(statSync(script, { throwIfNoEntry: false })?.isFile() ?? false)) return undefined;
  const dir = join(options.scratch, "validate-report");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "report.json");
  writeFileSync(file, reportText);
  const timeoutMs = options.timeoutMs ?? VALIDATE_TIMEOUT_MS;
  const run = processCommandRunner({ cwd: options.cwd, env: options.env, timeoutMs });
  // stdout goes nowhere, stderr is what the runner reads: the message.
  const ran = await run(`bash ${shellQuote(script)} ${shellQuote(file)} 2>&1 >/dev/null`);
  const stderr =
    ran.output.length > MAX_MESSAGE_CHARS
      ? `${ran.output.slice(0, MAX_MESSAGE_CHARS)}...`
      : ran.output;
  return {
    kind: "validate-script",
    passed: !ran.timedOut && ran.exitCode === 0,
    script: VALIDATE_SCRIPT,
    exitCode: ran.timedOut ? null : ran.exitCode,
    timedOut: ran.timedOut,
    timeoutMs,
    stderr,
  };
}

export function validateScriptMessages(check: ValidateScriptCheck): string[] {
  if (check.passed) return [];
  const head = check.timedOut
    ? `${check.script} did not finish within ${check.timeoutMs / 1000} s and was killed`
    : `${check.script} rejects the report (exit ${check.exitCode})`;
  const lines = check.stderr.trimEnd().split("\n").filter(Boolean);
  return lines.length === 0
    ? [`${head}, saying nothing on stderr`]
    : [`${head}:`, ...lines.slice(0, 20).map((line) => `  ${line}`)];
}
