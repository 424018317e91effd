/**
 * The doctor's environment check against the real Codex's recorded behaviour
 * (`node conformance/record.mjs auth`): it says the run's key works exactly when the recorded
 * run sent a key of the case (or the provider needs none) and Codex did not stop.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { CODEX_VERSION } from "../../packages/codex/src/version.js";
import { environmentCheck } from "../../packages/doctor/src/checks/environment.js";
import type { Invocation } from "../../packages/doctor/src/model.js";
import { invocationOf } from "../../packages/doctor/test/invocation.js";
import { listCases } from "../lib/corpus.js";
import type { AuthCaseManifest, AuthVerdict } from "./record.js";

const here = dirname(fileURLToPath(import.meta.url));
const verdicts = JSON.parse(readFileSync(join(here, "verdicts.json"), "utf8")) as {
  codexVersion: string;
  cases: Record<string, AuthVerdict>;
};
const scratch = mkdtempSync(join(tmpdir(), "ops-skill-auth-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The case as a workflow step: its variables passed from secrets (an empty one as `""`). */
function runOf(id: string, manifest: AuthCaseManifest): Invocation {
  const at = { file: join(here, "cases", id, "case.json"), line: 1, column: 1 };
  const config =
    manifest.provider === "custom"
      ? [
          'model_provider="corp"',
          `model_providers.corp={name="corp",base_url="http://127.0.0.1:9/v1"${manifest.envKey === undefined ? "" : `,env_key="${manifest.envKey}"`}}`,
        ]
      : [];
  let codexHome: string | undefined;
  if (manifest.login !== undefined) {
    codexHome = join(scratch, id);
    mkdirSync(codexHome, { recursive: true });
    writeFileSync(join(codexHome, "auth.json"), '{\n  "auth_mode": "apikey"\n}\n');
  }
  return invocationOf({
    command: ["exec", "--skip-git-repo-check", ...config.flatMap((c) => ["-c", c]), "Say ok."],
    start: scratch,
    file: at.file,
    kind: "workflow",
    name: id,
    env: Object.entries(manifest.env).map(([name, value]) =>
      value === ""
        ? { name, source: "empty" as const, location: at }
        : { name, source: "secret" as const, secret: name, location: at },
    ),
    ...(codexHome === undefined ? {} : { codexHome }),
  });
}

describe(`the API key codex exec sends, Codex ${verdicts.codexVersion}`, () => {
  const cases = listCases<AuthCaseManifest>(join(here, "cases"));

  it("has a verdict of the pinned Codex for every case", () => {
    expect(verdicts.codexVersion).toBe(CODEX_VERSION);
    expect(cases.length).toBeGreaterThanOrEqual(10);
    expect(Object.keys(verdicts.cases)).toEqual(cases.map((c) => c.id));
  });

  it("never sends OPENAI_API_KEY with the default provider", () => {
    for (const verdict of Object.values(verdicts.cases)) {
      if (verdict.provider === "openai") expect(verdict.sent).not.toContain("OPENAI_API_KEY");
    }
  });

  for (const { id, manifest } of cases) {
    const recorded = verdicts.cases[id] as AuthVerdict;
    const needsKey = !(manifest.provider === "custom" && manifest.envKey === undefined);
    const keySent = recorded.sent.some((sent) => sent !== null && sent !== "other");
    const works = recorded.exitCode === 0 && (!needsKey || keySent);
    it(`${id}: the run ${works ? "has" : "lacks"} its key, and the doctor agrees`, () => {
      const [key] = environmentCheck(runOf(id, manifest), {
        root: scratch,
        settings: {},
        env: {},
      });
      expect(key?.status, key?.reason).toBe(works ? "works" : "breaks");
    });
  }
});
