/**
 * `ops-skill doctor` with no argument at this repository's root reads the real schedules (the
 * catalogue's `schedule/workflows/`, named by `doctor.schedules`, and what it finds in
 * `.github/workflows/`), never the recorded cases of `conformance/` that its `ignores` drop:
 * the files it would read, from the config the linter reads.
 */
import { readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ignoreMatcher, loadConfig } from "@ops-skill/lint";
import { describe, expect, it } from "vitest";
import { scheduleFiles } from "../src/doctor.js";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

describe("this repository's schedules", () => {
  it("are the catalogue's workflows and .github/workflows, not the conformance cases", async () => {
    const loaded = await loadConfig(repo);
    expect(loaded.filepath).toBe(join(repo, "ops-skill.config.json"));
    const { files, ignoredInputs } = scheduleFiles({
      cwd: repo,
      root: repo,
      isIgnored: await ignoreMatcher(loaded),
      schedules: (loaded.config.doctor?.schedules ?? []).map((path) => join(repo, path)),
    });
    const workflows = (dir: string) => {
      try {
        return readdirSync(join(repo, dir))
          .filter((name) => /\.ya?ml$/.test(name))
          .map((name) => `${dir}/${name}`);
      } catch {
        return [];
      }
    };
    const expected = [...workflows(".github/workflows"), ...workflows("schedule/workflows")];
    expect(expected.length).toBeGreaterThanOrEqual(6);
    expect(files.map((file) => file.slice(repo.length + 1)).sort()).toEqual(expected.sort());
    expect(ignoredInputs).toEqual([]);
  });
});
