/**
 * The mentions domain: which skill names Codex invokes explicitly from a `$name` mention in the
 * prompt. Each case's `project/` holds one probe skill (`.agents/skills/<case-id>/SKILL.md`, its
 * body carrying the marker `MARKER-<case-id>`); all of them go into one shared project (a git
 * repository, as the skills recorder makes them), where every probe skill must load. Then `codex exec` runs once per case with
 * the case's prompt against the local Responses stub, with a fresh CODEX_HOME and an empty HOME.
 * A skill counts as invoked when its marker appears in the `input` of a request Codex sent to the
 * model; the listing (name, description, path) never holds it.
 */
import { realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listSkillsViaAppServer } from "@ops-skill/codex";
import {
  type CaseManifest,
  type CorpusCase,
  casesDirOf,
  compareStrings,
  materializeCase,
} from "../lib/corpus.js";
import type { Domain } from "../lib/recorder.js";
import { execAgainstStub } from "../lib/stub-exec.js";

export interface MentionsCaseManifest extends CaseManifest {
  /** The probe skill's `name`. */
  name: string;
  /** The prompt, with the `$name` mention. */
  prompt: string;
}

export interface MentionVerdict {
  name: string;
  prompt: string;
  /** The mentioned skill's marker was in a request. */
  invoked: boolean;
  /** Names of other probe skills whose markers were there too. */
  injectedOthers: string[];
}

interface SharedProject {
  cwd: string;
  cases: CorpusCase<MentionsCaseManifest>[];
}

export const markerOf = (caseId: string): string => `MARKER-${caseId}`;

/** Case ids whose marker is in the `input` of any request. */
function markersInRequests(requests: readonly unknown[], caseIds: readonly string[]): Set<string> {
  const found = new Set<string>();
  for (const request of requests) {
    const text = JSON.stringify((request as { input?: unknown } | null)?.input ?? null);
    for (const id of caseIds) {
      // The marker is followed by a space in the body; this keeps `MARKER-x` from matching `MARKER-x-y`.
      if (text.includes(`${markerOf(id)} `)) found.add(id);
    }
  }
  return found;
}

function validate(corpusCase: CorpusCase<MentionsCaseManifest>): void {
  const { name, prompt } = corpusCase.manifest;
  if (typeof name !== "string" || typeof prompt !== "string")
    throw new Error(`mentions case ${corpusCase.id}: needs a name and a prompt`);
}

export const mentionsDomain: Domain<MentionsCaseManifest, MentionVerdict> = {
  name: "mentions",
  concurrency: 3,
  validate,
  describe: (verdict) =>
    `${verdict.invoked ? "invoked" : "not invoked"} ${JSON.stringify(verdict.prompt)}${
      verdict.injectedOthers.length > 0 ? ` (+ ${verdict.injectedOthers.join(", ")})` : ""
    }`,
  async prepare(cases, { bin, runDir }) {
    const projectDir = join(runDir, "project");
    cases.forEach((corpusCase, index) => {
      materializeCase(corpusCase.id, projectDir, casesDirOf("mentions"), {
        empty: index === 0,
        git: index === 0 ? "init" : false,
      });
    });
    const cwd = realpathSync(projectDir);
    // Every probe skill must load, or a missing invocation would mean nothing.
    const listed = await listSkillsViaAppServer({
      bin,
      cwd,
      codexHome: join(runDir, "app-server-codex-home"),
      home: join(runDir, "app-server-home"),
    });
    writeFileSync(join(runDir, "skills-list.json"), `${JSON.stringify(listed, null, 2)}\n`);
    const loaded = new Set(listed.skills.map((skill) => skill.name));
    const notLoaded = cases.filter((c) => !loaded.has(c.manifest.name));
    if (notLoaded.length > 0) {
      throw new Error(
        `Codex did not load: ${notLoaded.map((c) => JSON.stringify(c.manifest.name)).join(", ")}\n` +
          JSON.stringify(listed.errors, null, 2),
      );
    }
    return { cwd, cases } satisfies SharedProject;
  },
  async record(corpusCase, { bin, runDir, shared }) {
    const { cwd, cases } = shared as SharedProject;
    const { prompt } = corpusCase.manifest;
    const { result, requests } = await execAgainstStub({ bin, runDir, cwd, prompt });
    if (result.exitCode !== 0 || result.timedOut || requests.length === 0) {
      throw new Error(
        `${JSON.stringify(prompt)}: codex exec exited ${result.exitCode} ` +
          `(timed out: ${result.timedOut}, requests: ${requests.length})\n${result.stderr}`,
      );
    }
    const found = markersInRequests(
      requests,
      cases.map((c) => c.id),
    );
    return {
      name: corpusCase.manifest.name,
      prompt,
      invoked: found.has(corpusCase.id),
      injectedOthers: cases
        .filter((c) => c.id !== corpusCase.id && found.has(c.id))
        .map((c) => c.manifest.name)
        .sort(compareStrings),
    };
  },
};
