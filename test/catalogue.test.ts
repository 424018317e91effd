/**
 * The catalogue's guardrails and recordings agree with each other:
 *
 * - every command block of the catalogue's procedures runs past the guard hook, and every
 *   command a skill's tests forbid (`tests/suite.json`) is blocked by it;
 * - `.codex/hooks/forbidden.json` lists, for each skill, what its suite forbids;
 * - each cassette's command results are what the commands really print against the
 *   scenario's recorded tools, its blocked calls are blocked by the guard trusted as
 *   `schedule/trust.json` trusts it, and its input hashes are current
 *   (`scripts/record-catalogue.mjs --check`, which runs on the built packages).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decideCommand, readForbidden } from "../.codex/hooks/guard.cjs";

const ROOT = join(import.meta.dirname, "..");
const listText = readFileSync(join(ROOT, ".codex/hooks/forbidden.json"), "utf8");
const list = JSON.parse(listText) as Record<string, (string | string[])[]>;
const forbidden = readForbidden(listText);
const words = (entry: string | string[]) =>
  typeof entry === "string" ? entry.split(/\s+/).filter((w) => w !== "") : entry;

interface Suite {
  forbidden?: (string | string[])[];
}
const suites = readdirSync(join(ROOT, "skills"))
  .filter((skill) => existsSync(join(ROOT, "skills", skill, "tests", "suite.json")))
  .map((skill) => ({
    skill,
    suite: JSON.parse(
      readFileSync(join(ROOT, "skills", skill, "tests", "suite.json"), "utf8"),
    ) as Suite,
  }));

/** The bash blocks of a SKILL.md, as the model runs them (list indentation removed). */
function bashBlocks(skill: string): string[] {
  const text = readFileSync(join(ROOT, "skills", skill, "SKILL.md"), "utf8");
  return [...text.matchAll(/^( *)```bash\n([\s\S]*?)^ *```$/gm)].map(([, indent, body]) =>
    (body as string)
      .split("\n")
      .map((line) =>
        line.startsWith(indent as string) ? line.slice((indent as string).length) : line,
      )
      .join("\n"),
  );
}

describe("the guard and the catalogue", () => {
  it("has a suite to compare for the skills it guards", () => {
    expect(suites.map((s) => s.skill)).toEqual(
      expect.arrayContaining(["cert-check", "drift-check", "k8s-health"]),
    );
  });

  for (const { skill, suite } of suites) {
    it(`${skill}: forbidden.json lists what the suite forbids`, () => {
      expect((list[skill] ?? []).map(words)).toEqual((suite.forbidden ?? []).map(words));
    });

    it(`${skill}: the guard blocks every command the suite forbids`, () => {
      for (const entry of suite.forbidden ?? []) {
        const command = words(entry).join(" ");
        expect(decideCommand(command, forbidden), command).toMatch(/^the read-only guard blocks/);
      }
    });

    it(`${skill}: the guard lets every block of the procedure run`, () => {
      const blocks = bashBlocks(skill);
      expect(blocks.length).toBeGreaterThan(0);
      for (const block of blocks) expect(decideCommand(block, forbidden), block).toBeUndefined();
    });
  }
});

describe("the catalogue's cassettes", () => {
  it("are what the commands print, blocked where the trusted guard blocks, with current hashes", () => {
    const run = spawnSync(
      process.execPath,
      [join(ROOT, "scripts/record-catalogue.mjs"), "--check"],
      {
        cwd: ROOT,
        encoding: "utf8",
        timeout: 120_000,
      },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("hashes up to date\n");
  }, 150_000);
});

describe("the catalogue's schedules", () => {
  it("are the workflows create-ops-skill writes for each skill's own schedule", () => {
    const run = spawnSync(
      process.execPath,
      [join(ROOT, "scripts/catalogue-schedules.mjs"), "--check"],
      { cwd: ROOT, encoding: "utf8", timeout: 60_000 },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("schedules up to date\n");
  }, 90_000);
});
