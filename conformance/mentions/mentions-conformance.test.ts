/**
 * `codex/name-not-invocable` against the real Codex's recorded behaviour
 * (`node conformance/mentions/record-mentions.mjs`): the rule warns exactly for the names a
 * `$name` mention did not invoke.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { lint } from "../../packages/lint/src/engine/lint.js";
import rule from "../../packages/lint/src/rules/codex/name-not-invocable.js";

const here = dirname(fileURLToPath(import.meta.url));
const verdicts = JSON.parse(readFileSync(join(here, "verdicts.json"), "utf8")) as {
  codexVersion: string;
  cases: { name: string; invoked: boolean }[];
};
const scratch = mkdtempSync(join(tmpdir(), "ops-skill-mentions-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe(`$name mentions in Codex ${verdicts.codexVersion}`, () => {
  it("has cases", () => expect(verdicts.cases.length).toBeGreaterThan(5));
  verdicts.cases.forEach(({ name, invoked }, index) => {
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
