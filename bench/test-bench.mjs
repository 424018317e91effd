#!/usr/bin/env node
// The speed of `ops-skill test`: the repository's scenarios (skills/*/tests/*), copied round
// robin up to N into a scratch repository under /var/tmp (the skills, and the folders the
// sessions read beside them: schemas/, .codex/, schedule/), then `ops-skill test --format json`
// run R times on it as a child process. Reports the median wall time of the whole run and the
// median time of one scenario (each scenario's duration as the JSON report gives it).
//
// --codex N also runs N of those scenarios with `--engine codex` (the real Codex, which must be
// installed: npm run test:codex installs it), for the per-scenario median of both engines.
//
// Usage: node bench/test-bench.mjs [--scenarios N] [--runs R] [--jobs J] [--engine E]
//          [--codex N] [--from SKILLS_DIR] [--keep] [--json]      (build first: npm run build)
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { log, median, parseBenchArgs } from "./_shared.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "packages/cli/bin/run.js");
/** Folders beside skills/ that the sessions of a repository read (the session's cwd is its root). */
const BESIDE_SKILLS = ["schemas", ".codex", "schedule"];

const options = parseBenchArgs(process.argv.slice(2), {
  script: "test-bench.mjs",
  countFlag: "scenarios",
  defaultCount: 100,
  defaultSeed: "0",
  extra: { from: join(ROOT, "skills"), jobs: "", engine: "", codex: "0", keep: false },
});
const own = {
  from: resolve(options.from),
  jobs: options.jobs || undefined,
  engine: options.engine || undefined,
  codex: Number(options.codex),
  keep: options.keep,
};
if (!Number.isInteger(own.codex) || own.codex < 0)
  throw new Error(`--codex must be a whole number, got ${options.codex}`);

/** Every scenario folder of a skills folder: `[skill, name]`, sorted. */
function scenariosOf(skillsDir) {
  const found = [];
  for (const skill of readdirSync(skillsDir).sort()) {
    const tests = join(skillsDir, skill, "tests");
    if (!existsSync(join(skillsDir, skill, "SKILL.md")) || !existsSync(tests)) continue;
    for (const name of readdirSync(tests).sort()) {
      if (!name.startsWith(".") && existsSync(join(tests, name, "scenario.json")))
        found.push([skill, name]);
    }
  }
  return found;
}

/** A scratch repository holding `count` scenarios copied round robin from `skillsDir`. */
function scratchRepository(skillsDir, count, label) {
  const sources = scenariosOf(skillsDir);
  if (sources.length === 0) throw new Error(`no scenario under ${skillsDir}/*/tests/*/`);
  const repo = mkdtempSync(join("/var/tmp", `ops-skill-test-bench-${label}-`));
  // A real repository: Codex refuses a folder that is not one (or not trusted).
  execFileSync("git", ["init", "-q", repo]);
  for (const folder of BESIDE_SKILLS) {
    const from = join(dirname(skillsDir), folder);
    if (existsSync(from)) cpSync(from, join(repo, folder), { recursive: true });
  }
  for (const skill of new Set(sources.map(([skill]) => skill))) {
    cpSync(join(skillsDir, skill), join(repo, "skills", skill), {
      recursive: true,
      // The scenarios are copied below; the files beside them (tests/suite.json) come along.
      filter: (path) => dirname(path) !== join(skillsDir, skill, "tests") || !isDirectory(path),
    });
  }
  for (let k = 0; k < count; k++) {
    const [skill, name] = sources[k % sources.length];
    const copy = `${name}-${String(Math.floor(k / sources.length) + 1).padStart(3, "0")}`;
    cpSync(join(skillsDir, skill, "tests", name), join(repo, "skills", skill, "tests", copy), {
      recursive: true,
    });
  }
  return { repo, sources: sources.length };
}

const isDirectory = (path) => statSync(path).isDirectory();

/** `times`' line for the children of the shell: `0m1.234s 0m0.567s`, in ms. */
function childCpuMs(line) {
  const seconds = [...(line ?? "").matchAll(/(\d+)m([\d.]+)s/g)].map(
    ([, m, sec]) => Number(m) * 60 + Number(sec),
  );
  return seconds.length === 2 ? Math.round((seconds[0] + seconds[1]) * 1000) : Number.NaN;
}

/**
 * One `ops-skill test --format json` run: its wall time, the CPU time of the whole process tree
 * (user + system, from bash's `times`: less sensitive to a busy machine than the wall time) and
 * the report.
 */
function runOnce(repo, extra) {
  const started = process.hrtime.bigint();
  const child = spawnSync(
    "bash",
    ["-c", 'node "$0" test --format json "$@"; code=$?; times >&3; exit $code', CLI, ...extra],
    {
      cwd: repo,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["ignore", "pipe", "pipe", "pipe"],
    },
  );
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0 && child.status !== 1) {
    throw new Error(`ops-skill test ${extra.join(" ")} exited ${child.status}: ${child.stderr}`);
  }
  const cpuMs = childCpuMs(
    String(child.output[3] ?? "")
      .trim()
      .split("\n")[1],
  );
  return { wallMs, cpuMs, report: JSON.parse(child.stdout) };
}

function measure(repo, runs, extra) {
  const walls = [];
  const cpus = [];
  const perScenario = [];
  let totals;
  for (let k = 0; k < runs; k++) {
    const { wallMs, cpuMs, report } = runOnce(repo, extra);
    walls.push(wallMs);
    cpus.push(cpuMs);
    perScenario.push(...report.results.map((result) => result.durationMs));
    totals = report.totals;
  }
  return {
    runs,
    medianWallMs: median(walls),
    walls,
    medianCpuMs: median(cpus),
    medianScenarioMs: median(perScenario),
    scenarios: totals.scenarios,
    passed: totals.passed,
    failed: totals.failed,
  };
}

const jobsArgs = own.jobs === undefined ? [] : ["--jobs", own.jobs];
const engineArgs = own.engine === undefined ? [] : ["--engine", own.engine];
const made = scratchRepository(own.from, options.scenarios, "replay");
const result = { from: own.from, sourceScenarios: made.sources };
try {
  result.run = { ...measure(made.repo, options.runs, [...jobsArgs, ...engineArgs]) };
  if (own.codex > 0) {
    const codex = scratchRepository(own.from, own.codex, "codex");
    try {
      try {
        result.codex = measure(codex.repo, 1, [...jobsArgs, "--engine", "codex"]);
      } catch (error) {
        // An ops-skill without the codex engine, or no Codex installed: say so, keep the figures.
        result.codex = { error: error.message.split("\n").slice(0, 3).join(" ") };
      }
    } finally {
      if (!own.keep) rmSync(codex.repo, { recursive: true, force: true });
    }
  }
} finally {
  if (!own.keep) rmSync(made.repo, { recursive: true, force: true });
  else result.repo = made.repo;
}

if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  const { run } = result;
  log(
    `${run.scenarios} scenarios (copies of ${result.sourceScenarios}), ${run.passed} passed, ${run.failed} failed; ${own.engine ?? "default"} engine, ${own.jobs ?? "default"} jobs`,
  );
  log(
    `whole run: median ${(run.medianWallMs / 1000).toFixed(2)} s of ${run.runs} (${run.walls.map((ms) => (ms / 1000).toFixed(2)).join(", ")})`,
  );
  log(`CPU time (user + system, all processes): median ${(run.medianCpuMs / 1000).toFixed(2)} s`);
  log(`one scenario: median ${run.medianScenarioMs} ms`);
  if (result.codex?.error) log(`codex engine: not measured: ${result.codex.error}`);
  else if (result.codex) {
    log(
      `codex engine: ${result.codex.scenarios} scenarios (${result.codex.passed} passed, ${result.codex.failed} failed) in ${(result.codex.medianWallMs / 1000).toFixed(2)} s, one scenario median ${result.codex.medianScenarioMs} ms`,
    );
  }
}
