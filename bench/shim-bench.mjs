#!/usr/bin/env node
// The cost of one tool shim of `ops-skill test`: a cold call of a recorded tool, of an
// unrecorded one (it fails closed) and of `date` at the frozen clock, against `node -e 0` and
// `bash -c :`, each the median of N calls, interleaved so a busy machine weighs on all alike.
// The shims (bash clients of the call server this process runs) are those of the drift fixture
// scenario of packages/testing, under bench/.work/shims/.
//
// Usage: node bench/shim-bench.mjs [--calls N] [--json]   (build first: npm run build)
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { installShims, readScenario } from "@ops-skill/testing";
import { log, median, parseBenchArgs } from "./_shared.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SCENARIO = join(ROOT, "packages/testing/test/fixtures/skills/demo/tests/drift");
const WORK = join(ROOT, "bench/.work/shims");

const options = parseBenchArgs(process.argv.slice(2), {
  script: "shim-bench.mjs",
  countFlag: "calls",
  defaultCount: 60,
  defaultSeed: "0",
});
const loaded = readScenario(SCENARIO);
if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join("\n"));
const { scenario } = loaded;
rmSync(WORK, { recursive: true, force: true });
const shims = await installShims({
  dir: WORK,
  scenarioDir: SCENARIO,
  recordings: scenario.recordings,
  tools: scenario.tools,
  clock: scenario.clock,
});
const cases = {
  "node -e 0": [process.execPath, ["-e", "0"]],
  "bash -c :": ["/bin/bash", ["-c", ":"]],
  "recorded call": [join(shims.binDir, "kubectl"), ["config", "current-context"]],
  "unrecorded call": [join(shims.binDir, "helm"), ["list"]],
  "date, frozen": [join(shims.binDir, "date"), ["+%s"]],
};
const times = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let k = 0; k < options.calls; k++) {
  for (const [name, [command, args]] of Object.entries(cases)) {
    const started = process.hrtime.bigint();
    // Asynchronously: the call server answering the shim runs in this process.
    await new Promise((resolve) => {
      spawn(command, args, { env: shims.env, stdio: "ignore" }).on("close", resolve);
    });
    times[name].push(Number(process.hrtime.bigint() - started) / 1e6);
  }
}
const result = Object.fromEntries(Object.entries(times).map(([name, t]) => [name, median(t)]));
if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  for (const [name, ms] of Object.entries(result)) log(`${name.padEnd(16)} ${ms.toFixed(1)} ms`);
}
await shims.close();
rmSync(WORK, { recursive: true, force: true });
