/**
 * Runs one scenario with the replay engine: `mock-codex exec` called in-process (its library
 * API, `runExec`) with the cassette's recorded flags and prompt, in execute mode: each command
 * the model asked for really runs (`/bin/bash -lc`) in the environment the tool shims give, so
 * the skill's own scripts run and every tool call reaches a shim. Then the report is checked:
 * exit code, golden (after normalisation), expectations, and what the call log says (calls
 * nothing answered, forbidden commands, records no call used).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { processCommandRunner, runExec } from "@ops-skill/mock-codex";
import {
  checkExpectation,
  diffJson,
  type ExpectationResult,
  type JsonDifference,
  normalizeReport,
} from "./assertions.js";
import { forbiddenCalls, readCallLog, unansweredCalls, unusedRecordings } from "./calls.js";
import { type BudgetCheck, budgetChecks, gatherCommands } from "./checks/budget.js";
import type { ToolRecording } from "./recordings.js";
import type { Scenario } from "./scenario.js";
import { type CallLogEntry, installShims } from "./shims.js";

export interface RunScenarioOptions {
  /** The folder `codex exec` runs in: the recorded `--output-schema` path resolves from it. */
  cwd: string;
  /** Where the shims go (default: a new temporary folder, removed afterwards). */
  workDir?: string;
  /** The thread id mock-codex prints (default: a fixed one, so runs compare). */
  threadId?: string;
  /** Each command of the session is killed after this long (default 60 s). */
  commandTimeoutMs?: number;
}

export type ScenarioCheck =
  | { kind: "exit-code"; passed: boolean; expected: number; actual: number }
  | { kind: "report"; passed: boolean; message?: string }
  | {
      kind: "golden";
      passed: boolean;
      state: "missing" | "compared";
      differences: JsonDifference[];
    }
  | ({ kind: "expectation" } & ExpectationResult)
  | { kind: "unanswered-calls"; passed: boolean; calls: CallLogEntry[] }
  | { kind: "forbidden"; passed: boolean; calls: { call: CallLogEntry; argv: string[] }[] }
  | BudgetCheck;

export interface ScenarioRun {
  id: string;
  passed: boolean;
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The report (the final message, parsed), when it is JSON. */
  report: unknown;
  checks: ScenarioCheck[];
  calls: CallLogEntry[];
  unused: ToolRecording[];
}

const FIXED_THREAD_ID = "00000000-0000-7000-8000-000000000000";
const COMMAND_TIMEOUT_MS = 60_000;
const NO_USAGE = {
  input_tokens: 0,
  cached_input_tokens: 0,
  cache_write_input_tokens: 0,
  output_tokens: 0,
  reasoning_output_tokens: 0,
};

/** The recorded flags without `-o` (the run gives its own), and never a cassette flag. */
function replayArgs(recorded: readonly string[]): string[] {
  const args: string[] = [];
  for (let k = 0; k < recorded.length; k++) {
    const arg = recorded[k] as string;
    if (arg === "-o" || arg === "--output-last-message" || arg === "--cassette") k++;
    else if (
      !arg.startsWith("--output-last-message=") &&
      !arg.startsWith("--cassette=") &&
      !(arg.startsWith("-o") && !arg.startsWith("--"))
    ) {
      args.push(arg);
    }
  }
  return args;
}

export async function runScenario(
  scenario: Scenario,
  options: RunScenarioOptions,
): Promise<ScenarioRun> {
  const owned = options.workDir === undefined;
  const work = options.workDir ?? mkdtempSync(join(tmpdir(), "ops-skill-test-"));
  try {
    const shims = installShims({
      dir: join(work, "shims"),
      scenarioDir: scenario.dir,
      recordings: scenario.recordings,
      tools: scenario.tools,
      clock: scenario.clock,
      env: scenario.env,
    });
    const invocation = scenario.cassette.session.invocation;
    const argv = [
      ...replayArgs(invocation.args ?? []),
      "--skip-git-repo-check",
      "--cassette",
      resolve(scenario.dir, scenario.cassette.path),
      "-o",
      join(work, "last-message.txt"),
      invocation.prompt ?? `Run the ${scenario.skill} skill.`,
    ];
    const timeoutMs = options.commandTimeoutMs ?? COMMAND_TIMEOUT_MS;
    const gathered = gatherCommands(
      processCommandRunner({ cwd: options.cwd, env: shims.env, timeoutMs }),
    );
    const result = await runExec(argv, {
      cwd: options.cwd,
      env: { ...shims.env, MOCK_CODEX_THREAD_ID: options.threadId ?? FIXED_THREAD_ID },
      stdin: undefined,
      execute: { env: shims.env, timeoutMs, run: gathered.run },
    });

    const checks: ScenarioCheck[] = [
      {
        kind: "exit-code",
        passed: result.exitCode === scenario.exitCode,
        expected: scenario.exitCode,
        actual: result.exitCode,
      },
    ];
    let report: unknown;
    const message = result.outputFile?.content;
    if (message === undefined || message === "") {
      checks.push({ kind: "report", passed: false, message: "the run gave no final message" });
    } else {
      try {
        report = JSON.parse(message);
        checks.push({ kind: "report", passed: true });
      } catch (error) {
        checks.push({
          kind: "report",
          passed: false,
          message: `the final message is not JSON: ${(error as Error).message}`,
        });
      }
    }
    if (report !== undefined) {
      if (scenario.golden.state === "missing") {
        checks.push({ kind: "golden", passed: false, state: "missing", differences: [] });
      } else {
        const differences = diffJson(
          normalizeReport(scenario.golden.value, scenario),
          normalizeReport(report, scenario),
        );
        checks.push({
          kind: "golden",
          passed: differences.length === 0,
          state: "compared",
          differences,
        });
      }
      for (const expectation of scenario.expect) {
        checks.push({ kind: "expectation", ...checkExpectation(report, expectation) });
      }
    }
    const log = readCallLog(shims.logFile);
    const calls = log.ok ? log.calls : [];
    const unanswered = unansweredCalls(calls);
    checks.push({ kind: "unanswered-calls", passed: unanswered.length === 0, calls: unanswered });
    const forbidden = forbiddenCalls(calls, scenario.forbidden);
    checks.push({ kind: "forbidden", passed: forbidden.length === 0, calls: forbidden });
    // Context and cost: what the model read of each command, the tokens of the run.
    const session = scenario.cassette.session;
    checks.push(
      ...budgetChecks(scenario, {
        engine: "replay",
        exitCode: result.exitCode,
        stdout: result.stdout,
        stderr: result.stderr,
        finalMessage: message,
        commands: gathered.commands,
        calls,
        usage: session.end.kind === "completed" ? session.end.usage : NO_USAGE,
      }),
    );
    return {
      id: scenario.id,
      passed: checks.every((check) => check.passed),
      exitCode: result.exitCode,
      stdout: result.stdout,
      stderr: result.stderr,
      report,
      checks,
      calls,
      unused: unusedRecordings(scenario.recordings, calls),
    };
  } finally {
    if (owned) rmSync(work, { recursive: true, force: true });
  }
}
