/**
 * The promise, tested: for every case of the corpus, our `codex/` verdict for each SKILL.md
 * (an error from a discovery rule → undiscovered, another `codex/` error → refused, else
 * loaded) equals what the pinned Codex did, recorded in verdicts.json; for loaded skills
 * the name and description Codex listed equal the ones our skill model computes; for refused
 * ones the reason is Codex's own text (YAML syntax errors: the same kind of refusal, since
 * libyaml's wording is not ours).
 */
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readSkill } from "@ops-skill/core";
import { afterAll, describe, expect, it } from "vitest";
import { CODEX_VERSION } from "../../packages/codex/src/version.js";
import { lint } from "../../packages/lint/src/engine/lint.js";
import { candidateSkillFiles, listCases, materializeCase, toPosixRelative } from "../lib/corpus.js";
import type { SkillVerdictRecord, VerdictsFile } from "../lib/verdicts.js";

const here = dirname(fileURLToPath(import.meta.url));
const recorded = JSON.parse(readFileSync(join(here, "verdicts.json"), "utf8")) as VerdictsFile;
const DISCOVERY_RULES = new Set([
  "codex/skill-file-name",
  "codex/hidden-directory",
  "codex/skill-too-deep",
  "codex/skill-file-not-regular",
  "codex/traversal-limit",
]);
const workDir = mkdtempSync(join(tmpdir(), "ops-skill-conformance-"));
// Thousands of folders (the traversal-limit cases): give the removal time on a busy machine.
afterAll(() => rmSync(workDir, { recursive: true, force: true }), 120_000);

interface OurVerdict {
  verdict: SkillVerdictRecord["verdict"];
  reason?: string;
  name?: string;
  description?: string;
}

async function ourVerdicts(caseId: string): Promise<Map<string, OurVerdict>> {
  const project = materializeCase(caseId, join(workDir, caseId));
  const result = await lint({
    cwd: project.cwd,
    config: {
      config: { rules: {}, ignores: [] },
      filepath: undefined,
      baseDir: project.projectDir,
    },
  });
  const verdicts = new Map<string, OurVerdict>();
  for (const file of result.results) {
    if (!/skill\.md$/i.test(file.filePath)) continue;
    const errors = file.diagnostics.filter(
      (d) => d.severity === "error" && d.ruleId.startsWith("codex/"),
    );
    let real: string;
    try {
      real = realpathSync(file.filePath);
    } catch {
      real = file.filePath;
    }
    // A file reachable through a symlinked directory is one skill: keep the first verdict, as Codex lists it once.
    const key = toPosixRelative(
      project.projectDir,
      real.startsWith(project.projectDir) ? real : file.filePath,
    );
    if (verdicts.has(key) && verdicts.get(key)?.verdict === "loaded") continue;
    if (errors.some((d) => DISCOVERY_RULES.has(d.ruleId))) {
      if (!verdicts.has(key)) verdicts.set(key, { verdict: "undiscovered" });
      continue;
    }
    const skill = await readSkill(file.filePath);
    if (errors.length > 0) {
      const reason = skill.codex.status === "refused" ? skill.codex.refusal.reason : undefined;
      verdicts.set(key, { verdict: "refused", reason });
    } else if (skill.codex.status === "loaded") {
      verdicts.set(key, {
        verdict: "loaded",
        name: skill.codex.listing.name,
        description: skill.codex.listing.description,
      });
    } else {
      throw new Error(
        `${key}: Codex model refuses (${skill.codex.refusal.reason}) but no codex/ error was reported`,
      );
    }
  }
  // Candidates no rule saw at all (outside every root Codex scans) are undiscovered.
  for (const file of candidateSkillFiles(project.projectDir))
    if (!verdicts.has(file)) verdicts.set(file, { verdict: "undiscovered" });
  return verdicts;
}

describe(`codex/ verdicts agree with Codex ${recorded.codexVersion}`, () => {
  it("covers the whole recorded corpus", () => {
    expect(recorded.codexVersion).toBe(CODEX_VERSION);
    expect(Object.keys(recorded.cases).sort()).toEqual(
      listCases()
        .map((c) => c.id)
        .sort(),
    );
  });

  it("records that Codex loads every runbook of the catalogue (case `catalogue`)", () => {
    const catalogue = readdirSync(join(here, "..", "..", "skills"), { withFileTypes: true }).filter(
      (e) => e.isDirectory(),
    );
    const verdicts = recorded.cases.catalogue?.skills ?? [];
    expect(verdicts.map((v) => v.file).sort()).toEqual(
      catalogue.map((e) => `.agents/skills/${e.name}/SKILL.md`).sort(),
    );
    expect(verdicts.every((v) => v.verdict === "loaded" && v.listed)).toBe(true);
  });

  for (const { id } of listCases()) {
    it(id, async () => {
      const ours = await ourVerdicts(id);
      const mismatches: string[] = [];
      for (const expected of recorded.cases[id]?.skills ?? []) {
        const actual = ours.get(expected.file) ?? { verdict: "undiscovered" };
        if (actual.verdict !== expected.verdict) {
          mismatches.push(
            `${expected.file}: Codex ${expected.verdict}${expected.reason ? ` (${expected.reason})` : ""}, we say ${actual.verdict}${actual.reason ? ` (${actual.reason})` : ""}`,
          );
          continue;
        }
        if (
          expected.verdict === "refused" &&
          expected.reason &&
          actual.reason !== expected.reason
        ) {
          const bothSyntax =
            expected.reason.startsWith("invalid YAML: ") &&
            actual.reason?.startsWith("invalid YAML: ");
          const serdeShaped =
            /invalid type|duplicate field|expected struct|more than one document|control characters/.test(
              expected.reason,
            );
          if (!bothSyntax || serdeShaped)
            mismatches.push(
              `${expected.file}: reason "${expected.reason}", ours "${actual.reason}"`,
            );
        }
        if (expected.verdict === "loaded") {
          if (expected.listedName !== undefined && actual.name !== expected.listedName) {
            mismatches.push(
              `${expected.file}: listed name ${JSON.stringify(expected.listedName)}, ours ${JSON.stringify(actual.name)}`,
            );
          }
          const listed = expected.listedDescription;
          if (
            listed &&
            actual.description !== listed &&
            !(listed.endsWith("...") && actual.description?.startsWith(listed.slice(0, -3)))
          ) {
            mismatches.push(
              `${expected.file}: listed description ${JSON.stringify(listed.slice(0, 80))}, ours ${JSON.stringify(actual.description?.slice(0, 80))}`,
            );
          }
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});
