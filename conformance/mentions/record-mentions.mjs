#!/usr/bin/env node
// Records which skill names the pinned Codex invokes explicitly from a `$name` mention in the
// prompt, and writes conformance/mentions/verdicts.json.
//
//   node conformance/mentions/record-mentions.mjs           re-record every case
//   node conformance/mentions/record-mentions.mjs --check   re-record, fail if verdicts.json differs
//
// One project (.cache/runs/mentions/project, with an empty `.git/`) holds one skill per probed
// name under `.agents/skills/<dir>/SKILL.md`; each body carries a unique marker `MARKER-<dir>`.
// For every prompt, `codex exec` runs once against the local Responses stub with a fresh
// CODEX_HOME and an empty HOME. A skill counts as invoked when its marker appears in the `input`
// of a request Codex sent to the model; the listing (name, description, path) never holds it.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = dirname(dirname(here));
const verdictsPath = join(here, "verdicts.json");
const runsRoot = join(repoRoot, ".cache", "runs", "mentions");
const CONCURRENCY = 3;

/** Probed skills: `dir` is the folder (and marker suffix), `name` the frontmatter `name`. */
const SKILLS = [
  { dir: "drift-check", name: "drift-check" },
  { dir: "Drift_Check2", name: "Drift_Check2" },
  { dir: "team-colon-drift", name: "team:drift" },
  { dir: "drift-dot-check", name: "drift.check" },
  { dir: "drift-space-check", name: "drift check" },
  { dir: "derive-accent", name: "dérive" },
  { dir: "path-lower", name: "path" },
  { dir: "path-upper", name: "PATH" },
  { dir: "tool-slash-x", name: "tool/x" },
];

/** One run per name with `Run $<name> now.`; the space case is the same text (`$drift check`). */
const CASES = SKILLS.map((skill) => ({ name: skill.name, prompt: `Run $${skill.name} now.` }));

const markerOf = (dir) => `MARKER-${dir}`;

function skillFile(skill) {
  // Double-quoted YAML scalars are JSON strings, so every name round-trips exactly.
  return [
    "---",
    `name: ${JSON.stringify(skill.name)}`,
    `description: ${JSON.stringify(`Probe skill for the mention of ${skill.name}.`)}`,
    "---",
    "",
    `# Probe`,
    "",
    `${markerOf(skill.dir)} is this skill's body marker.`,
    "",
  ].join("\n");
}

function materializeProject(projectDir) {
  rmSync(projectDir, { recursive: true, force: true });
  mkdirSync(join(projectDir, ".git"), { recursive: true });
  for (const skill of SKILLS) {
    const dir = join(projectDir, ".agents", "skills", skill.dir);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "SKILL.md"), skillFile(skill));
  }
  return realpathSync(projectDir);
}

function compile(tsconfig) {
  const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-p", tsconfig], { cwd: repoRoot, stdio: "inherit" });
}

async function loadCodex() {
  compile("packages/codex/tsconfig.json");
  return import(pathToFileURL(join(repoRoot, "packages", "codex", "dist", "index.js")).href);
}

function formatLikeTheRepository(path, text) {
  const biome = join(repoRoot, "node_modules", ".bin", "biome");
  return execFileSync(biome, ["format", `--stdin-file-path=${path}`], {
    cwd: repoRoot,
    input: text,
    encoding: "utf8",
  });
}

/** Markers (by skill dir) found in the `input` of every request Codex sent. */
function markersInRequests(requests) {
  const found = new Set();
  for (const request of requests) {
    const text = JSON.stringify(request?.input ?? null);
    for (const skill of SKILLS) {
      // The marker is followed by a space in the body; this keeps `MARKER-x` from matching `MARKER-x-y`.
      if (text.includes(`${markerOf(skill.dir)} `)) found.add(skill.dir);
    }
  }
  return found;
}

const caseSlug = (index) => `case-${String(index).padStart(2, "0")}`;

async function observeCase(codex, bin, cwd, testCase, index) {
  const runDir = join(runsRoot, caseSlug(index));
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const server = await codex.startResponsesServer();
  let result;
  try {
    result = await codex.runCodexExec({
      bin,
      cwd,
      prompt: testCase.prompt,
      serverUrl: server.url,
      codexHome: join(runDir, "codex-home"),
      home: join(runDir, "home"),
    });
  } finally {
    await server.close();
  }
  writeFileSync(join(runDir, "prompt.txt"), `${testCase.prompt}\n`);
  writeFileSync(join(runDir, "requests.json"), `${JSON.stringify(server.requests, null, 2)}\n`);
  writeFileSync(join(runDir, "exec-stdout.jsonl"), result.stdout);
  writeFileSync(join(runDir, "exec-stderr.txt"), result.stderr);
  if (result.exitCode !== 0 || result.timedOut || server.requests.length === 0) {
    throw new Error(
      `${JSON.stringify(testCase.prompt)}: codex exec exited ${result.exitCode} ` +
        `(timed out: ${result.timedOut}, requests: ${server.requests.length})\n${result.stderr}`,
    );
  }
  const own = SKILLS.find((skill) => skill.name === testCase.name);
  const found = markersInRequests(server.requests);
  return {
    name: testCase.name,
    prompt: testCase.prompt,
    invoked: found.has(own.dir),
    injectedOthers: SKILLS.filter((skill) => skill !== own && found.has(skill.dir))
      .map((skill) => skill.name)
      .sort(),
  };
}

async function runPool(items, worker) {
  const results = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index], index);
    }
  });
  await Promise.all(lanes);
  return results;
}

const compareStrings = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

async function main() {
  const check = process.argv.includes("--check");
  const codex = await loadCodex();
  const bin = await codex.ensureCodex({ repoRoot });
  const cwd = materializeProject(join(runsRoot, "project"));

  // Every probed skill must load, or a missing invocation would mean nothing.
  const listed = await codex.listSkillsViaAppServer({
    bin,
    cwd,
    codexHome: join(runsRoot, "app-server-codex-home"),
    home: join(runsRoot, "app-server-home"),
  });
  writeFileSync(join(runsRoot, "skills-list.json"), `${JSON.stringify(listed, null, 2)}\n`);
  const loadedNames = new Set(listed.skills.map((skill) => skill.name));
  const notLoaded = SKILLS.filter((skill) => !loadedNames.has(skill.name));
  if (notLoaded.length > 0) {
    throw new Error(
      `Codex did not load: ${notLoaded.map((s) => JSON.stringify(s.name)).join(", ")}\n` +
        JSON.stringify(listed.errors, null, 2),
    );
  }

  const cases = await runPool(CASES, async (testCase, index) => {
    const verdict = await observeCase(codex, bin, cwd, testCase, index);
    process.stderr.write(
      `${verdict.invoked ? "invoked    " : "not invoked"} ${JSON.stringify(verdict.prompt)}` +
        `${verdict.injectedOthers.length > 0 ? ` (+ ${verdict.injectedOthers.join(", ")})` : ""}\n`,
    );
    return verdict;
  });
  cases.sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.prompt, b.prompt));

  const text = formatLikeTheRepository(
    verdictsPath,
    `${JSON.stringify({ codexVersion: codex.CODEX_VERSION, cases }, null, 2)}\n`,
  );
  if (check) {
    const current = existsSync(verdictsPath) ? readFileSync(verdictsPath, "utf8") : "";
    if (current !== text) {
      process.stderr.write("conformance/mentions/verdicts.json is out of date; re-record it.\n");
      process.exitCode = 1;
    } else {
      process.stderr.write("conformance/mentions/verdicts.json is up to date.\n");
    }
    return;
  }
  writeFileSync(verdictsPath, text);
  process.stderr.write(`wrote ${verdictsPath} (${cases.length} cases)\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
