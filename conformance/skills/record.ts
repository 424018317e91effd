/**
 * The skills domain: each case's project is copied and made a git repository (a project root
 * for Codex, whose git lookups then stop there, wherever the runs folder is), then Codex runs there twice: `codex exec --json` against the local Responses stub (the
 * model-visible list, stderr refusals, warning items) and `codex app-server` `skills/list` (every
 * loaded skill, listed or not). The two channels must agree; `lib/verdicts.ts` turns what they
 * saw into one verdict per candidate `SKILL.md`.
 */
import { realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  errorItemMessages,
  listSkillsViaAppServer,
  parseListedSkills,
  parseSkillLoadFailures,
  parseTraversalLimitHits,
  runCodexExec,
  startResponsesServer,
} from "@ops-skill/codex";
import {
  type CaseManifest,
  candidateSkillFiles,
  casesDirOf,
  materializeCase,
} from "../lib/corpus.js";
import type { Domain } from "../lib/recorder.js";
import {
  buildCaseVerdicts,
  type CaseVerdicts,
  channelDisagreements,
  sortKeys,
} from "../lib/verdicts.js";

/** Codex names a file by the path it walked; symlinked directories make several for one file. */
function realPathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export const skillsDomain: Domain<CaseManifest, CaseVerdicts> = {
  name: "skills",
  concurrency: 3,
  describe: (verdicts) => `[${verdicts.skills.map((skill) => skill.verdict[0]).join("")}]`,
  async record(corpusCase, { bin, runDir }) {
    const materialized = materializeCase(
      corpusCase.id,
      join(runDir, "project"),
      casesDirOf("skills"),
      { git: "init" },
    );
    const projectDir = realpathSync(materialized.projectDir);
    const cwd = realpathSync(materialized.cwd);
    const candidates = candidateSkillFiles(projectDir);

    const skillsList = await listSkillsViaAppServer({
      bin,
      cwd,
      codexHome: join(runDir, "app-server-codex-home"),
      home: join(runDir, "app-server-home"),
    });
    const server = await startResponsesServer();
    let result: Awaited<ReturnType<typeof runCodexExec>>;
    try {
      result = await runCodexExec({
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

    // Raw evidence stays in the run folder for whoever wants to look closer.
    writeFileSync(
      join(runDir, "request-0.json"),
      `${JSON.stringify(server.requests[0], null, 2)}\n`,
    );
    writeFileSync(join(runDir, "exec-stdout.jsonl"), result.stdout);
    writeFileSync(join(runDir, "exec-stderr.txt"), result.stderr);
    writeFileSync(join(runDir, "skills-list.json"), `${JSON.stringify(skillsList, null, 2)}\n`);

    const observation = {
      projectDir,
      candidates,
      listed: parseListedSkills(server.requests[0], {
        knownNames: skillsList.skills.map((skill) => skill.name),
      }).map((entry) => ({ ...entry, file: realPathOrSelf(entry.file), listedPath: entry.file })),
      failures: parseSkillLoadFailures(result.stderr).map((failure) => ({
        ...failure,
        path: realPathOrSelf(failure.path),
      })),
      loadedPaths: skillsList.skills.map((skill) => realPathOrSelf(skill.path)),
      warnings: errorItemMessages(result.events),
      traversalRoots: parseTraversalLimitHits(result.stderr).map((hit) => hit.root),
    };
    const disagreements = channelDisagreements(observation);
    if (disagreements.length > 0) {
      throw new Error(
        `case ${corpusCase.id}: exec and skills/list disagree:\n${disagreements.join("\n")}`,
      );
    }
    return sortKeys(buildCaseVerdicts(observation)) as CaseVerdicts;
  },
};
