#!/usr/bin/env node
// mock-codex's speed: `mock-codex exec --json` replaying a 50-command cassette in a cold
// process against `node -e 0` (target at most 3x), and 1,000 cassettes replayed in-process
// (target under 2 s). Cassettes are generated under bench/.work/mock-codex/ (seeded).
//
// Usage: node bench/mock-codex-bench.mjs [--cassettes N] [--runs R] [--seed S] [--json]
// (build first: npm run build)
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CODEX_VERSION } from "@ops-skill/codex/version";
import { log, median, parseBenchArgs, prng } from "./_shared.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const BIN = join(ROOT, "packages/mock-codex/bin/mock-codex.js");
const WORK = join(ROOT, "bench/.work/mock-codex");
const COMMANDS = [
  "kubectl get pods -n prod",
  "terraform plan -detailed-exitcode",
  "df -h /var",
  "systemctl status nginx",
  "journalctl -u nginx --since '1 hour ago'",
  "curl -sf https://example.invalid/healthz",
];

/** A cassette file: `commands` shell calls, one per model turn, then a final JSON message. */
function cassette(random, index, commands) {
  const lines = [
    {
      type: "cassette",
      version: 1,
      codex_version: CODEX_VERSION,
      invocation: { prompt: `Run check ${index}.`, args: ["--json"] },
    },
  ];
  for (let k = 0; k < commands; k++) {
    const cmd = random.pick(COMMANDS);
    const exit = random.chance(0.2) ? random.int(1, 3) : 0;
    lines.push({
      type: "model_turn",
      usage: { input_tokens: random.int(100, 5000), output_tokens: random.int(5, 200) },
      output: [{ type: "exec_command", call_id: `call_${k}`, cmd }],
    });
    lines.push({
      type: "command_result",
      call_id: `call_${k}`,
      exit_code: exit,
      duration_ms: random.int(1, 900),
      aggregated_output: `${cmd}: ${"line of output\n".repeat(random.int(1, 40))}`,
    });
  }
  lines.push({
    type: "model_turn",
    usage: { input_tokens: 6000, output_tokens: 40 },
    output: [{ type: "message", text: JSON.stringify({ status: "ok", check: index }) }],
  });
  return `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`;
}

function timeProcess(args, input) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { input, encoding: "utf8", cwd: WORK });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0)
    throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

async function main() {
  const options = parseBenchArgs(process.argv.slice(2), {
    script: "mock-codex-bench.mjs",
    countFlag: "cassettes",
    defaultCount: 1000,
    defaultSeed: "mock-codex",
  });
  const random = prng(options.seed);
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(join(WORK, "many"), { recursive: true });
  const fifty = join(WORK, "fifty.jsonl");
  writeFileSync(fifty, cassette(random, 0, 50));
  const files = [];
  for (let i = 0; i < options.cassettes; i++) {
    const file = join(WORK, "many", `c${String(i).padStart(4, "0")}.jsonl`);
    writeFileSync(file, cassette(random, i, random.int(1, 8)));
    files.push(file);
  }

  // Cold processes, interleaved so load on the machine hits both alike.
  const node = [];
  const mock = [];
  const args = [
    BIN,
    "exec",
    "--json",
    "--skip-git-repo-check",
    "--cassette",
    fifty,
    "Run check 0.",
  ];
  timeProcess(args, ""); // warm the file cache
  let lines = 0;
  for (let run = 0; run < Math.max(options.runs, 5) * 2; run++) {
    node.push(timeProcess(["-e", "0"], "").ms);
    const replay = timeProcess(args, "");
    mock.push(replay.ms);
    lines = replay.stdout.trimEnd().split("\n").length;
  }
  const coldNode = median(node);
  const coldMock = median(mock);

  // In-process: every cassette replayed through runExec.
  const { runExec } = await import(join(ROOT, "packages/mock-codex/dist/index.js"));
  const inProcess = [];
  for (let run = 0; run < options.runs; run++) {
    const start = process.hrtime.bigint();
    for (const file of files) {
      const result = await runExec(["--json", "--skip-git-repo-check", "--cassette", file, "x"], {
        cwd: WORK,
        env: {},
        stdin: undefined,
      });
      if (result.exitCode !== 0) throw new Error(`${file}: ${result.stderr}`);
    }
    inProcess.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const many = median(inProcess);

  const report = {
    coldNodeMs: Math.round(coldNode),
    coldMockMs: Math.round(coldMock),
    coldRatio: Number((coldMock / coldNode).toFixed(2)),
    coldEvents: lines,
    inProcessCassettes: files.length,
    inProcessMs: Math.round(many),
  };
  if (options.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else {
    log(
      `cold: mock-codex exec --json on a 50-command cassette (${lines} events) ${report.coldMockMs} ms, node -e 0 ${report.coldNodeMs} ms: ${report.coldRatio}x (target <= 3x)`,
    );
    log(
      `in-process: ${files.length} cassettes replayed in ${report.inProcessMs} ms (target < 2000 ms)`,
    );
  }
}

await main();
