#!/usr/bin/env node
// The time of one scenario with each engine of `ops-skill test`: the clean scenario of the
// schedule fixture repository of packages/testing (three commands: shimmed tools in Codex's
// login shell, the frozen clock, the skill's own script; each first through the fixture's
// guard hook), played N times by the replay engine
// (mock-codex in-process) and by the codex engine (the real Codex, when installed), interleaved;
// the median of each.
//
// Usage: node bench/engine-bench.mjs [--times N] [--json]   (build first: npm run build)
import { spawnSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findCodexBinary, makeRunDirectory } from "@ops-skill/codex";
import { readScenario, runScenario } from "@ops-skill/testing";
import { log, median, parseBenchArgs } from "./_shared.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const FIXTURE = join(ROOT, "packages/testing/test/fixtures/schedule-repo");
const options = parseBenchArgs(process.argv.slice(2), {
  script: "engine-bench.mjs",
  countFlag: "times",
  defaultCount: 7,
  defaultSeed: "0",
});
// A checkout of its own (a git repository outside this one), as the codex engine needs.
const repo = makeRunDirectory("engine-bench");
cpSync(FIXTURE, repo, { recursive: true });
spawnSync("git", ["init", "-q"], { cwd: repo });
const loaded = readScenario(join(repo, "skills/ops-probe/tests/clean"));
if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join("\n"));
const scenario = {
  ...loaded.scenario,
  suite: { schedule: { cron: "0 6 * * *", profile: "day-two" } },
};
const engines = findCodexBinary() === undefined ? ["replay"] : ["replay", "codex"];
const times = Object.fromEntries(engines.map((engine) => [engine, []]));
for (let k = 0; k < options.times; k++) {
  for (const engine of engines) {
    const started = process.hrtime.bigint();
    const run = await runScenario(scenario, { cwd: repo, root: repo, engine });
    if (!run.passed) throw new Error(`${engine}: the scenario failed`);
    times[engine].push(Number(process.hrtime.bigint() - started) / 1e6);
  }
}
rmSync(repo, { recursive: true, force: true });
const result = Object.fromEntries(Object.entries(times).map(([name, t]) => [name, median(t)]));
if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
else for (const [name, ms] of Object.entries(result)) log(`${name.padEnd(8)} ${ms.toFixed(0)} ms`);
