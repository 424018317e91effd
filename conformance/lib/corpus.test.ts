import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CODEX_VERSION } from "../../packages/codex/src/version.js";
import { candidateSkillFiles, defaultCasesDir, listCases, materializeCase } from "./corpus.js";
import type { VerdictsFile } from "./verdicts.js";

const scratch = mkdtempSync(join(tmpdir(), "ops-skill-corpus-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("listCases", () => {
  const cases = listCases();

  it("finds at least 50 cases, sorted, each with a description", () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    const ids = cases.map((corpusCase) => corpusCase.id);
    expect(ids).toEqual([...ids].sort());
    for (const corpusCase of cases)
      expect(corpusCase.manifest.description.length).toBeGreaterThan(10);
  });
});

describe("materializeCase", () => {
  it("copies bytes exactly and keeps symlinks as symlinks", () => {
    const project = materializeCase("symlinked-directory", join(scratch, "symlinked")).projectDir;
    const link = join(project, ".agents/skills/linked-outside");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe("../../shared/real-skill");
    expect(lstatSync(join(project, ".git")).isDirectory()).toBe(true);

    const crlf = materializeCase("line-endings-crlf", join(scratch, "crlf")).projectDir;
    const original = readFileSync(
      join(defaultCasesDir(), "line-endings-crlf/project/.agents/skills/crlf/SKILL.md"),
    );
    const copied = readFileSync(join(crlf, ".agents/skills/crlf/SKILL.md"));
    expect(copied.equals(original)).toBe(true);
    expect(copied.includes("\r\n")).toBe(true);
  });

  it("applies generate steps and creates the cwd", () => {
    const fifo = materializeCase("fifo-skill-md", join(scratch, "fifo")).projectDir;
    expect(lstatSync(join(fifo, ".agents/skills/pipe/SKILL.md")).isFIFO()).toBe(true);

    const nested = materializeCase("cwd-nested-git-file", join(scratch, "nested"));
    expect(nested.cwd).toBe(join(nested.projectDir, "nested/work"));
    expect(existsSync(nested.cwd)).toBe(true);
    expect(readFileSync(join(nested.projectDir, "nested/.git"), "utf8")).toMatch(/^gitdir: /);
  });

  it("empties the destination first", () => {
    const destination = join(scratch, "reused");
    materializeCase("listing-budget", destination);
    materializeCase("valid-minimal", destination);
    expect(candidateSkillFiles(destination)).toEqual([".agents/skills/minimal/SKILL.md"]);
  });
});

describe("candidateSkillFiles", () => {
  it("matches the name case-insensitively, in hidden folders and for non-files", () => {
    const names = materializeCase("file-name-case", join(scratch, "names")).projectDir;
    expect(candidateSkillFiles(names)).toEqual([
      ".agents/skills/lower/skill.md",
      ".agents/skills/title/Skill.md",
      ".agents/skills/upper-extension/SKILL.MD",
    ]);
    const hidden = materializeCase("hidden-directories", join(scratch, "hidden")).projectDir;
    expect(candidateSkillFiles(hidden)).toContain(".agents/skills/.hidden/SKILL.md");
    const directory = materializeCase("directory-named-skill-md", join(scratch, "dir")).projectDir;
    expect(candidateSkillFiles(directory)).toEqual([".agents/skills/odd/SKILL.md"]);
  });
});

describe("conformance/skills/verdicts.json", () => {
  const verdicts = JSON.parse(
    readFileSync(join(defaultCasesDir(), "..", "verdicts.json"), "utf8"),
  ) as VerdictsFile;

  it("was recorded with the pinned Codex", () => {
    expect(verdicts.codexVersion).toBe(CODEX_VERSION);
  });

  it("has a verdict for every candidate of every case (re-record after changing a case)", () => {
    const cases = listCases();
    expect(Object.keys(verdicts.cases).sort()).toEqual(cases.map((corpusCase) => corpusCase.id));
    for (const corpusCase of cases) {
      const project = materializeCase(
        corpusCase.id,
        join(scratch, `check-${corpusCase.id}`),
      ).projectDir;
      const recorded = new Set(verdicts.cases[corpusCase.id]?.skills.map((skill) => skill.file));
      for (const candidate of candidateSkillFiles(project)) {
        expect(recorded.has(candidate), `${corpusCase.id}: ${candidate}`).toBe(true);
      }
      rmSync(project, { recursive: true, force: true });
    }
  });
});
