/**
 * Our config verdicts against the real Codex's, as recorded in verdicts.json by
 * `node conformance/record.mjs config` (no Codex needed here). Codex refuses to start (exit 1)
 * exactly when we report an error from a rule whose errors mean that: the `config/` rules and
 * `hooks/config-shape`. For a case run with extra flags (`--strict-config`, `--profile`), the
 * case's `flagRule` answers for the flag: its diagnostic, at any severity, stands for exit 1.
 */
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { CODEX_VERSION } from "../../packages/codex/src/version.js";
import { lint } from "../../packages/lint/src/engine/lint.js";
import { listCases } from "../lib/corpus.js";
import { type ConfigVerdict, configFileOf, configLayerOf } from "./record.js";

const here = dirname(fileURLToPath(import.meta.url));
const verdicts = JSON.parse(await readFile(join(here, "verdicts.json"), "utf8")) as {
  codexVersion: string;
  cases: Record<string, ConfigVerdict>;
};

const refusalRule = (ruleId: string) =>
  ruleId.startsWith("config/") || ruleId === "hooks/config-shape";

const scratch = await mkdtemp(join(tmpdir(), "ops-skill-config-conformance-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** The case's folder copied as is: the project, with its `codex-home/` beside `.codex/`. */
async function lintCase(verdict: ConfigVerdict) {
  const caseDir = join(here, "cases", verdict.case);
  const root = join(scratch, verdict.case);
  for (const [folder, to] of [
    ["project", root],
    ["codex-home", join(root, "codex-home")],
  ] as const) {
    if (existsSync(join(caseDir, folder))) await cp(join(caseDir, folder), to, { recursive: true });
  }
  expect(configLayerOf(caseDir)).toBe(verdict.layer);
  const path = join(root, configFileOf(caseDir).replace(/^project\//, ""));
  const result = await lint({
    paths: [path],
    cwd: root,
    config: {
      config: {
        rules: { "hooks/untrusted": ["info", { codexHome: "no-codex-home" }] },
        ignores: [],
      },
      filepath: undefined,
      baseDir: root,
    },
  });
  return result.results.flatMap((r) => r.diagnostics);
}

describe(`config conformance with Codex ${verdicts.codexVersion}`, () => {
  const cases = Object.values(verdicts.cases);
  it("has a verdict of the pinned Codex for every case", () => {
    expect(verdicts.codexVersion).toBe(CODEX_VERSION);
    expect(Object.keys(verdicts.cases)).toEqual(listCases(join(here, "cases")).map((c) => c.id));
  });
  for (const verdict of cases) {
    it(`${verdict.case}: Codex ${verdict.refused ? "refuses it" : "loads it"}`, async () => {
      const diagnostics = await lintCase(verdict);
      const errors = diagnostics.filter((d) => d.severity === "error" && refusalRule(d.ruleId));
      const flagged =
        verdict.flagRule !== undefined && diagnostics.some((d) => d.ruleId === verdict.flagRule);
      const shown = diagnostics.map(
        (d) => `${d.severity} ${d.ruleId} ${d.line}:${d.column} ${d.message}`,
      );
      expect(errors.length > 0 || flagged, shown.join("\n")).toBe(verdict.refused);
      // Where Codex points at an unknown key, we point too.
      const at = /config\.toml:(\d+):(\d+): unknown configuration field/.exec(verdict.stderr ?? "");
      if (at) expect(shown.join("\n")).toContain(`config/unknown-key ${at[1]}:${at[2]} `);
      if (verdict.warnings.some((w) => w.includes("unrecognized configuration setting")))
        expect(shown.join("\n")).toMatch(/config\/unknown-key/);
      if (
        verdict.warnings.some((w) => w.startsWith("Ignored unsupported project-local config keys"))
      )
        expect(shown.join("\n")).toMatch(/config\/project-ignored-key/);
    });
  }
});
