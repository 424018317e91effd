/**
 * `ops-skill test` as a library: finds the scenarios under `<root>/skills/*\/tests/*\/`, takes
 * those `filter` and `shard` select, runs each with the replay engine in its own scratch folder
 * and gathers one result per scenario. A scenario that fails to load, or whose run throws, is a
 * failed result of its own: it never stops the others.
 */
import { availableParallelism } from "node:os";
import { join, relative, resolve } from "node:path";
import { findProjectRoot, inPool } from "@ops-skill/core";
import { discoverScenarios } from "./load.js";
import { runScenario, type ScenarioCheck } from "./run-scenario.js";
import type { ScenarioProblem } from "./scenario.js";
import type { Shard } from "./select.js";

export interface RunTestsOptions {
  /** The repository (default: the one holding `cwd`, else `cwd`). */
  root?: string;
  filter?: readonly string[];
  shard?: Shard;
  /** Files are named relative to this folder (default: the current directory). */
  cwd?: string;
  /** Each command of a session is killed after this long. */
  commandTimeoutMs?: number;
  /** Scenarios run at once (default: the CPUs, at most 8); results keep the suite's order. */
  jobs?: number;
}

export interface TestResult {
  /** `skill/scenario`. */
  id: string;
  skill: string;
  name: string;
  passed: boolean;
  durationMs: number;
  /** The checks of the run (empty when the scenario did not load or the run broke). */
  checks: ScenarioCheck[];
  /** Why the scenario did not load, or why its run broke, each naming its file and line. */
  problems: ScenarioProblem[];
}

export interface TestTotals {
  scenarios: number;
  passed: number;
  failed: number;
  durationMs: number;
}

export type TestRun =
  | {
      ok: true;
      root: string;
      results: TestResult[];
      totals: TestTotals;
      /** Filters no scenario matched. */
      unmatchedFilters: string[];
    }
  /** A usage problem: nothing to run. */
  | { ok: false; message: string };

/** The most scenarios `runTests` runs at once by default, whatever the machine. */
export const MAX_DEFAULT_JOBS = 8;

/** The CPUs of the machine, at most `MAX_DEFAULT_JOBS`. */
export function defaultJobs(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_DEFAULT_JOBS));
}

export async function runTests(options: RunTestsOptions = {}): Promise<TestRun> {
  const cwd = resolve(options.cwd ?? process.cwd());
  // The repository around the working folder (its nearest `.git`), as `lint` finds it.
  const root = resolve(cwd, options.root ?? (await findProjectRoot(cwd)));
  const skills = join(root, "skills");
  const found = discoverScenarios(skills, {
    ...(options.filter ? { filter: options.filter } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
    cwd,
  });
  if (found.scenarios.length === 0) {
    const why =
      found.total === 0
        ? `no scenario found under ${relative(cwd, skills) || "."} (skills/<skill>/tests/<scenario>/scenario.json)`
        : `no scenario selected among ${found.total}` +
          (options.filter?.length ? ` by --filter ${options.filter.join(", ")}` : "") +
          (options.shard ? ` in shard ${options.shard.index}/${options.shard.total}` : "");
    return { ok: false, message: why };
  }
  const started = Date.now();
  const runOne = async (loaded: (typeof found.scenarios)[number]): Promise<TestResult> => {
    const begun = Date.now();
    if (!loaded.ok) {
      return {
        id: loaded.id,
        skill: loaded.skill,
        name: loaded.name,
        passed: false,
        durationMs: Date.now() - begun,
        checks: [],
        problems: loaded.problems,
      };
    }
    // Problems name the folder relative to `cwd`; the run needs it whatever the process's cwd.
    const scenario = { ...loaded.scenario, dir: resolve(cwd, loaded.scenario.dir) };
    const base = { id: scenario.id, skill: scenario.skill, name: scenario.name };
    try {
      const run = await runScenario(scenario, {
        cwd: root,
        ...(options.commandTimeoutMs ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
      });
      return {
        ...base,
        passed: run.passed,
        durationMs: Date.now() - begun,
        checks: run.checks,
        problems: [],
      };
    } catch (error) {
      return {
        ...base,
        passed: false,
        durationMs: Date.now() - begun,
        checks: [],
        problems: [
          {
            file: join(loaded.scenario.dir, scenario.cassette.path),
            line: 0,
            message: `the run failed: ${(error as Error).message}`,
          },
        ],
      };
    }
  };
  const results = await inPool(found.scenarios, options.jobs ?? defaultJobs(), runOne);
  const passed = results.filter((result) => result.passed).length;
  return {
    ok: true,
    root,
    results,
    totals: {
      scenarios: results.length,
      passed,
      failed: results.length - passed,
      durationMs: Date.now() - started,
    },
    unmatchedFilters: found.unmatchedFilters,
  };
}
