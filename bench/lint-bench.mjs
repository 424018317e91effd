#!/usr/bin/env node
/**
 * Times `ops-skill lint` against `skill-check` (npm, a TypeScript skill linter) in one run,
 * side by side: on generated skills, and on the public skill collections when they are on this
 * machine (`.cache/public/`, see conformance/public/README.md; laid out by public-corpus.mjs),
 * and ops-skill's start-up against `node -e 0`. Build first (`npm run bench` does).
 * It also times `parse-floor.mjs` (read every file, parse with `yaml` and `markdown-it`, no
 * rules): the part of a run no rule change can remove, shown beside the targets.
 *
 *   node bench/lint-bench.mjs [--skills N] [--runs R] [--seed SEED] [--json] [--no-public]
 *
 * Skills go to bench/.work/ (gitignored); skill-check is installed into bench/.work/tools on
 * first use, never into a package.json. Runs are interleaved (each command once per round, the
 * two start-up commands several times) after one untimed warm-up, and medians are reported. Exits 0 even when a target is missed
 * (each is marked PASS or MISS); exits 1 when a command fails (exit code 2, a signal, or
 * output that is not the JSON it should be), since the figures then mean nothing.
 */
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { log, median, parseBenchArgs } from "./_shared.mjs";
import { DEFAULT_SEED, generateSkills } from "./generate-skills.mjs";
import { publicCorpus } from "./public-corpus.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const WORK = join(ROOT, "bench", ".work");
const TOOLS = join(WORK, "tools");
const CLI = join(ROOT, "packages", "cli", "bin", "run.js");
const FLOOR = join(ROOT, "bench", "parse-floor.mjs");
const SKILL_CHECK_PACKAGE = join(TOOLS, "node_modules", "skill-check");
const SKILL_CHECK_SPEC = "skill-check@1";

/**
 * Runs per round of the two start-up commands: they take a tenth of a second and wobble by
 * tens of milliseconds on a shared machine, so their medians need more samples.
 */
const QUICK_SAMPLES = 5;

const TARGETS = {
  vsSkillCheck: { label: "ops-skill / skill-check", max: 1 },
  vsSkillCheckPublic: { label: "  on the public corpus", max: 1 },
  startup: { label: "1 skill / node -e 0", max: 3 },
};

/**
 * Runs `node ARGS` with stdout going to a file, not a pipe: skill-check 1.2 calls
 * `process.exit()` while a piped write is still queued, which cuts its JSON off after 64 KiB;
 * a file is written synchronously. Every command gets the same treatment.
 */
function run(args, cwd) {
  const outPath = join(WORK, "stdout.tmp");
  const out = openSync(outPath, "w");
  const start = process.hrtime.bigint();
  let child;
  try {
    child = spawnSync(process.execPath, args, {
      cwd,
      stdio: ["ignore", out, "pipe"],
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
  } finally {
    closeSync(out);
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const stdout = readFileSync(outPath, "utf8");
  rmSync(outPath, { force: true });
  return {
    ms,
    status: child.status,
    signal: child.signal,
    error: child.error,
    stdout,
    stderr: child.stderr,
  };
}

function ensureSkillCheck() {
  if (!existsSync(join(SKILL_CHECK_PACKAGE, "package.json"))) {
    log(`installing ${SKILL_CHECK_SPEC} into ${relative(ROOT, TOOLS)} ...`);
    const npm = spawnSync(
      "npm",
      [
        "install",
        "--prefix",
        TOOLS,
        SKILL_CHECK_SPEC,
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
      ],
      { stdio: ["ignore", "inherit", "inherit"], shell: process.platform === "win32" },
    );
    if (npm.status !== 0)
      return { error: `npm install ${SKILL_CHECK_SPEC} failed (exit ${npm.status})` };
  }
  const pkg = JSON.parse(readFileSync(join(SKILL_CHECK_PACKAGE, "package.json"), "utf8"));
  const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin?.["skill-check"];
  if (!bin) return { error: "skill-check has no bin" };
  return { version: pkg.version, bin: join(SKILL_CHECK_PACKAGE, bin) };
}

/** Counts of findings by rule, most frequent first, for the report. */
function topRules(ruleIds, n = 4) {
  const counts = new Map();
  for (const id of ruleIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([id, count]) => ({ ruleId: id, count }));
}

const ours = {
  okExit: [0, 1],
  read(stdout) {
    const files = JSON.parse(stdout);
    if (!Array.isArray(files)) throw new Error("ops-skill JSON output is not an array");
    const messages = files.flatMap((f) => f.messages);
    return {
      files: files.length,
      findings: messages.length,
      top: topRules(messages.map((m) => m.ruleId)),
    };
  },
};

/** Reading and parsing alone: what any run of ours costs before the first rule. */
const floor = {
  okExit: [0],
  read(stdout) {
    const seen = JSON.parse(stdout);
    if (typeof seen?.skills !== "number") throw new Error("parse-floor output has no skills count");
    return { files: seen.skills, findings: 0, top: [], workMs: seen.workMs };
  },
};

const skillCheck = {
  okExit: [0, 1],
  read(stdout) {
    const report = JSON.parse(stdout);
    if (typeof report?.summary?.skillCount !== "number")
      throw new Error("skill-check JSON output has no summary.skillCount");
    return {
      files: report.summary.skillCount,
      findings: report.diagnostics.length,
      top: topRules(report.diagnostics.map((d) => d.ruleId)),
    };
  },
};

function main() {
  const argv = process.argv.slice(2);
  const skipPublic = argv.includes("--no-public");
  const options = parseBenchArgs(
    argv.filter((a) => a !== "--no-public"),
    {
      script: "lint-bench.mjs",
      countFlag: "skills",
      defaultCount: 1000,
      defaultSeed: DEFAULT_SEED,
    },
  );
  const failures = [];
  if (
    !existsSync(join(ROOT, "packages", "cli", "dist")) ||
    !existsSync(join(ROOT, "packages", "lint", "dist"))
  ) {
    log("ops-skill is not built: run `npm run build` (or `npm run bench`, which builds first)");
    return 1;
  }

  const skillsDir = join(WORK, `skills-${options.skills}`);
  rmSync(skillsDir, { recursive: true, force: true });
  const generateStart = process.hrtime.bigint();
  const generated = generateSkills({ count: options.skills, dir: skillsDir, seed: options.seed });
  const generateMs = Number(process.hrtime.bigint() - generateStart) / 1e6;
  const single = generated.find((s) => !s.problem) ?? generated[0];
  const skillsArg = relative(WORK, skillsDir);
  const singleArg = join(skillsArg, single.name);
  log(
    `generated ${generated.length} skills in ${relative(ROOT, skillsDir)} (${generateMs.toFixed(0)} ms)`,
  );

  const tool = ensureSkillCheck();
  if (tool.error) failures.push({ command: "skill-check", reason: tool.error });
  const corpus = skipPublic
    ? undefined
    : publicCorpus({ source: join(ROOT, ".cache", "public"), work: WORK });
  if (corpus)
    log(`public corpus: ${corpus.skills} skill folders in ${corpus.roots.length} skills roots`);
  else log("public corpus: not on this machine (.cache/public), skipped");

  const commands = [
    {
      id: "ours",
      label: `ops-skill lint (${options.skills} skills)`,
      args: [CLI, "lint", skillsArg, "--format", "json"],
      ...ours,
    },
    ...(tool.bin
      ? [
          {
            id: "skillCheck",
            label: `skill-check ${tool.version} (${options.skills} skills)`,
            args: [tool.bin, "check", skillsArg, "--format", "json", "--no-security-scan"],
            ...skillCheck,
          },
        ]
      : []),
    ...(corpus
      ? [
          {
            id: "publicOurs",
            label: `ops-skill lint (public, ${corpus.skills} skills)`,
            args: [CLI, "lint", ...corpus.roots, "--format", "json"],
            cwd: corpus.dir,
            ...ours,
            expectedFiles: undefined,
          },
          {
            id: "publicFloor",
            label: "parse floor, no rules (public)",
            args: [FLOOR, ...corpus.roots],
            cwd: corpus.dir,
            ...floor,
            expectedFiles: undefined,
          },
          ...(tool.bin
            ? [
                {
                  id: "publicSkillCheck",
                  label: `skill-check ${tool.version} (public)`,
                  args: [tool.bin, "check", ".", "--format", "json", "--no-security-scan"],
                  cwd: corpus.dir,
                  ...skillCheck,
                  expectedFiles: undefined,
                },
              ]
            : []),
        ]
      : []),
    {
      id: "floor",
      label: `parse floor, no rules (${options.skills} skills)`,
      args: [FLOOR, skillsArg],
      ...floor,
    },
    {
      id: "node",
      label: "node -e 0",
      args: ["-e", "0"],
      okExit: [0],
      samplesPerRound: QUICK_SAMPLES,
    },
    {
      id: "single",
      label: "ops-skill lint (1 skill)",
      args: [CLI, "lint", singleArg, "--format", "json"],
      ...ours,
      samplesPerRound: QUICK_SAMPLES,
    },
  ];

  const results = {};
  for (const command of commands)
    results[command.id] = {
      label: command.label,
      argv: [
        "node",
        ...command.args
          .slice(0, 12)
          .map((a) => (typeof a === "string" && a.startsWith(ROOT) ? relative(ROOT, a) : a)),
        ...(command.args.length > 12 ? [`... (${command.args.length - 12} more)`] : []),
      ],
      samplesMs: [],
      exitCodes: [],
    };

  const broken = new Set();
  const once = (command, timed) => {
    if (broken.has(command.id)) return;
    const outcome = run(command.args, command.cwd ?? WORK);
    const result = results[command.id];
    const stderrTail = (outcome.stderr ?? "").trim().split("\n").slice(-5).join("\n");
    let reason;
    if (outcome.error) reason = outcome.error.message;
    else if (outcome.signal) reason = `killed by ${outcome.signal}`;
    else if (!command.okExit.includes(outcome.status)) reason = `exit code ${outcome.status}`;
    else if (command.read) {
      try {
        const seen = command.read(outcome.stdout);
        result.output = seen;
        const expected =
          "expectedFiles" in command
            ? command.expectedFiles
            : command.id === "single"
              ? 1
              : options.skills;
        if (expected !== undefined && seen.files !== expected)
          reason = `saw ${seen.files} skills, expected ${expected}`;
      } catch (error) {
        reason = `unreadable output: ${error.message}`;
      }
    }
    if (reason) {
      broken.add(command.id);
      failures.push({ command: command.label, reason, stderr: stderrTail });
      return;
    }
    result.exitCodes.push(outcome.status);
    if (timed) result.samplesMs.push(outcome.ms);
    if (timed && typeof result.output?.workMs === "number") {
      result.workSamplesMs ??= [];
      result.workSamplesMs.push(result.output.workMs);
    }
  };

  log(`warm-up, then ${options.runs} timed rounds of ${commands.length} commands ...`);
  for (const command of commands) once(command, false);
  for (let round = 0; round < options.runs; round++)
    for (const command of commands)
      for (let sample = 0; sample < (command.samplesPerRound ?? 1); sample++) once(command, true);

  for (const result of Object.values(results)) {
    if (result.samplesMs.length === 0) continue;
    result.medianMs = median(result.samplesMs);
    if (result.workSamplesMs) result.medianWorkMs = median(result.workSamplesMs);
    result.minMs = Math.min(...result.samplesMs);
    result.maxMs = Math.max(...result.samplesMs);
  }
  const ratio = (a, b) =>
    results[a]?.medianMs !== undefined && results[b]?.medianMs !== undefined
      ? results[a].medianMs / results[b].medianMs
      : undefined;
  const targets = [
    { id: "vsSkillCheck", ...TARGETS.vsSkillCheck, value: ratio("ours", "skillCheck") },
    {
      id: "vsSkillCheckPublic",
      ...TARGETS.vsSkillCheckPublic,
      value: ratio("publicOurs", "publicSkillCheck"),
    },
    { id: "startup", ...TARGETS.startup, value: ratio("single", "node") },
  ].map((t) => ({
    ...t,
    status: t.value === undefined ? "n/a" : t.value <= t.max ? "PASS" : "MISS",
  }));
  // Not a target: how close the parsing alone comes to skill-check, and to our whole run.
  const floorWork = results.floor?.medianWorkMs;
  const context = [
    { label: "parse floor / skill-check", value: ratio("floor", "skillCheck") },
    {
      label: "  its parsing alone",
      value:
        floorWork !== undefined && results.skillCheck?.medianMs !== undefined
          ? floorWork / results.skillCheck.medianMs
          : undefined,
    },
    { label: "parse floor / ops-skill", value: ratio("floor", "ours") },
    { label: "public parse floor / skill-check", value: ratio("publicFloor", "publicSkillCheck") },
    { label: "public parse floor / ops-skill", value: ratio("publicFloor", "publicOurs") },
  ];

  const report = {
    skills: options.skills,
    publicCorpus: corpus
      ? { skills: corpus.skills, roots: corpus.roots.length, commits: corpus.commits }
      : null,
    runs: options.runs,
    seed: options.seed,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: availableParallelism?.() ?? cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    generateMs,
    commands: results,
    targets,
    context,
    failures,
  };

  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(table(report));
  return failures.length > 0 ? 1 : 0;
}

function table(report) {
  const fmt = (ms) => (ms === undefined ? "-" : ms.toFixed(1));
  const rows = Object.values(report.commands).map((r) => [
    r.label,
    fmt(r.medianMs),
    fmt(r.minMs),
    fmt(r.maxMs),
    [...new Set(r.exitCodes)].join(",") || "-",
    r.output ? String(r.output.findings) : "",
  ]);
  const head = ["command", "median ms", "min ms", "max ms", "exit", "findings"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const out = [
    "",
    `lint benchmark: ${report.skills} skills (seed ${report.seed}), median of ${report.runs} runs (${report.runs * QUICK_SAMPLES} for node -e 0 and 1 skill); ${report.node}, ${report.platform}, ${report.cpus} CPUs (${report.cpuModel})`,
    ...(report.publicCorpus
      ? [
          `public corpus: ${report.publicCorpus.skills} skill folders of ${report.publicCorpus.commits.length} repositories in ${report.publicCorpus.roots} skills roots`,
        ]
      : []),
    "",
    line(head),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    "",
  ];
  for (const t of report.targets)
    out.push(
      `${t.label.padEnd(26)} ${t.value === undefined ? "   n/a" : t.value.toFixed(2).padStart(6)}   target <= ${t.max}   ${t.status}`,
    );
  for (const c of report.context)
    if (c.value !== undefined) out.push(`${c.label.padEnd(26)} ${c.value.toFixed(2).padStart(6)}`);
  for (const r of Object.values(report.commands))
    if (r.output?.top?.length)
      out.push(
        `  ${r.label} findings by rule: ${r.output.top.map((t) => `${t.ruleId} x${t.count}`).join(", ")}`,
      );
  if (report.failures.length > 0) {
    out.push("", "FAILURES (the figures above are incomplete):");
    for (const f of report.failures)
      out.push(
        `  ${f.command}: ${f.reason}${f.stderr ? `\n    ${f.stderr.replace(/\n/g, "\n    ")}` : ""}`,
      );
  }
  return `${out.join("\n")}\n`;
}

try {
  process.exitCode = main();
} catch (error) {
  log(`lint-bench: ${error.message}`);
  process.exitCode = 2;
}
