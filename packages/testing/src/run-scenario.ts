/**
 * Runs one scenario: an engine plays the session (`replay`: mock-codex in-process, in execute
 * mode; `codex`: the real Codex through the local Responses server, engines/) with the tool
 * shims answering from the recording through the call server, and the Codex home the schedule
 * gives (codex-home.ts); the engine's `RunOutcome` is then checked: exit code, golden (after
 * normalisation), expectations, and what the call log says (calls nothing answered, forbidden
 * commands, records no call used).
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeRunDirectory } from "@ops-skill/codex";
import {
  checkExpectation,
  diffJson,
  type ExpectationResult,
  type JsonDifference,
  normalizeReport,
} from "./assertions.js";
import { forbiddenCalls, unansweredCalls, unusedRecordings } from "./calls.js";
import { type BudgetCheck, budgetChecks } from "./checks/budget.js";
import { forbiddenOf, runSkillChecks, type SkillCheck } from "./checks/index.js";
import { buildCodexHome, type CodexHome } from "./codex-home.js";
import { runCodexEngine } from "./engines/codex.js";
import type { EngineContext } from "./engines/context.js";
import { runReplayEngine } from "./engines/replay.js";
import { MAX_REPORT_DEPTH, tooDeepAt } from "./json-depth.js";
import type { CommandOutcome, Engine, RunOutcome } from "./outcome.js";
import type { ToolRecording } from "./recordings.js";
import type { Scenario } from "./scenario.js";
import { type CallLogEntry, installShims, type ShimSetup } from "./shims.js";

export interface RunScenarioOptions {
  /** The folder `codex exec` runs in: the recorded `--output-schema` path resolves from it. */
  cwd: string;
  /** The repository whose `schedule/` gives the Codex home (default: `cwd`). */
  root?: string;
  /** Which engine plays the session (default `replay`). */
  engine?: Engine;
  /** Where the shims go (default: a new temporary folder, removed afterwards). */
  workDir?: string;
  /** The thread id mock-codex prints (default: a fixed one, so runs compare). */
  threadId?: string;
  /** Each command of the session is killed after this long (default 60 s; replay engine). */
  commandTimeoutMs?: number;
  /** The codex engine: the binary (default: found as `findEngineBinary` does). */
  codexBin?: string;
  /** The codex engine: the whole run is stopped after this long (default 5 minutes). */
  runTimeoutMs?: number;
  /**
   * The Codex home of the run as it is (`CODEX_HOME`: its config, trust and hooks); default:
   * made from the repository's `schedule/` (codex-home.ts).
   */
  codexHome?: string;
}

export type ScenarioCheck =
  | { kind: "exit-code"; passed: boolean; expected: number; actual: number }
  | { kind: "report"; passed: boolean; message?: string }
  | {
      kind: "golden";
      passed: boolean;
      state: "missing" | "compared";
      differences: JsonDifference[];
      /** The golden file, relative to the scenario folder. */
      file?: string;
    }
  | ({ kind: "expectation" } & ExpectationResult)
  | { kind: "unanswered-calls"; passed: boolean; calls: CallLogEntry[] }
  | { kind: "forbidden"; passed: boolean; calls: { call: CallLogEntry; argv: string[] }[] }
  // --- engine: the run itself (the Codex home, the replay, commands that hung).
  | { kind: "engine"; passed: boolean; message?: string }
  | {
      kind: "timeout";
      passed: boolean;
      commands: CommandOutcome[];
      /** The cassette (from the scenario folder) and the line recording each command's result. */
      cassette?: string;
      lines?: (number | null)[];
    }
  // --- the skill's checks (checks/): stale cassette, guardrails, schema, validate-report.sh.
  | SkillCheck
  // --- context (Codex's cut of long outputs) and cost (tokens against the budget).
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
  /** What the engine gave (undefined when the run could not start). */
  outcome?: RunOutcome;
}

const FIXED_THREAD_ID = "00000000-0000-7000-8000-000000000000";
const COMMAND_TIMEOUT_MS = 60_000;

export async function runScenario(
  scenario: Scenario,
  options: RunScenarioOptions,
): Promise<ScenarioRun> {
  const engine = options.engine ?? "replay";
  const owned = options.workDir === undefined;
  const work = options.workDir ?? mkdtempSync(join(tmpdir(), "ops-skill-test-"));
  let started: ShimSetup | undefined;
  let homeDir: string | undefined;
  try {
    mkdirSync(work, { recursive: true });
    // Codex warns and changes course with a home under the system temp dir: the codex
    // engine's goes where the repository keeps its Codex runs.
    homeDir =
      engine === "codex"
        ? makeRunDirectory("test-home", options.root ?? options.cwd)
        : join(work, "codex-home");
    const shims = await installShims({
      dir: join(work, "shims"),
      scenarioDir: scenario.dir,
      recordings: scenario.recordings,
      tools: scenario.tools,
      clock: scenario.clock,
      env: scenario.env,
    });
    started = shims;
    // A Codex home given as it is (its config, trust and hooks), else the schedule's.
    const home: CodexHome =
      options.codexHome !== undefined
        ? { codexHome: options.codexHome, args: [], problems: [] }
        : buildCodexHome({
            root: options.root ?? options.cwd,
            dir: homeDir,
            ...(scenario.suite?.schedule?.profile === undefined
              ? {}
              : { profile: scenario.suite.schedule.profile }),
          });
    if (home.problems.length > 0) {
      const message = home.problems
        .map((p) => `${p.file}${p.line > 0 ? `:${p.line}` : ""}: ${p.message}`)
        .join("\n");
      return {
        id: scenario.id,
        passed: false,
        exitCode: 2,
        stdout: "",
        stderr: "",
        report: undefined,
        checks: [{ kind: "engine", passed: false, message: `the Codex home: ${message}` }],
        calls: [],
        unused: [],
      };
    }
    const context: EngineContext = {
      scenario,
      cwd: options.cwd,
      work,
      shims,
      home,
      threadId: options.threadId ?? FIXED_THREAD_ID,
      commandTimeoutMs: options.commandTimeoutMs ?? COMMAND_TIMEOUT_MS,
      ...(options.codexBin === undefined ? {} : { codexBin: options.codexBin }),
      ...(options.runTimeoutMs === undefined ? {} : { runTimeoutMs: options.runTimeoutMs }),
    };
    const outcome =
      engine === "codex" ? await runCodexEngine(context) : await runReplayEngine(context);
    const { checks, report } = checkOutcome(scenario, outcome);
    // The skill's checks (checks/): stale cassette, guardrails, schema, validate-report.sh.
    checks.push(
      ...(await runSkillChecks(scenario, outcome, {
        cwd: options.cwd,
        env: shims.env,
        scratch: work,
        report,
        reportText: outcome.finalMessage,
        codexHome: home.codexHome,
      })),
    );
    return {
      id: scenario.id,
      passed: checks.every((check) => check.passed),
      exitCode: outcome.exitCode,
      stdout: outcome.stdout,
      stderr: outcome.stderr,
      report,
      checks,
      calls: outcome.calls,
      unused: unusedRecordings(scenario.recordings, outcome.calls),
      outcome,
    };
  } finally {
    await started?.close();
    if (owned) rmSync(work, { recursive: true, force: true });
    if (engine === "codex" && homeDir !== undefined) {
      rmSync(homeDir, { recursive: true, force: true });
    }
  }
}

// --- The checks: they read only the outcome (and the scenario), whichever engine ran.

/** Every check of a run, each on its own, and the report (the final message, parsed). */
export function checkOutcome(
  scenario: Scenario,
  outcome: RunOutcome,
): { checks: ScenarioCheck[]; report: unknown } {
  const checks: ScenarioCheck[] = [
    {
      kind: "exit-code",
      passed: outcome.exitCode === scenario.exitCode,
      expected: scenario.exitCode,
      actual: outcome.exitCode,
    },
  ];
  if (outcome.problem !== undefined) {
    checks.push({ kind: "engine", passed: false, message: outcome.problem });
  }
  const hung = outcome.commands.filter((command) => command.timedOut === true);
  if (hung.length > 0) {
    const lines = new Map<string, number | undefined>();
    for (const step of scenario.cassette.session.steps) {
      if (step.kind === "command" && step.callId !== undefined) lines.set(step.callId, step.line);
    }
    checks.push({
      kind: "timeout",
      passed: false,
      commands: hung,
      cassette: scenario.cassette.path,
      lines: hung.map((command) => lines.get(command.callId) ?? null),
    });
  }
  let report: unknown;
  const message = outcome.finalMessage;
  if (message === undefined || message === "") {
    checks.push({ kind: "report", passed: false, message: "the run gave no final message" });
  } else if (tooDeepAt(message) !== undefined) {
    checks.push({
      kind: "report",
      passed: false,
      message: `the final message nests deeper than ${MAX_REPORT_DEPTH} levels`,
    });
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
      checks.push({
        kind: "golden",
        passed: false,
        state: "missing",
        differences: [],
        file: scenario.golden.path,
      });
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
        file: scenario.golden.path,
      });
    }
    for (const expectation of scenario.expect) {
      checks.push({ kind: "expectation", ...checkExpectation(report, expectation) });
    }
  }
  const calls = outcome.calls;
  const unanswered = unansweredCalls(calls);
  checks.push({ kind: "unanswered-calls", passed: unanswered.length === 0, calls: unanswered });
  const forbidden = forbiddenCalls(calls, forbiddenOf(scenario));
  checks.push({ kind: "forbidden", passed: forbidden.length === 0, calls: forbidden });
  checks.push(...budgetChecks(scenario, outcome));
  return { checks, report };
}
