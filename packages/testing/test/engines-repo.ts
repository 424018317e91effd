/**
 * The fixture repository of the engine tests (fixtures/schedule-repo: a skill, its scenarios,
 * the schedule's profile and trust), copied to a folder of its own and made a git repository,
 * as a checkout is; and its scenarios, loaded with the schedule's profile.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { readScenario, type Scenario } from "../src/index.js";

export const SCHEDULE_REPO = join(import.meta.dirname, "fixtures", "schedule-repo");

/** A fresh copy of the fixture repository at `dir`, a git repository of its own. */
export function copyScheduleRepo(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(SCHEDULE_REPO, dir, { recursive: true });
  const init = spawnSync("git", ["init", "-q"], { cwd: dir, encoding: "utf8" });
  if (init.status !== 0) throw new Error(`git init: ${init.stderr}`);
  return dir;
}

/** A scenario of the copy; its tests/suite.json names the schedule's profile. */
export function scheduleScenario(repo: string, name: string): Scenario {
  const result = readScenario(join(repo, "skills", "ops-probe", "tests", name));
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  if (result.scenario.suite?.schedule?.profile !== "day-two") {
    throw new Error("the fixture's tests/suite.json must schedule the day-two profile");
  }
  return result.scenario;
}
