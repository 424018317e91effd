/**
 * `@ops-skill/testing/vitest`: runbook scenarios inside vitest, for teams that keep them beside
 * their other tests.
 *
 * ```ts
 * import { runScenarioInTest, scenarioTest } from "@ops-skill/testing/vitest";
 *
 * scenarioTest("skills/drift-check/tests/sg-change");        // one test: every check passes
 *
 * test("the drift report", async () => {
 *   const run = await runScenarioInTest("skills/drift-check/tests/sg-change");
 *   expect(run.report).toMatchObject({ status: "critical" });
 *   await expect(run.report).toMatchGolden("skills/drift-check/tests/sg-change/report.json");
 * });
 * ```
 *
 * Goldens follow vitest's snapshot rules: `vitest -u` writes changed goldens, a missing one is
 * written unless snapshots are frozen (`--ci`), and nothing is ever written when `CI` is set.
 * Importing the module adds the `toMatchGolden` matcher to vitest's `expect`.
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { findProjectRoot, problemClause, readRegularText } from "@ops-skill/core";
import { parseJsonDocument } from "@ops-skill/schema";
import { expect, test } from "vitest";
import { diffJson, normalizeReport } from "./assertions.js";
import { goldenText, isCi, updateGolden, updateGoldenFromRun } from "./goldens.js";
import { readScenario } from "./load.js";
import { checkMessages } from "./reporters/messages.js";
import { type RunScenarioOptions, runScenario, type ScenarioRun } from "./run-scenario.js";
import type { Scenario, ScrubRule } from "./scenario.js";

/** What vitest's snapshot state says about writing (`-u`: all, default: new, `--ci`: none). */
export type UpdateMode = "all" | "new" | "none";

/** The update mode of the running test, `none` under CI whatever vitest says. */
export function updateMode(env: Record<string, string | undefined> = process.env): UpdateMode {
  if (isCi(env)) return "none";
  const state = expect.getState() as { snapshotState?: { snapshotUpdateState?: UpdateMode } };
  return state.snapshotState?.snapshotUpdateState ?? "none";
}

/** Whether a golden is written: a missing one unless `none`, a changed one only under `all`. */
export function writesGolden(mode: UpdateMode, golden: "missing" | "changed"): boolean {
  return golden === "missing" ? mode !== "none" : mode === "all";
}

export interface ScenarioTestOptions extends Partial<Omit<RunScenarioOptions, "cwd">> {
  /** The repository the session runs in (default: the one holding the scenario). */
  root?: string;
}

function load(dir: string): Scenario {
  const loaded = readScenario(resolve(dir), dir);
  if (loaded.ok) return loaded.scenario;
  const problems = loaded.problems.map(
    (p) => `${p.file}${p.line > 0 ? `:${p.line}` : ""}: ${p.message}`,
  );
  throw new Error(`the scenario ${dir} does not load:\n${problems.join("\n")}`);
}

/**
 * Runs one scenario (its folder, `skills/<skill>/tests/<name>`) with the replay engine and
 * returns the run; a scenario that does not load throws, naming each problem's file and line.
 * Under `vitest -u` the golden is written from the report (never under CI, never for a run
 * that broke).
 */
export async function runScenarioInTest(
  dir: string,
  options: ScenarioTestOptions = {},
): Promise<ScenarioRun> {
  const scenario = load(dir);
  const root = resolve(options.root ?? (await findProjectRoot(resolve(dir))));
  const { root: _root, ...rest } = options;
  const run = await runScenario(scenario, { ...rest, cwd: root });
  const golden = scenario.golden.state === "missing" ? "missing" : "changed";
  if (!writesGolden(updateMode(), golden)) return run;
  const updated = await updateGoldenFromRun(scenario, run);
  if (updated.update.change === "not-written") return run;
  const checks = updated.checks;
  return { ...run, checks, passed: checks.every((check) => check.passed) };
}

/** Registers a vitest test named after the scenario that fails with every failed check. */
export function scenarioTest(dir: string, options: ScenarioTestOptions = {}): void {
  const full = resolve(dir);
  const name = `${full.split(/[\\/]/).at(-3)}/${full.split(/[\\/]/).at(-1)}`;
  test(name, async () => {
    const run = await runScenarioInTest(dir, options);
    const failures = run.checks.flatMap(checkMessages);
    if (failures.length > 0) {
      throw new Error(`${name} failed:\n${failures.map((line) => `  ${line}`).join("\n")}`);
    }
  });
}

export interface GoldenRules {
  scrub?: readonly ScrubRule[];
  sets?: readonly { pointer: string }[];
}

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

/**
 * The matcher: the received report against the golden JSON file `path` (relative to the
 * working directory), both normalised by `rules`; differences by JSON Pointer. Async: it may
 * write the golden (see `writesGolden`).
 */
export async function toMatchGolden(
  received: unknown,
  path: string,
  rules: GoldenRules = {},
): Promise<MatcherResult> {
  const file = resolve(path);
  const normal = { scrub: rules.scrub ?? [], sets: rules.sets ?? [] };
  const read = readRegularText(file);
  const mode = updateMode();
  const write = async (): Promise<MatcherResult> => {
    const dir = resolve(file, "..");
    mkdirSync(dir, { recursive: true });
    const scenarioLike = {
      id: path,
      dir,
      golden: { path: file.slice(dir.length + 1), state: "missing" },
      ...normal,
    } as unknown as Scenario;
    const written = await updateGolden(scenarioLike, received);
    return written.change === "not-written"
      ? { pass: false, message: () => `the golden ${path} cannot be written: ${written.reason}` }
      : { pass: true, message: () => `the golden ${path} was written` };
  };
  if (!read.ok) {
    if (read.kind === "missing" && writesGolden(mode, "missing")) return write();
    return {
      pass: false,
      message: () =>
        `the golden ${path} ${problemClause(read)}${read.kind === "missing" ? " (it is written by a run that is not under CI or --ci; expected:\n" + goldenText(received) + ")" : ""}`,
    };
  }
  const doc = parseJsonDocument(read.text);
  const problem = doc.problems[0];
  if (problem !== undefined) {
    return {
      pass: false,
      message: () => `the golden ${path}:${problem.range.line} is not JSON: ${problem.message}`,
    };
  }
  const differences = diffJson(
    normalizeReport(doc.value, normal),
    normalizeReport(received, normal),
  );
  if (differences.length > 0 && writesGolden(mode, "changed")) return write();
  const lines = checkMessages({
    kind: "golden",
    passed: differences.length === 0,
    state: "compared",
    differences,
  });
  return {
    pass: differences.length === 0,
    message: () =>
      differences.length === 0
        ? `the report matches the golden ${path}`
        : `the report does not match the golden ${path} (run vitest -u to update it):\n${lines.map((line) => `  ${line}`).join("\n")}`,
  };
}

expect.extend({ toMatchGolden });

declare module "vitest" {
  interface Assertion<T> {
    /** The value against the golden JSON file, after `rules`; `vitest -u` rewrites it. */
    toMatchGolden(path: string, rules?: GoldenRules): Promise<T>;
  }
  interface AsymmetricMatchersContaining {
    toMatchGolden(path: string, rules?: GoldenRules): unknown;
  }
}
