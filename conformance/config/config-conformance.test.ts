/**
 * Our config verdicts against the real Codex's, as recorded in verdicts.json by
 * `node conformance/record.mjs config` (no Codex needed here). Codex refuses to start (exit 1)
 * exactly when we report an error from a rule whose errors mean that: the `config/` rules and
 * `hooks/config-shape`. For a case run with extra flags (`--strict-config`, `--profile`), the
 * case's `flagRule` answers for the flag: its diagnostic, at any severity, stands for exit 1.
 * A `hooks.json` case never refuses: Codex skips the file (with an error item, or without a
 * word when it is no regular file), and `hooks/config-shape` reports exactly that. A case whose
 * file Codex could not read for permissions is linted by the built CLI as uid 65534 (as root)
 * or as the user running the tests.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { CODEX_VERSION } from "../../packages/codex/src/version.js";
import { lint } from "../../packages/lint/src/engine/lint.js";
import { listCases } from "../lib/corpus.js";
import {
  type ConfigCaseManifest,
  type ConfigVerdict,
  configFileOf,
  configLayerOf,
  placeSpecialFile,
  UNPRIVILEGED_UID,
} from "./record.js";

const here = dirname(fileURLToPath(import.meta.url));
const verdicts = JSON.parse(await readFile(join(here, "verdicts.json"), "utf8")) as {
  codexVersion: string;
  cases: Record<string, ConfigVerdict>;
};
const manifests = new Map(
  listCases<ConfigCaseManifest>(join(here, "cases")).map((c) => [c.id, c.manifest]),
);

const refusalRule = (ruleId: string) =>
  ruleId.startsWith("config/") || ruleId === "hooks/config-shape";

const scratch = await mkdtemp(join(tmpdir(), "ops-skill-config-conformance-"));
afterAll(async () => {
  execFileSync("chmod", ["-R", "u+rwX", scratch]);
  await rm(scratch, { recursive: true, force: true });
});

interface Finding {
  severity: string;
  ruleId: string;
  line: number;
  column: number;
  message: string;
}

/**
 * The case's folder copied as is: the project, with its `codex-home/` beside `.codex/`; then
 * what its `special` says at the file's path, as the recorder does.
 */
async function lintCase(verdict: ConfigVerdict): Promise<Finding[]> {
  const caseDir = join(here, "cases", verdict.case);
  const manifest = manifests.get(verdict.case);
  if (manifest === undefined) throw new Error(`no case ${verdict.case}`);
  const root = join(scratch, verdict.case);
  await mkdir(root, { recursive: true });
  for (const [folder, to] of [
    ["project", root],
    ["codex-home", join(root, "codex-home")],
  ] as const) {
    if (existsSync(join(caseDir, folder))) await cp(join(caseDir, folder), to, { recursive: true });
  }
  expect(configLayerOf(caseDir, manifest)).toBe(verdict.layer);
  expect(manifest.special).toBe(verdict.special);
  expect(manifest.file).toBe(verdict.file);
  const path = join(root, configFileOf(caseDir, manifest).replace(/^project\//, ""));
  await mkdir(dirname(path), { recursive: true });
  placeSpecialFile(manifest.special, path);
  if (manifest.special === "unreadable") return lintUnprivileged(root, path);
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

const cli = join(here, "..", "..", "packages", "cli", "bin", "run.js");

/** The built CLI's findings for `path`, as a user the permission bits stop. */
function lintUnprivileged(root: string, path: string): Finding[] {
  const args = [cli, "lint", path, "--format", "json"];
  const asRoot = process.getuid?.() === 0;
  // The temporary folder is the user's alone: the other user must reach the case in it (and
  // have a home of its own, or the case's `.codex/` would be taken for its Codex home).
  if (asRoot) execFileSync("chmod", ["755", scratch]);
  const uid = String(UNPRIVILEGED_UID);
  const child = asRoot
    ? spawnSync(
        "setpriv",
        [`--reuid=${uid}`, `--regid=${uid}`, "--clear-groups", process.execPath, ...args],
        { cwd: root, encoding: "utf8", env: { ...process.env, HOME: join(root, "home") } },
      )
    : spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  const results = JSON.parse(child.stdout) as {
    messages: { ruleId: string; severity: number; line: number; column: number; message: string }[];
  }[];
  return results.flatMap((r) =>
    r.messages.map((m) => ({ ...m, severity: m.severity === 2 ? "error" : "warning" })),
  );
}

describe(`config conformance with Codex ${verdicts.codexVersion}`, () => {
  const cases = Object.values(verdicts.cases);
  it("has a verdict of the pinned Codex for every case", () => {
    expect(verdicts.codexVersion).toBe(CODEX_VERSION);
    expect(Object.keys(verdicts.cases)).toEqual([...manifests.keys()]);
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
      if (verdict.file === "hooks.json") {
        // Never a refusal: a skipped file, with an error item or, for no regular file, silently.
        expect(
          errors.some((d) => d.ruleId.startsWith("config/")),
          shown.join("\n"),
        ).toBe(false);
        const skipped =
          (verdict.special !== undefined && verdict.special !== "unreadable") ||
          verdict.warnings.some((w) => /^failed to (parse|read) hooks config /.test(w));
        expect(
          errors.some((d) => d.ruleId === "hooks/config-shape"),
          shown.join("\n"),
        ).toBe(skipped);
        return;
      }
      expect(errors.length > 0 || flagged, shown.join("\n")).toBe(verdict.refused);
      // Where Codex stops at its nesting limit (a `nesting-` case: the verdict keeps the first
      // lines of its error, not the "cannot recurse further" under the caret), we point at the
      // same bracket.
      const parseError = /TOML parse error at line (\d+), column (\d+)/.exec(verdict.stderr ?? "");
      if (parseError && verdict.case.startsWith("nesting-"))
        expect(shown.join("\n")).toContain(`config/toml-syntax ${parseError[1]}:${parseError[2]} `);
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
