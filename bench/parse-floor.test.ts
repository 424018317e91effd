import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { generateSkills } from "./generate-skills.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const temp = mkdtempSync(join(tmpdir(), "ops-skill-floor-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("parse-floor.mjs", () => {
  it("reads every file and parses every SKILL.md of a generated corpus", () => {
    const dir = join(temp, "skills");
    generateSkills({ count: 12, dir, seed: "floor-test" });
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) =>
      e.isFile(),
    ).length;
    const run = spawnSync(process.execPath, [join(here, "parse-floor.mjs"), dir], {
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    const seen = JSON.parse(run.stdout) as { skills: number; files: number; workMs: number };
    expect(seen).toMatchObject({ skills: 12, files });
    expect(seen.workMs).toBeGreaterThan(0);
  });

  it("exits 2 with its usage when no folder is given", () => {
    const run = spawnSync(process.execPath, [join(here, "parse-floor.mjs")], { encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/usage: node bench\/parse-floor\.mjs DIR/);
  });
});
