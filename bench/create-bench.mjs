#!/usr/bin/env node
// The speed of `create-ops-skill --yes`: each run makes a new git repository under /var/tmp
// and runs the built bin there as a child process, cold (a new Node process, no cache of ours).
// Reports the median wall time of R runs per template (default: blank, the `--yes` default),
// and with --name the same with a name of your own (the types built with the package, with the
// name changed, where that is what the generator would write; else generated anew). Target:
// under 400 ms.
//
// Usage: node bench/create-bench.mjs [--runs R] [--templates a,b] [--name NAME] [--json]
//        (build first: npm run build)
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { log, median, parseBenchArgs } from "./_shared.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const BIN = join(ROOT, "packages/create-ops-skill/bin/create-ops-skill.js");

const options = parseBenchArgs(process.argv.slice(2), {
  script: "create-bench.mjs",
  countFlag: "warmup",
  defaultCount: 1,
  defaultSeed: "0",
  extra: { templates: "blank", name: "" },
});
options.runs = process.argv.includes("--runs") ? options.runs : 9;

function once(template, name) {
  const repo = mkdtempSync(join("/var/tmp", "create-ops-skill-bench-"));
  try {
    spawnSync("git", ["init", "-q", repo]);
    const args = [BIN, ...(name ? [name] : []), "--template", template, "--yes"];
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, args, { cwd: repo, encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (run.status !== 0) throw new Error(`create-ops-skill exited ${run.status}: ${run.stderr}`);
    return ms;
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

const results = [];
for (const template of options.templates.split(",")) {
  for (const name of [undefined, ...(options.name ? [options.name] : [])]) {
    for (let k = 0; k < options.warmup; k++) once(template, name);
    const times = Array.from({ length: options.runs }, () => once(template, name));
    const row = {
      template,
      name: name ?? "(the template's)",
      runs: options.runs,
      medianMs: Math.round(median(times)),
      minMs: Math.round(Math.min(...times)),
    };
    results.push(row);
    log(
      `${template} ${row.name}: median ${row.medianMs} ms, min ${row.minMs} ms (${options.runs} runs)`,
    );
  }
}
if (options.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
