/**
 * The checks as ESLint keeps its rules: each id of CHECK_IDS has its file in src/checks/, is
 * registered, has a test beside it and a docs page, and docs/doctor.md lists it; nothing else.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CHECKS } from "../src/checks/index.js";
import { CHECK_IDS, CHECK_QUESTIONS } from "../src/model.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const CHECKS_DIR = join(ROOT, "packages/doctor/src/checks");
// The schedule check is the readers' own: what cannot be read breaks it (src/schedules/).
const JUDGED = CHECK_IDS.filter((id) => id !== "schedule");

describe("the doctor's checks", () => {
  it("each is registered, with its file and a test beside it", () => {
    expect(Object.keys(CHECKS).sort()).toEqual([...JUDGED].sort());
    for (const id of JUDGED) {
      expect(existsSync(join(CHECKS_DIR, `${id}.ts`)), id).toBe(true);
      expect(existsSync(join(CHECKS_DIR, `${id}.test.ts`)), id).toBe(true);
    }
    const files = readdirSync(CHECKS_DIR).filter(
      (f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.startsWith("_"),
    );
    expect(files.sort()).toEqual([...JUDGED.map((id) => `${id}.ts`), "index.ts"].sort());
  });

  it("each has a docs page, listed in docs/doctor.md with its question", () => {
    const index = readFileSync(join(ROOT, "docs/doctor.md"), "utf8");
    for (const id of CHECK_IDS) {
      expect(existsSync(join(ROOT, "docs/doctor", `${id}.md`)), id).toBe(true);
      expect(index, id).toContain(`| [${id}](doctor/${id}.md) | ${CHECK_QUESTIONS[id]} |`);
    }
    expect(readdirSync(join(ROOT, "docs/doctor")).sort()).toEqual(
      CHECK_IDS.map((id) => `${id}.md`).sort(),
    );
  });
});
