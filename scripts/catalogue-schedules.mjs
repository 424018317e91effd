#!/usr/bin/env node
// (Re)writes the catalogue's schedules, schedule/workflows/<skill>.yml: for each skill of
// skills/, the scheduled GitHub Actions workflow create-ops-skill writes for a scaffold
// (the same renderer), with the skill's own schedule (tests/suite.json `schedule`: cron and
// profile), the prompt and report schema its cassettes record, its first scenario's inputs and
// the tools its template declares.
// `ops-skill doctor schedule/workflows` (part of `npm start`) checks each would really work;
// copy one into .github/workflows/ to run it.
//
// Usage: node scripts/catalogue-schedules.mjs [--check]
//   --check  write nothing; exit 1 and name each file that is out of date.
// Needs the packages built (`npm run build`). Deterministic: the same files give the same bytes.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { scheduledWorkflow, TEMPLATE_INFO } from "create-ops-skill";
import { parse as parseJsonc } from "jsonc-parser";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const check = process.argv.includes("--check");
if (process.argv.slice(2).some((arg) => arg !== "--check")) {
  process.stderr.write("usage: node scripts/catalogue-schedules.mjs [--check]\n");
  process.exit(2);
}

const stale = [];
const skillsDir = join(root, "skills");
const outDir = join(root, "schedule/workflows");
const wanted = new Set();
for (const skill of readdirSync(skillsDir).sort()) {
  const tests = join(skillsDir, skill, "tests");
  const suitePath = join(tests, "suite.json");
  if (!existsSync(suitePath)) continue;
  const suite = parseJsonc(readFileSync(suitePath, "utf8"));
  if (!suite?.schedule?.cron) continue;
  const scenarios = readdirSync(tests)
    .filter((name) => existsSync(join(tests, name, "cassette.jsonl")))
    .sort();
  const first = scenarios[0];
  if (first === undefined) continue;
  const header = JSON.parse(
    readFileSync(join(tests, first, "cassette.jsonl"), "utf8").split("\n")[0],
  );
  const args = header.invocation.args;
  const schemaPath = args[args.indexOf("--output-schema") + 1];
  const scenario = parseJsonc(readFileSync(join(tests, first, "scenario.json"), "utf8"));
  const text = scheduledWorkflow({
    name: skill,
    cron: suite.schedule.cron,
    profile: suite.schedule.profile,
    sandbox: undefined,
    prompt: header.invocation.prompt,
    schemaPath,
    exampleEnv: scenario.env ?? {},
    // The tools its template declares: those the runner image lacks get a setup step.
    tools: TEMPLATE_INFO[skill]?.tools ?? [],
  });
  const path = join(outDir, `${skill}.yml`);
  wanted.add(path);
  const before = existsSync(path) ? readFileSync(path, "utf8") : undefined;
  if (before === text) continue;
  stale.push(relative(root, path));
  if (!check) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path, text);
  }
}
for (const name of existsSync(outDir) ? readdirSync(outDir) : [])
  if (!wanted.has(join(outDir, name)))
    stale.push(`${relative(root, join(outDir, name))} (no skill of that name)`);

if (check && stale.length > 0) {
  process.stderr.write(
    `out of date (run node scripts/catalogue-schedules.mjs):\n${stale.map((f) => `  ${f}\n`).join("")}`,
  );
  process.exit(1);
}
process.stdout.write(
  stale.length === 0
    ? "schedules up to date\n"
    : `${check ? "would write" : "wrote"} ${stale.join(", ")}\n`,
);
