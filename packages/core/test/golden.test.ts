import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkGoldens } from "../src/golden.js";

const scratch = mkdtempSync(join(tmpdir(), "ops-skill-golden-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("checkGoldens", () => {
  it("says which goldens match, differ, are missing or claimed by no output, and writes none", async () => {
    const dir = mkdtempSync(join(scratch, "check-"));
    writeFileSync(join(dir, "a.txt.golden"), "A\n");
    writeFileSync(join(dir, "b.txt.golden"), "old\n");
    writeFileSync(join(dir, "stale.txt.golden"), "S\n");
    const actual = new Map([
      ["a.txt", "A\n"],
      ["b.txt", "new\n"],
      ["c/d.txt", "D\n"],
    ]);
    const report = await checkGoldens(dir, actual, {
      update: false,
      suffix: ".golden",
      orphans: true,
    });
    expect(report.verdicts).toEqual([
      { name: "a.txt", status: "same" },
      { name: "b.txt", status: "differs", expected: "old\n" },
      { name: "c/d.txt", status: "missing" },
      { name: "stale.txt", status: "orphan" },
    ]);
    expect(report.changed).toEqual([]);
    expect(readFileSync(join(dir, "b.txt.golden"), "utf8")).toBe("old\n");
    expect(existsSync(join(dir, "c", "d.txt.golden"))).toBe(false);
  });

  it("with update, writes what differs or is missing and removes orphans; then all match", async () => {
    const dir = mkdtempSync(join(scratch, "update-"));
    writeFileSync(join(dir, "b.txt.golden"), "old\n");
    writeFileSync(join(dir, "stale.txt.golden"), "S\n");
    const actual = new Map([
      ["b.txt", "new\n"],
      ["c/d.txt", "D\n"],
    ]);
    const options = { suffix: ".golden", orphans: true };
    const updated = await checkGoldens(dir, actual, { ...options, update: true });
    expect(updated.changed).toEqual(["b.txt", "c/d.txt", "stale.txt"]);
    expect(updated.failures).toEqual([]);
    expect(existsSync(join(dir, "stale.txt.golden"))).toBe(false);
    const again = await checkGoldens(dir, actual, { ...options, update: false });
    expect(again.verdicts.map((v) => v.status)).toEqual(["same", "same"]);
  });
});
