#!/usr/bin/env node
// Re-records what the commands of the catalogue's cassettes print, from the scenario's own
// recorded tool output: each scenario's session is played by mock-codex in execute mode
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
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { runExec } from "@ops-skill/mock-codex";
import { installShims, readScenario } from "@ops-skill/testing";
import { decideCommand, readForbidden } from "../.codex/hooks/guard.mjs";

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

/** The Codex home of the schedule: `schedule/trust.json` expanded for this checkout. */
function scheduleHome(dir) {
  const trust = JSON.parse(readFileSync(join(root, "schedule/trust.json"), "utf8"));
  const lines = [];
  if (trust.project)
    lines.push(`[projects.${JSON.stringify(root)}]`, 'trust_level = "trusted"', "");
  for (const hook of trust.hooks) {
    lines.push(`[hooks.state.${JSON.stringify(join(root, hook.key))}]`);
    lines.push(`trusted_hash = ${JSON.stringify(hook.trusted_hash)}`, "");
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "config.toml"), lines.join("\n"));
  for (const file of readdirSync(join(root, "schedule"))) {
    if (file.endsWith(".config.toml")) {
      writeFileSync(join(dir, file), readFileSync(join(root, "schedule", file)));
    }
  }
  return dir;
}

/** The recorded flags without `-o` (the run gives its own). */
function replayArgs(recorded) {
  const args = [];
  for (let k = 0; k < recorded.length; k++) {
    if (recorded[k] === "-o" || recorded[k] === "--output-last-message") k++;
    else args.push(recorded[k]);
  }
  return args;
}

const forbidden = readForbidden(readFileSync(join(root, ".codex/hooks/forbidden.json"), "utf8"));
const work = mkdtempSync(join(tmpdir(), "record-catalogue-"));
const codexHome = scheduleHome(join(work, "codex-home"));
const stale = [];
let failed = false;

try {
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
      const runDir = join(work, id.replace("/", "__"));
      const shims = installShims({
        dir: join(runDir, "shims"),
        scenarioDir: scenario.dir,
        recordings: scenario.recordings,
        tools: scenario.tools,
        clock: scenario.clock,
        env: scenario.env,
      });
      const invocation = scenario.cassette.session.invocation;
      const cassettePath = join(dir, scenario.cassette.path);
      const result = await runExec(
        [
          ...replayArgs(invocation.args ?? []),
          "--skip-git-repo-check",
          "--cassette",
          cassettePath,
          "-o",
          join(runDir, "last-message.txt"),
          invocation.prompt,
        ],
        {
          cwd: root,
          env: {
            ...shims.env,
            CODEX_HOME: codexHome,
            MOCK_CODEX_THREAD_ID: "00000000-0000-7000-8000-000000000000",
          },
          stdin: undefined,
          execute: { env: shims.env, timeoutMs: 60_000 },
        },
      );
      if (result.exitCode !== scenario.exitCode) {
        process.stderr.write(`${id}: mock-codex exited ${result.exitCode}\n${result.stderr}\n`);
        failed = true;
        continue;
      }
      const items = result.stdout
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line))
        .filter(
          (event) => event.type === "item.completed" && event.item.type === "command_execution",
        )
        .map((event) => event.item);
      const lines = readFileSync(cassettePath, "utf8").split("\n");
      let next = 0;
      const out = lines.map((line, index) => {
        if (index === 0 || line === "") return line;
        const record = JSON.parse(line);
        if (record.type === "command_result") {
          const item = items[next++];
          if (item === undefined) throw new Error(`${id}: more results than commands ran`);
          const { output_file: _file, aggregated_output: _output, ...rest } = record;
          return JSON.stringify({
            ...rest,
            exit_code: item.exit_code,
            aggregated_output: item.aggregated_output,
          }).replace(
            /^\{"type":"command_result","call_id":("[^"]*"),/,
            '{"type":"command_result","call_id":$1,',
          );
        }
        if (record.type === "model_turn" && Array.isArray(record.blocked)) {
          for (const call of record.blocked) {
            const reason = decideCommand(call.cmd, forbidden);
            if (reason === undefined) throw new Error(`${id}: the guard lets ${call.cmd} run`);
            call.output = `Command blocked by PreToolUse hook: ${reason}. Command: ${call.cmd}`;
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
} finally {
  rmSync(work, { recursive: true, force: true });
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
