#!/usr/bin/env node
// Re-records what the commands of the catalogue's cassettes print, from the scenario's own
// recorded tool output: each scenario's session is played by `runScenario` (the replay engine:
// mock-codex in execute mode)
// (every command really runs in a login shell, the skill's scripts for real, every tool call
// answered by the shims at the frozen clock) with the schedule's Codex home built from
// `schedule/` (the project and the guard hook trusted), and the cassette's records are
// brought in line with what really happened:
//
// - each `command_result` gets the output and exit code its command really had;
// - each `blocked` call gets what Codex tells the model, `Command blocked by PreToolUse hook:
//   <the guard's reason>. Command: <cmd>`;
// - the header's input hashes are rewritten (scripts/catalogue-hashes.mjs).
//
// Usage: node scripts/record-catalogue.mjs [--check] [skill | skill/scenario ...]
//   --check  write nothing; exit 1 naming each cassette that is out of date.
// Needs the packages built (`npm run build`). The same files give the same bytes.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { checkMessages, readScenario, runScenario } from "@ops-skill/testing";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const check = argv.includes("--check");
const filters = argv.filter((arg) => arg !== "--check");
if (filters.some((arg) => arg.startsWith("-"))) {
  process.stderr.write(
    "usage: node scripts/record-catalogue.mjs [--check] [skill | skill/scenario ...]\n",
  );
  process.exit(2);
}

const stale = [];
let failed = false;

for (const skill of readdirSync(join(root, "skills")).sort()) {
  let scenarios;
  try {
    scenarios = readdirSync(join(root, "skills", skill, "tests"), { withFileTypes: true });
  } catch {
    continue;
  }
  for (const entry of scenarios.sort((a, b) => a.name.localeCompare(b.name))) {
    const id = `${skill}/${entry.name}`;
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    if (filters.length > 0 && !filters.some((f) => f === skill || f === id)) continue;
    const dir = join(root, "skills", skill, "tests", entry.name);
    const loaded = readScenario(dir, relative(root, dir));
    if (!loaded.ok) {
      process.stderr.write(`${id}: ${loaded.problems.map((p) => p.message).join("; ")}\n`);
      failed = true;
      continue;
    }
    const scenario = loaded.scenario;
    const cassettePath = join(dir, scenario.cassette.path);
    // The replay engine with the schedule's Codex home, as `ops-skill test` runs it.
    const run = await runScenario(scenario, { cwd: root, root });
    if (run.outcome === undefined || run.exitCode !== scenario.exitCode) {
      const why = run.checks.filter((c) => !c.passed).flatMap((c) => checkMessages(c));
      process.stderr.write(`${id}: the run broke (exit ${run.exitCode})\n${why.join("\n")}\n`);
      failed = true;
      continue;
    }
    const commands = new Map(run.outcome.commands.map((command) => [command.callId, command]));
    const lines = readFileSync(cassettePath, "utf8").split("\n");
    const out = lines.map((line, index) => {
      if (index === 0 || line === "") return line;
      const record = JSON.parse(line);
      if (record.type === "command_result") {
        const item = commands.get(record.call_id);
        if (item === undefined || item.blocked !== null || item.output === null)
          throw new Error(`${id}: call ${record.call_id} did not run`);
        const { output_file: _file, aggregated_output: _output, ...rest } = record;
        return JSON.stringify({
          ...rest,
          exit_code: item.exitCode,
          aggregated_output: item.output,
        }).replace(
          /^\{"type":"command_result","call_id":("[^"]*"),/,
          '{"type":"command_result","call_id":$1,',
        );
      }
      if (record.type === "model_turn" && Array.isArray(record.blocked)) {
        for (const call of record.blocked) {
          const blocked = commands.get(call.call_id)?.blocked;
          if (!blocked) throw new Error(`${id}: no hook blocks ${call.cmd}`);
          call.output = `Command blocked by PreToolUse hook: ${blocked.reason}. Command: ${call.cmd}`;
        }
        return JSON.stringify(record);
      }
      return line;
    });
    const text = out.join("\n");
    if (text !== lines.join("\n")) {
      stale.push(relative(root, cassettePath));
      if (!check) writeFileSync(cassettePath, text);
    }
  }
}

const hashes = ["scripts/catalogue-hashes.mjs", ...(check ? ["--check"] : [])];
try {
  execFileSync(
    process.execPath,
    hashes.map((p, i) => (i === 0 ? join(root, p) : p)),
    { stdio: "inherit" },
  );
} catch {
  failed = true;
}
if (stale.length > 0) {
  process.stdout.write(`${check ? "out of date" : "re-recorded"}: ${stale.join(", ")}\n`);
  if (check) failed = true;
}
process.exit(failed ? 1 : 0);
