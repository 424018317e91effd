/**
 * A hooks case set up as its recording set it up, for tests that run its hooks without Codex:
 * the project, `$CODEX_HOME/config.toml` (project trust, the case's `userConfig`, the
 * `trusted_hash` of each hook `hooks/list` reported for `trust: "hash"`) and an empty `HOME`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { casesDirOf, materializeCase } from "../lib/corpus.js";
import { caseUserConfig, type HooksCaseManifest } from "./record.js";

const here = dirname(fileURLToPath(import.meta.url));

export interface Verdict {
  exitCode: number;
  blocked: boolean;
  probeOutput: string | null;
  hooks?: { key: string; currentHash: string }[];
}
export const verdicts = JSON.parse(readFileSync(join(here, "verdicts.json"), "utf8")) as {
  cases: Record<string, Verdict>;
};

const scratch = mkdtempSync(join(tmpdir(), "hooks-case-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The case's project, `$CODEX_HOME` and empty `HOME`, set up as the recording set them up. */
export function setUp(id: string) {
  const root = join(scratch, id);
  const { projectDir: project, manifest } = materializeCase<HooksCaseManifest>(
    id,
    join(root, "project"),
    casesDirOf("hooks"),
    { git: false },
  );
  const codexHome = join(root, "codex-home");
  const home = join(root, "home");
  mkdirSync(codexHome, { recursive: true });
  mkdirSync(home, { recursive: true });
  const verdict = verdicts.cases[id] as Verdict;
  const trusted = (manifest.trust ?? "hash") === "hash" ? (verdict.hooks ?? []) : [];
  const withProject = trusted.map((hook) => ({
    key: hook.key.split("<project>").join(project),
    currentHash: hook.currentHash,
  }));
  writeFileSync(join(codexHome, "config.toml"), caseUserConfig(manifest, project, withProject));
  const unplace = (text: string) =>
    text.split("<project>").join(project).split("<codex-home>").join(codexHome);
  return { root, project, codexHome, home, manifest, verdict, unplace };
}
