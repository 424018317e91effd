/**
 * `ops-skill test` as a library: finds the scenarios under `<root>/skills/*\/tests/*\/` and
 * `<root>/.agents/skills/*\/tests/*\/` (where Codex finds a repository's skills), takes
 * those `filter` and `shard` select, runs each with the engine asked for (replay by default) in
 * its own scratch folder
 * and gathers one result per scenario. A scenario that fails to load, or whose run throws, is a
 * failed result of its own: it never stops the others.
 */
import { availableParallelism } from "node:os";
import { join, relative, resolve } from "node:path";
import { findProjectRoot, inPool } from "@ops-skill/core";
import { CODEX_INSTALL_HINT, findEngineBinary } from "./engines/codex.js";
import {
  CI_UPDATE_REFUSAL,
  type GoldenUpdate,
  isCi,
  obsoleteGoldens,
  updateGoldenFromRun,
} from "./goldens.js";
import { discoverScenarios } from "./load.js";
import type { Engine } from "./outcome.js";
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
  /** Which engine plays the sessions (default `replay`); `codex` needs the Codex binary. */
  engine?: Engine;
  /** Write missing or changed goldens (refused when `CI` is set in `env`). */
  update?: boolean;
  /** The environment `CI` is read from (default: the process's). */
  env?: Record<string, string | undefined>;
  /** Told of each scenario as it starts and ends (progress on long runs). */
  onProgress?: (event: { done: number; total: number; id: string; result?: TestResult }) => void;
  /** Scenarios run at once (default: the CPUs, at most 8); results keep the suite's order. */
  jobs?: number;
}

export interface TestResult {
  /** `skill/scenario`. */
  id: string;
  skill: string;
  name: string;
  /** The scenario folder, relative to the working directory. */
  dir?: string;
  passed: boolean;
  durationMs: number;
  /** The checks of the run (empty when the scenario did not load or the run broke). */
  checks: ScenarioCheck[];
  /** Why the scenario did not load, or why its run broke, each naming its file and line. */
  problems: ScenarioProblem[];
  /** Under `--update`: what became of its golden. */
  golden?: GoldenUpdate;
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
      /** Golden files no scenario reads. */
      obsoleteGoldens: string[];
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
  if (options.update && isCi(options.env ?? process.env)) {
    return { ok: false, message: CI_UPDATE_REFUSAL };
  }
  // The repository around the working folder (its nearest `.git`), as `lint` finds it.
  const root = resolve(cwd, options.root ?? (await findProjectRoot(cwd)));
  const skills = join(root, "skills");
  const found = discoverScenarios([skills, join(root, ".agents", "skills")], {
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
  const engine = options.engine ?? "replay";
  let codexBin: string | undefined;
  if (engine === "codex") {
    try {
      codexBin = findEngineBinary();
    } catch (error) {
      return { ok: false, message: `the codex engine: ${(error as Error).message}` };
    }
    if (codexBin === undefined) {
      return { ok: false, message: `the codex engine needs the Codex CLI: ${CODEX_INSTALL_HINT}` };
    }
  }
  const started = Date.now();
  const total = found.scenarios.length;
  let done = 0;
  // Results come back in the suite's order (inPool); progress is told as runs end.
  const record = (result: TestResult): TestResult => {
    done++;
    options.onProgress?.({ done, total, id: result.id, result });
    return result;
  };
  const runOne = async (loaded: (typeof found.scenarios)[number]): Promise<TestResult> => {
    const begun = Date.now();
    const id = loaded.ok ? loaded.scenario.id : loaded.id;
    options.onProgress?.({ done, total, id });
    if (!loaded.ok) {
      return record({
        id: loaded.id,
        skill: loaded.skill,
        name: loaded.name,
        dir: loaded.dir,
        passed: false,
        durationMs: Date.now() - begun,
        checks: [],
        problems: loaded.problems,
      });
    }
    // Problems name the folder relative to `cwd`; the run needs it whatever the process's cwd.
    const scenario = { ...loaded.scenario, dir: resolve(cwd, loaded.scenario.dir) };
    const base = {
      id: scenario.id,
      skill: scenario.skill,
      name: scenario.name,
      dir: loaded.scenario.dir,
    };
    try {
      const run = await runScenario(scenario, {
        cwd: root,
        root,
        engine,
        ...(codexBin === undefined ? {} : { codexBin }),
        ...(options.commandTimeoutMs ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
      });
      // --update: the golden from the run's report (goldens.ts), then the checks as they stand.
      const updated = options.update ? await updateGoldenFromRun(scenario, run, cwd) : undefined;
      const checks = updated?.checks ?? run.checks;
      return record({
        ...base,
        passed: checks.every((check) => check.passed),
        durationMs: Date.now() - begun,
        checks,
        problems: [],
        ...(updated ? { golden: updated.update } : {}),
      });
    } catch (error) {
      return record({
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
      });
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
    obsoleteGoldens: obsoleteGoldens(
      found.scenarios.flatMap((loaded) =>
        loaded.ok ? [{ ...loaded.scenario, dir: resolve(cwd, loaded.scenario.dir) }] : [],
      ),
      cwd,
    ),
  };
}
