/**
 * `codex/name-not-invocable` against the real Codex's recorded behaviour
 * (`node conformance/record.mjs mentions`): the rule warns exactly for the names a `$name`
 * mention did not invoke.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { CODEX_VERSION } from "../../packages/codex/src/version.js";
import { lint } from "../../packages/lint/src/engine/lint.js";
import rule from "../../packages/lint/src/rules/codex/name-not-invocable.js";
import { listCases } from "../lib/corpus.js";
import type { MentionsCaseManifest, MentionVerdict } from "./record.js";

const here = dirname(fileURLToPath(import.meta.url));
const verdicts = JSON.parse(readFileSync(join(here, "verdicts.json"), "utf8")) as {
  codexVersion: string;
  cases: Record<string, MentionVerdict>;
};
const scratch = mkdtempSync(join(tmpdir(), "ops-skill-mentions-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe(`$name mentions in Codex ${verdicts.codexVersion}`, () => {
  it("has a verdict of the pinned Codex for every case", () => {
    expect(verdicts.codexVersion).toBe(CODEX_VERSION);
    const cases = listCases<MentionsCaseManifest>(join(here, "cases"));
    expect(cases.length).toBeGreaterThan(5);
    expect(Object.keys(verdicts.cases)).toEqual(cases.map((c) => c.id));
    for (const { id, manifest } of cases) {
      expect(verdicts.cases[id]).toMatchObject({ name: manifest.name, prompt: manifest.prompt });
      expect(manifest.prompt).toContain(`$${manifest.name}`);
    }
  });
  Object.values(verdicts.cases).forEach(({ name, invoked }, index) => {
    it(`${JSON.stringify(name)}: Codex ${invoked ? "invokes" : "does not invoke"} it, and the rule agrees`, async () => {
      const dir = join(scratch, `case-${index}`, ".agents", "skills", `skill-${index}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, "SKILL.md"),
        `---\nname: ${JSON.stringify(name)}\ndescription: Probe.\n---\n`,
      );
      const result = await lint({
        paths: [dir],
        cwd: scratch,
        rules: [rule],
        config: { config: { rules: {}, ignores: [] }, filepath: undefined, baseDir: scratch },
      });
      const warned = result.results.some((r) =>
        r.diagnostics.some((d) => d.ruleId === "codex/name-not-invocable"),
      );
      expect(warned).toBe(!invoked);
    });
  });
});
