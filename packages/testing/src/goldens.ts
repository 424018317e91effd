/**
 * Goldens under `--update`: the report a run gave becomes the scenario's golden when it is
 * missing or differs (after normalisation: a golden that differs only in scrubbed values or in
 * the order of a declared set is left as it is). Written atomically through core's one writer;
 * refused under CI; never for a run that broke. Obsolete goldens (golden files no scenario
 * reads) are listed, never removed.
 */
import { readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describeWriteFailure, writeFileSafely } from "@ops-skill/core";
import { deepEqual, normalizeReport } from "./assertions.js";
import { checkMessages } from "./reporters/messages.js";
import type { ScenarioCheck, ScenarioRun } from "./run-scenario.js";
import { DEFAULT_GOLDEN, type Scenario } from "./scenario.js";

export type GoldenChange = "added" | "updated" | "unchanged";

export type GoldenUpdate =
  | { id: string; file: string; change: GoldenChange }
  /** Not written: why (the run broke, the writer refused or failed). */
  | { id: string; file: string; change: "not-written"; reason: string };

/** Whether `CI` says this is a CI run (set, and not `false` or `0`). */
export function isCi(env: Record<string, string | undefined>): boolean {
  const value = env.CI;
  return value !== undefined && value !== "" && value !== "false" && value !== "0";
}

export const CI_UPDATE_REFUSAL =
  "--update writes goldens and is refused when CI is set: a CI run checks the goldens it is given; update them locally and commit them";

/** How a report is written as a golden: JSON, two-space indented, a final newline. */
export function goldenText(report: unknown): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** What writing `report` as the scenario's golden would change (pure). */
export function goldenChange(scenario: Scenario, report: unknown): GoldenChange {
  if (scenario.golden.state === "missing") return "added";
  return deepEqual(
    normalizeReport(scenario.golden.value, scenario),
    normalizeReport(report, scenario),
  )
    ? "unchanged"
    : "updated";
}

/**
 * Writes the report as the scenario's golden when it is missing or changed. `display` names the
 * file in the result (default: relative to the current directory).
 */
export async function updateGolden(
  scenario: Scenario,
  report: unknown,
  cwd = process.cwd(),
): Promise<GoldenUpdate> {
  const path = resolve(scenario.dir, scenario.golden.path);
  const file = relative(cwd, path);
  const change = goldenChange(scenario, report);
  if (change === "unchanged") return { id: scenario.id, file, change };
  const written = await writeFileSafely(path, goldenText(report), { root: resolve(scenario.dir) });
  if (!written.ok) {
    return {
      id: scenario.id,
      file,
      change: "not-written",
      reason: describeWriteFailure(written, file),
    };
  }
  return { id: scenario.id, file, change };
}

/**
 * Golden files no scenario reads: a `report.json` (the default golden's name) in a scenario
 * folder whose scenario.json names another golden. Relative to `cwd`.
 */
export function obsoleteGoldens(scenarios: readonly Scenario[], cwd = process.cwd()): string[] {
  const obsolete: string[] = [];
  for (const scenario of scenarios) {
    if (scenario.golden.path === DEFAULT_GOLDEN) continue;
    let names: string[];
    try {
      names = readdirSync(scenario.dir);
    } catch {
      continue;
    }
    if (names.includes(DEFAULT_GOLDEN)) {
      obsolete.push(relative(cwd, join(resolve(scenario.dir), DEFAULT_GOLDEN)));
    }
  }
  return obsolete.sort();
}

/**
 * `--update` after a run: the golden written from the run's report, unless the run broke (the
 * exit code is not the expected one, or there is no JSON report); the golden check then passes.
 */
export async function updateGoldenFromRun(
  scenario: Scenario,
  run: ScenarioRun,
  cwd = process.cwd(),
): Promise<{ checks: ScenarioCheck[]; update: GoldenUpdate }> {
  const file = relative(cwd, resolve(scenario.dir, scenario.golden.path));
  const broke = run.checks.find(
    (check) => (check.kind === "exit-code" || check.kind === "report") && !check.passed,
  );
  if (broke !== undefined || run.report === undefined) {
    const why = broke === undefined ? "no report" : checkMessages(broke).join("; ");
    return {
      checks: run.checks,
      update: { id: scenario.id, file, change: "not-written", reason: `the run broke: ${why}` },
    };
  }
  const update = await updateGolden(scenario, run.report, cwd);
  if (update.change === "not-written") return { checks: run.checks, update };
  const checks = run.checks.map(
    (check): ScenarioCheck =>
      check.kind === "golden"
        ? { kind: "golden", passed: true, state: "compared", differences: [] }
        : check,
  );
  return { checks, update };
}
