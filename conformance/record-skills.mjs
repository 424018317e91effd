#!/usr/bin/env node
// Records what the pinned Codex does with every case of the skills conformance corpus and
// writes conformance/skills/verdicts.json.
//
//   node conformance/record-skills.mjs             re-record every case
//   node conformance/record-skills.mjs ID ...      re-record these cases, keep the others
//   node conformance/record-skills.mjs --check     re-record and fail if verdicts.json differs
//
// Each case is copied to .cache/runs/conformance/<id>/project, then Codex runs there twice:
// `codex exec --json` against the local Responses stub (the model-visible list, stderr refusals,
// warning items) and `codex app-server` `skills/list` (every loaded skill, listed or not).

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Codex names a file by the path it walked; symlinked directories make several for one file. */
function realPathOrSelf(path) {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const verdictsPath = join(repoRoot, "conformance", "skills", "verdicts.json");
const CONCURRENCY = 3;

function compile(tsconfig) {
  const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-p", tsconfig], { cwd: repoRoot, stdio: "inherit" });
}

async function loadModules() {
  // Both are compiled every time (a second or two) so a stale dist/ never records old logic.
  const codexEntry = join(repoRoot, "packages", "codex", "dist", "index.js");
  compile("packages/codex/tsconfig.json");
  compile("conformance/tsconfig.json");
  const libDir = join(repoRoot, ".cache", "conformance-lib");
  const [codex, corpus, verdicts] = await Promise.all([
    import(pathToFileURL(codexEntry).href),
    import(pathToFileURL(join(libDir, "corpus.js")).href),
    import(pathToFileURL(join(libDir, "verdicts.js")).href),
  ]);
  return { codex, corpus, verdicts };
}

/** The repository's formatter has the last word on layout, so `biome check` stays clean. */
function formatLikeTheRepository(path, text) {
  const biome = join(repoRoot, "node_modules", ".bin", "biome");
  return execFileSync(biome, ["format", `--stdin-file-path=${path}`], {
    cwd: repoRoot,
    input: text,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
}

async function observeCase({ codex, corpus, verdicts }, bin, corpusCase) {
  const runDir = join(repoRoot, ".cache", "runs", "conformance", corpusCase.id);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const materialized = corpus.materializeCase(corpusCase.id, join(runDir, "project"));
  const projectDir = realpathSync(materialized.projectDir);
  const cwd = realpathSync(materialized.cwd);
  const candidates = corpus.candidateSkillFiles(projectDir);

  const skillsList = await codex.listSkillsViaAppServer({
    bin,
    cwd,
    codexHome: join(runDir, "app-server-codex-home"),
    home: join(runDir, "app-server-home"),
  });

  const server = await codex.startResponsesServer();
  let result;
  try {
    result = await codex.runCodexExec({
      bin,
      cwd,
      prompt: "List the skills you can use.",
      serverUrl: server.url,
      codexHome: join(runDir, "exec-codex-home"),
      home: join(runDir, "exec-home"),
    });
  } finally {
    await server.close();
  }
  if (result.exitCode !== 0 || result.timedOut || server.requests.length === 0) {
    throw new Error(
      `case ${corpusCase.id}: codex exec exited ${result.exitCode} (timed out: ${result.timedOut}, ` +
        `requests: ${server.requests.length})\n${result.stderr}`,
    );
  }

  // Raw artifacts stay in the run folder for whoever wants to look closer.
  writeFileSync(join(runDir, "request-0.json"), `${JSON.stringify(server.requests[0], null, 2)}\n`);
  writeFileSync(join(runDir, "exec-stdout.jsonl"), result.stdout);
  writeFileSync(join(runDir, "exec-stderr.txt"), result.stderr);
  writeFileSync(join(runDir, "skills-list.json"), `${JSON.stringify(skillsList, null, 2)}\n`);

  const observation = {
    projectDir,
    candidates,
    listed: codex
      .parseListedSkills(server.requests[0], {
        knownNames: skillsList.skills.map((skill) => skill.name),
      })
      .map((entry) => ({ ...entry, file: realPathOrSelf(entry.file), listedPath: entry.file })),
    failures: codex
      .parseSkillLoadFailures(result.stderr)
      .map((failure) => ({ ...failure, path: realPathOrSelf(failure.path) })),
    loadedPaths: skillsList.skills.map((skill) => realPathOrSelf(skill.path)),
    warnings: codex.errorItemMessages(result.events),
    traversalRoots: codex.parseTraversalLimitHits(result.stderr).map((hit) => hit.root),
  };
  const disagreements = verdicts.channelDisagreements(observation);
  if (disagreements.length > 0) {
    throw new Error(
      `case ${corpusCase.id}: exec and skills/list disagree:\n${disagreements.join("\n")}`,
    );
  }
  return verdicts.buildCaseVerdicts(observation);
}

async function runPool(items, worker) {
  const results = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index]);
    }
  });
  await Promise.all(lanes);
  return results;
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes("--check");
  const only = args.filter((arg) => !arg.startsWith("--"));

  const modules = await loadModules();
  const { codex, corpus, verdicts } = modules;
  const bin = await codex.ensureCodex({ repoRoot });
  const allCases = corpus.listCases();
  const unknown = only.filter((id) => !allCases.some((corpusCase) => corpusCase.id === id));
  if (unknown.length > 0) throw new Error(`no such case: ${unknown.join(", ")}`);
  const cases = only.length > 0 ? allCases.filter((c) => only.includes(c.id)) : allCases;

  const previous = existsSync(verdictsPath)
    ? JSON.parse(readFileSync(verdictsPath, "utf8"))
    : undefined;
  const recorded = {};
  if (only.length > 0 && previous?.codexVersion === codex.CODEX_VERSION) {
    for (const corpusCase of allCases) {
      if (previous.cases?.[corpusCase.id]) recorded[corpusCase.id] = previous.cases[corpusCase.id];
    }
  }

  const results = await runPool(cases, async (corpusCase) => {
    const caseVerdicts = await observeCase(modules, bin, corpusCase);
    const counts = caseVerdicts.skills.map((skill) => skill.verdict[0]).join("");
    process.stderr.write(`recorded ${corpusCase.id} [${counts}]\n`);
    return [corpusCase.id, caseVerdicts];
  });
  for (const [id, caseVerdicts] of results) recorded[id] = caseVerdicts;

  const text = formatLikeTheRepository(
    verdictsPath,
    verdicts.stableStringify({ codexVersion: codex.CODEX_VERSION, cases: recorded }),
  );
  if (check) {
    const current = existsSync(verdictsPath) ? readFileSync(verdictsPath, "utf8") : "";
    if (current !== text) {
      process.stderr.write("conformance/skills/verdicts.json is out of date; re-record it.\n");
      process.exitCode = 1;
    } else {
      process.stderr.write("conformance/skills/verdicts.json is up to date.\n");
    }
    return;
  }
  writeFileSync(verdictsPath, text);
  process.stderr.write(`wrote ${verdictsPath} (${Object.keys(recorded).length} cases)\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
