#!/usr/bin/env node
/**
 * Times @ops-skill/schema's type and validator generation against `json2ts` (the CLI of
 * json-schema-to-typescript, with its defaults, prettier included) on generated report schemas.
 * Build first: it runs packages/schema/dist (`npm run build --silent && node bench/types-bench.mjs`).
 *
 *   node bench/types-bench.mjs [--schemas N] [--runs R] [--seed SEED] [--json]
 *
 * Commands, each a fresh `node` process timed from spawn to exit:
 *   - json2ts:  `json2ts --input DIR --output OUT` into an empty OUT (types only).
 *   - cold:     bench/types-run.mjs into an empty directory (types, validators, manifest).
 *   - warm:     the same again with nothing changed (manifest hit: compiles and writes nothing).
 *   - check:    the same with --check (compiles everything, writes nothing), for information.
 *   - the CLI, warm: `ops-skill types FILES --out OUT` (when packages/cli is built).
 *   - node -e 0, for the start-up floor.
 * Schemas go to bench/.work/ (gitignored). Runs are interleaved, one of each command per
 * round, after one untimed warm-up round; medians are reported. Exits 0 even when a target is
 * missed (each is marked PASS or MISS); 1 when a command fails or does not do what it should
 * (the figures would mean nothing).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { log, median, parseBenchArgs } from "./_shared.mjs";
import { DEFAULT_SEED, generateSchemas } from "./generate-schemas.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const WORK = join(ROOT, "bench", ".work");
const RUNNER = join(ROOT, "bench", "types-run.mjs");
const CODEGEN = join(ROOT, "packages", "schema", "dist", "codegen", "index.js");
const JSON2TS = join(ROOT, "node_modules", "json-schema-to-typescript", "dist", "src", "cli.js");
const CLI = join(ROOT, "packages", "cli", "bin", "run.js");
const CLI_BUILT = join(ROOT, "packages", "cli", "dist", "commands", "types.js");

const TARGETS = {
  cold: { label: "cold / json2ts", max: 1 },
  warm: { label: "warm (ms)", max: 300 },
  cliWarm: { label: "CLI warm (ms)", max: 300 },
};

function run(args) {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return {
    ms,
    status: child.status,
    signal: child.signal,
    error: child.error,
    stdout: child.stdout,
    stderr: child.stderr,
  };
}

const files = (dir) => (existsSync(dir) ? readdirSync(dir) : []);

function main() {
  const options = parseBenchArgs(process.argv.slice(2), {
    script: "types-bench.mjs",
    countFlag: "schemas",
    defaultCount: 50,
    defaultSeed: DEFAULT_SEED,
  });
  if (!existsSync(CODEGEN) || !existsSync(join(dirname(CODEGEN), "worker.js"))) {
    log("@ops-skill/schema is not built: run `npm run build` first");
    return 1;
  }
  const base = join(WORK, `types-${options.schemas}`);
  const schemasDir = join(base, "schemas");
  const oursOut = join(base, "ours");
  const json2tsOut = join(base, "json2ts");
  rmSync(base, { recursive: true, force: true });
  const generated = generateSchemas({
    count: options.schemas,
    dir: schemasDir,
    seed: options.seed,
  });
  const properties = generated.reduce((sum, s) => sum + s.propertyCount, 0);
  log(
    `generated ${generated.length} schemas (${properties} properties) in ${relative(ROOT, schemasDir)}`,
  );

  const n = options.schemas;
  const summary = (stdout) => JSON.parse(stdout.trim().split("\n").pop());
  const commands = [
    {
      id: "json2ts",
      label: `json2ts --input DIR --output OUT (${n} schemas)`,
      before: () => rmSync(json2tsOut, { recursive: true, force: true }),
      args: [JSON2TS, "--input", schemasDir, "--output", json2tsOut],
      verify: () => {
        const count = files(json2tsOut).filter((f) => f.endsWith(".d.ts")).length;
        return count === n ? undefined : `wrote ${count} .d.ts files, expected ${n}`;
      },
    },
    {
      id: "cold",
      label: `ours, cold: empty output directory (${n} schemas)`,
      before: () => rmSync(oursOut, { recursive: true, force: true }),
      args: [RUNNER, schemasDir, oursOut],
      verify: (stdout) => {
        const s = summary(stdout);
        return s.written === n * 4 + 4 && s.cached === 0
          ? undefined
          : `wrote ${s.written} files with ${s.cached} cached, expected ${n * 4 + 4} and 0`;
      },
    },
    {
      id: "warm",
      label: "ours, warm: nothing changed",
      args: [RUNNER, schemasDir, oursOut],
      verify: (stdout) => {
        const s = summary(stdout);
        return s.written === 0 && s.cached === n
          ? undefined
          : `wrote ${s.written} files, ${s.cached} cached`;
      },
    },
    {
      id: "check",
      label: "ours, --check: up to date",
      args: [RUNNER, schemasDir, oursOut, "--check"],
      verify: (stdout) => (summary(stdout).upToDate ? undefined : "reported stale files"),
    },
    ...(existsSync(CLI_BUILT)
      ? [
          {
            id: "cliWarm",
            label: "ops-skill types (the CLI), warm",
            args: [CLI, "types", ...generated.map((g) => g.file), "--out", oursOut],
            verify: (stdout) =>
              stdout.includes("up to date")
                ? undefined
                : `did not say up to date: ${stdout.trim()}`,
          },
        ]
      : []),
    { id: "node", label: "node -e 0", args: ["-e", "0"], verify: () => undefined },
  ];

  const results = {};
  for (const c of commands) results[c.id] = { label: c.label, samplesMs: [] };
  const failures = [];
  const broken = new Set();
  const once = (command, timed) => {
    if (broken.has(command.id)) return;
    command.before?.();
    const outcome = run(command.args);
    let reason;
    if (outcome.error) reason = outcome.error.message;
    else if (outcome.signal) reason = `killed by ${outcome.signal}`;
    else if (outcome.status !== 0) reason = `exit code ${outcome.status}`;
    else {
      try {
        reason = command.verify(outcome.stdout);
      } catch (error) {
        reason = `unreadable output: ${error.message}`;
      }
    }
    if (reason) {
      broken.add(command.id);
      const stderr = (outcome.stderr ?? "").trim().split("\n").slice(-5).join("\n");
      failures.push({ command: command.label, reason, stderr });
      return;
    }
    if (timed) results[command.id].samplesMs.push(outcome.ms);
  };

  log(`warm-up, then ${options.runs} timed rounds of ${commands.length} commands ...`);
  for (const c of commands) once(c, false);
  for (let round = 0; round < options.runs; round++) for (const c of commands) once(c, true);

  for (const r of Object.values(results)) {
    if (r.samplesMs.length === 0) continue;
    r.medianMs = median(r.samplesMs);
    r.minMs = Math.min(...r.samplesMs);
    r.maxMs = Math.max(...r.samplesMs);
  }
  const cold = results.cold.medianMs;
  const json2ts = results.json2ts.medianMs;
  const targets = [
    {
      id: "cold",
      ...TARGETS.cold,
      value: cold !== undefined && json2ts !== undefined ? cold / json2ts : undefined,
    },
    { id: "warm", ...TARGETS.warm, value: results.warm.medianMs },
    ...(results.cliWarm
      ? [{ id: "cliWarm", ...TARGETS.cliWarm, value: results.cliWarm.medianMs }]
      : []),
  ].map((t) => ({
    ...t,
    status: t.value === undefined ? "n/a" : t.value <= t.max ? "PASS" : "MISS",
  }));

  const report = {
    schemas: n,
    properties,
    runs: options.runs,
    seed: options.seed,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: availableParallelism?.() ?? cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    loadAverage: loadavg()[0],
    commands: results,
    targets,
    failures,
  };
  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(table(report));
  return failures.length > 0 ? 1 : 0;
}

function table(report) {
  const fmt = (ms) => (ms === undefined ? "-" : ms.toFixed(0));
  const rows = Object.values(report.commands).map((r) => [
    r.label,
    fmt(r.medianMs),
    fmt(r.minMs),
    fmt(r.maxMs),
  ]);
  const head = ["command", "median ms", "min ms", "max ms"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const out = [
    "",
    `types benchmark: ${report.schemas} schemas, ${report.properties} properties (seed ${report.seed}), median of ${report.runs} runs; ${report.node}, ${report.platform}, ${report.cpus} CPUs (${report.cpuModel}), load ${report.loadAverage.toFixed(2)}`,
    "",
    line(head),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    "",
  ];
  for (const t of report.targets) {
    const value =
      t.value === undefined ? "n/a" : t.id === "cold" ? t.value.toFixed(2) : t.value.toFixed(0);
    out.push(`${t.label.padEnd(16)} ${value.padStart(6)}   target <= ${t.max}   ${t.status}`);
  }
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
  log(`types-bench: ${error.message}`);
  process.exitCode = 2;
}
