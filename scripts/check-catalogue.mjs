#!/usr/bin/env node
/**
 * `npm start`: the catalogue checked as a user's CI checks a repository of skills. Lints the
 * skills, schemas and Codex hooks, checks the generated types and validators are up to date,
 * runs every scenario, and asks `ops-skill doctor` whether each schedule of schedule/workflows/ would
 * really work; then prints one summary. Each step runs the built CLI, so what is
 * checked here is what a user gets. Exit code: the worst of the steps (0, 1 failures, 2 usage).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "packages/cli/bin/run.js");
const lintTargets = ["skills", "schemas", ".codex/hooks.json", ".codex/config.toml"].filter(
  (target) => existsSync(join(root, target)),
);

const steps = [
  { name: "lint", args: ["lint", ...lintTargets] },
  { name: "types", args: ["types", "--check"] },
  { name: "test", args: ["test"] },
  // The catalogue's schedules (schedule/workflows/), as a user's would run them.
  { name: "doctor", args: ["doctor", "schedule/workflows"] },
];

const lastLine = (text) =>
  text
    .trimEnd()
    .split("\n")
    .filter((line) => line.trim() !== "")
    .at(-1) ?? "";

let worst = 0;
let failed = 0;
const lines = [];
for (const step of steps) {
  const run = spawnSync(process.execPath, [cli, ...step.args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: "0" },
    maxBuffer: 256 * 1024 * 1024,
  });
  const code = run.status ?? 2;
  worst = Math.max(worst, code);
  const said = lastLine(run.stdout) || lastLine(run.stderr) || `exit ${code}`;
  const mark = code === 0 ? "✔" : "✖";
  lines.push(`${mark} ${step.name.padEnd(6)} ${said.replace(/^[✔✖]\s*/u, "")}`);
  if (code !== 0) {
    failed++;
    const detail = `${run.stdout}${run.stderr}`.trimEnd().split("\n");
    // The summary line is already shown; the rest says what failed.
    for (const line of detail) if (line.trim() !== said) lines.push(`    ${line}`);
  }
}
process.stdout.write(`${lines.join("\n")}\n`);
process.stdout.write(
  worst === 0
    ? `${"✔"} the catalogue: lint, types, tests and the doctor of its schedules all pass.\n`
    : `${"✖"} the catalogue: ${failed} of ${steps.length} steps failed.\n`,
);
process.exitCode = worst;
