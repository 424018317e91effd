#!/usr/bin/env node
/**
 * Times `ops-skill schema fix` on one large generated schema: N optional properties at the root
 * (strings, integers, bare enums, unknown formats), so that the fix touches every property and
 * the diff has N changes. Build first (`npm run bench:schema-fix` does).
 *
 *   node bench/schema-fix-bench.mjs [--properties N] [--runs R] [--seed SEED] [--json] [--cli PATH]
 *
 * Commands, each a fresh `node` process timed from spawn to exit:
 *   - diff:   `ops-skill schema fix FILE` (prints the diff, writes nothing)
 *   - write:  `ops-skill schema fix FILE --write` on a fresh copy of the schema
 *   - node -e 0, for the start-up floor.
 * `--cli PATH` times another build of the CLI (another checkout's `packages/cli/bin/run.js`),
 * for a before/after. The schema goes to bench/.work/ (gitignored). One untimed warm-up round,
 * then medians of R rounds. Exits 1 when a command fails or does not do what it should.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { log, median, parseBenchArgs, prng } from "./_shared.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const WORK = join(ROOT, "bench", ".work", "schema-fix");

/** A schema of `count` optional properties of a few shapes, the same for the same seed. */
export function generateWideSchema(count, seed) {
  const random = prng(seed);
  const properties = {};
  for (let i = 0; i < count; i++) {
    const name = `field_${i.toString().padStart(5, "0")}`;
    // Bare enums are few: strict mode allows 1,000 enum values in a schema.
    const shape = random.chance(0.05) ? 3 : random.int(0, 2);
    properties[name] =
      shape === 0
        ? { type: "string", description: `Field ${i}.` }
        : shape === 1
          ? { type: "integer", description: `Count ${i}.`, minimum: 0, maxLength: 4 }
          : shape === 2
            ? { type: "string", format: "hostname", description: `Host ${i}.` }
            : { description: `State ${i}.`, enum: ["ok", "warning", "critical"] };
  }
  return { type: "object", title: "Wide report", properties, required: [] };
}

function run(args) {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, {
    cwd: WORK,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, ...child };
}

function main() {
  const argv = process.argv.slice(2);
  const at = argv.indexOf("--cli");
  const cli = at >= 0 ? argv.splice(at, 2)[1] : join(ROOT, "packages", "cli", "bin", "run.js");
  const options = parseBenchArgs(argv, {
    script: "schema-fix-bench.mjs [--cli PATH]",
    countFlag: "properties",
    defaultCount: 4000,
    defaultSeed: "schema-fix",
  });
  const n = options.properties;
  mkdirSync(WORK, { recursive: true });
  const source = join(WORK, "wide.schema.json");
  writeFileSync(source, `${JSON.stringify(generateWideSchema(n, options.seed), null, 2)}\n`);
  const target = join(WORK, "wide-write.schema.json");
  log(`${n} properties, ${readFileSync(source).length} bytes; CLI ${cli}`);

  const commands = [
    {
      id: "diff",
      label: `schema fix (diff, ${n} properties)`,
      args: [cli, "schema", "fix", source],
      check: (r) => r.status === 0 && r.stdout.startsWith("---") && /\d+ changes/.test(r.stderr),
    },
    {
      id: "write",
      label: `schema fix --write (${n} properties)`,
      before: () => copyFileSync(source, target),
      args: [cli, "schema", "fix", target, "--write"],
      check: (r) => r.status === 0 && readFileSync(target, "utf8") !== readFileSync(source, "utf8"),
    },
    { id: "node", label: "node -e 0", args: ["-e", "0"], check: (r) => r.status === 0 },
  ];
  const samples = new Map(commands.map((c) => [c.id, []]));
  for (let round = 0; round <= options.runs; round++) {
    for (const command of commands) {
      command.before?.();
      const r = run(command.args);
      if (!command.check(r)) {
        log(`${command.label} failed (exit ${r.status}):\n${r.stderr}`);
        process.exit(1);
      }
      if (round > 0) samples.get(command.id).push(r.ms);
    }
  }
  const results = commands.map((c) => ({
    id: c.id,
    label: c.label,
    medianMs: median(samples.get(c.id)),
    samplesMs: samples.get(c.id),
  }));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ properties: n, cli, results }, null, 2)}\n`);
    return;
  }
  for (const r of results)
    process.stdout.write(`${r.label.padEnd(44)} ${r.medianMs.toFixed(0).padStart(7)} ms\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
