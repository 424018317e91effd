/**
 * The config domain: what Codex does with a config file. A case holds one config file where
 * Codex reads it: `project/.codex/config.toml` (a trusted project's config), or in `codex-home/`
 * `config.toml` (the user config) or `ci.config.toml` (a profile file, run with `--profile ci`).
 * Codex runs `codex exec --json` once against the local Responses stub, with a fresh
 * `CODEX_HOME` and an empty `HOME`; its exit code, first error lines and warning items are the
 * verdict.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { errorItemMessages, runCodexExec, startResponsesServer } from "@ops-skill/codex";
import {
  type CaseManifest,
  type CorpusCase,
  casesDirOf,
  materializeCase,
  materializeCodexHome,
} from "../lib/corpus.js";
import { type Domain, replacePaths } from "../lib/recorder.js";

export interface ConfigCaseManifest extends CaseManifest {
  /** Extra `codex exec` arguments (`--strict-config`, `--profile NAME`). */
  args?: string[];
  /** With `args`: the rule whose diagnostic stands for the exit 1 the flags cause. */
  flagRule?: string;
}

export type ConfigLayer = "project" | "user" | "profile";

export interface ConfigVerdict {
  case: string;
  description: string;
  layer: ConfigLayer;
  args: string[];
  flagRule?: string;
  exitCode: number | null;
  refused: boolean;
  stderr?: string;
  warnings: string[];
}

/** The profile a `ci.config.toml` case runs with. */
export const PROFILE = "ci";

/** Where the case's config file is, by the folder it sits in. */
export function configLayerOf(caseDir: string): ConfigLayer {
  if (existsSync(join(caseDir, "codex-home", `${PROFILE}.config.toml`))) return "profile";
  if (existsSync(join(caseDir, "codex-home", "config.toml"))) return "user";
  return "project";
}

/** The case's config file, relative to the case folder. */
export function configFileOf(caseDir: string): string {
  const layer = configLayerOf(caseDir);
  if (layer === "profile") return `codex-home/${PROFILE}.config.toml`;
  if (layer === "user") return "codex-home/config.toml";
  return "project/.codex/config.toml";
}

/** The first lines of Codex's own error, without the stdin notice and run-specific paths. */
function refusal(stderr: string, replacements: [string, string][]): string {
  return stderr
    .split("\n")
    .filter((line) => line.trim() && !line.startsWith("Reading additional input"))
    .map((line) => replacePaths(line, replacements))
    .slice(0, 3)
    .join("\n");
}

function validate(corpusCase: CorpusCase<ConfigCaseManifest>): void {
  const { args, flagRule } = corpusCase.manifest;
  if (args !== undefined && !(Array.isArray(args) && args.every((a) => typeof a === "string")))
    throw new Error(`config case ${corpusCase.id}: args must be a list of strings`);
  if (flagRule !== undefined && args === undefined)
    throw new Error(`config case ${corpusCase.id}: flagRule needs args`);
  if (!existsSync(join(corpusCase.dir, configFileOf(corpusCase.dir))))
    throw new Error(
      `config case ${corpusCase.id}: no config file (${configFileOf(corpusCase.dir)})`,
    );
}

export const configDomain: Domain<ConfigCaseManifest, ConfigVerdict> = {
  name: "config",
  validate,
  describe: (verdict) => `exit ${verdict.exitCode}`,
  async record(corpusCase, { bin, runDir }) {
    const layer = configLayerOf(corpusCase.dir);
    const { projectDir: project } = materializeCase(
      corpusCase.id,
      join(runDir, "project"),
      casesDirOf("config"),
      { git: false },
    );
    const codexHome = join(runDir, "codex-home");
    const home = join(runDir, "home");
    mkdirSync(home, { recursive: true });
    materializeCodexHome(corpusCase.dir, codexHome);
    const args = [...(corpusCase.manifest.args ?? [])];
    if (layer === "project") {
      writeFileSync(
        join(codexHome, "config.toml"),
        `[projects.${JSON.stringify(project)}]\ntrust_level = "trusted"\n`,
      );
    } else if (layer === "profile") {
      writeFileSync(join(codexHome, "config.toml"), "");
      if (!args.includes("--profile")) args.push("--profile", PROFILE);
    }
    const server = await startResponsesServer();
    let result: Awaited<ReturnType<typeof runCodexExec>>;
    try {
      result = await runCodexExec({
        bin,
        cwd: project,
        prompt: "Run the probe.",
        serverUrl: server.url,
        extraArgs: args,
        codexHome,
        home,
      });
    } finally {
      await server.close();
    }
    writeFileSync(join(runDir, "exec-stdout.jsonl"), result.stdout);
    writeFileSync(join(runDir, "exec-stderr.txt"), result.stderr);
    const replacements: [string, string][] = [
      [project, "<project>"],
      [codexHome, "<codex-home>"],
      [home, "<home>"],
    ];
    const items = errorItemMessages(result.events)
      .filter((message) => !message.startsWith("Model metadata for"))
      .map((message) => replacePaths(message, replacements));
    return {
      case: corpusCase.id,
      description: corpusCase.manifest.description,
      layer,
      args: corpusCase.manifest.args ?? [],
      ...(corpusCase.manifest.flagRule ? { flagRule: corpusCase.manifest.flagRule } : {}),
      exitCode: result.exitCode,
      refused: result.exitCode === 1,
      ...(result.exitCode === 0 ? {} : { stderr: refusal(result.stderr, replacements) }),
      // Codex prints each warning item twice; once is enough here.
      warnings: [...new Set(items)],
    };
  },
};
