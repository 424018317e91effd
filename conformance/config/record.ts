/**
 * The config domain: what Codex does with a config file. A case holds one config file where
 * Codex reads it: `project/.codex/config.toml` (a trusted project's config), or in `codex-home/`
 * `config.toml` (the user config) or `ci.config.toml` (a profile file, run with `--profile ci`).
 * A case may hold the project's hooks file instead (`project/.codex/hooks.json`, `file`), or say
 * what stands at the path instead of a file git can carry (`special`: a FIFO, a folder, a link to
 * `/dev/null`, a link to itself; or `unreadable`, the case's file with no permissions, which Codex
 * then reads as uid 65534 when the recorder runs as root).
 * Codex runs `codex exec --json` once against the local Responses stub, with a fresh
 * `CODEX_HOME` and an empty `HOME`; its exit code, first error lines and warning items are the
 * verdict.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { errorItemMessages, runCodexExec, startResponsesServer } from "@ops-skill/codex";
import {
  type CaseManifest,
  type CorpusCase,
  casesDirOf,
  materializeCase,
  materializeCodexHome,
} from "../lib/corpus.js";
import { type Domain, replacePaths } from "../lib/recorder.js";

export type ConfigLayer = "project" | "user" | "profile";

/** What stands at the case's path instead of a file git stores as it is. */
export type ConfigSpecial = "fifo" | "directory" | "dev-null" | "symlink-loop" | "unreadable";

const SPECIALS: readonly ConfigSpecial[] = [
  "fifo",
  "directory",
  "dev-null",
  "symlink-loop",
  "unreadable",
];

export interface ConfigCaseManifest extends CaseManifest {
  /** Extra `codex exec` arguments (`--strict-config`, `--profile NAME`). */
  args?: string[];
  /** With `args`: the rule whose diagnostic stands for the exit 1 the flags cause. */
  flagRule?: string;
  /** `hooks.json`: the case is the project's `.codex/hooks.json`, not its `config.toml`. */
  file?: "hooks.json";
  /**
   * What stands at the path: a `fifo`, a `directory`, a link to `/dev/null` (`dev-null`), a link
   * to itself (`symlink-loop`), all made at run time with no file in the case; or `unreadable`,
   * the case's file with no permissions, read by an unprivileged Codex.
   */
  special?: ConfigSpecial;
  /** Where the file goes when the case holds none (a `special` other than `unreadable`). */
  layer?: ConfigLayer;
}

export interface ConfigVerdict {
  case: string;
  description: string;
  layer: ConfigLayer;
  args: string[];
  flagRule?: string;
  file?: "hooks.json";
  special?: ConfigSpecial;
  exitCode: number | null;
  refused: boolean;
  stderr?: string;
  warnings: string[];
}

/** The profile a `ci.config.toml` case runs with. */
export const PROFILE = "ci";

/** The user Codex runs as for an `unreadable` case when the recorder is root. */
export const UNPRIVILEGED_UID = 65534;

/** Whether the case holds no file: what stands at its path is made at run time. */
export function isMadeAtRunTime(manifest: ConfigCaseManifest): boolean {
  return manifest.special !== undefined && manifest.special !== "unreadable";
}

/** Where the case's config file is: by the folder it sits in, or its `layer` when it has none. */
export function configLayerOf(caseDir: string, manifest: ConfigCaseManifest): ConfigLayer {
  if (manifest.layer !== undefined) return manifest.layer;
  if (existsSync(join(caseDir, "codex-home", `${PROFILE}.config.toml`))) return "profile";
  if (existsSync(join(caseDir, "codex-home", "config.toml"))) return "user";
  return "project";
}

/** The case's config (or hooks) file, relative to the case folder. */
export function configFileOf(caseDir: string, manifest: ConfigCaseManifest): string {
  const layer = configLayerOf(caseDir, manifest);
  if (layer === "profile") return `codex-home/${PROFILE}.config.toml`;
  if (layer === "user") return "codex-home/config.toml";
  return `project/.codex/${manifest.file ?? "config.toml"}`;
}

/**
 * Puts what the case's `special` says at `path` (made at run time: git stores no FIFO, empty
 * folder or permissions); the case's own file is already there for `unreadable`.
 */
export function placeSpecialFile(special: ConfigSpecial | undefined, path: string): void {
  switch (special) {
    case undefined:
      return;
    case "fifo":
      execFileSync("mkfifo", [path]);
      return;
    case "directory":
      mkdirSync(path);
      return;
    case "dev-null":
      symlinkSync("/dev/null", path);
      return;
    case "symlink-loop":
      symlinkSync(basename(path), path);
      return;
    case "unreadable":
      chmodSync(path, 0o000);
      return;
  }
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
  const { manifest, dir, id } = corpusCase;
  const { args, flagRule, file, special, layer } = manifest;
  if (args !== undefined && !(Array.isArray(args) && args.every((a) => typeof a === "string")))
    throw new Error(`config case ${id}: args must be a list of strings`);
  if (flagRule !== undefined && args === undefined)
    throw new Error(`config case ${id}: flagRule needs args`);
  if (file !== undefined && file !== "hooks.json")
    throw new Error(`config case ${id}: file must be "hooks.json"`);
  if (special !== undefined && !SPECIALS.includes(special))
    throw new Error(`config case ${id}: unknown special "${special}"`);
  if (layer !== undefined && !isMadeAtRunTime(manifest))
    throw new Error(`config case ${id}: layer is for a special made at run time`);
  if (file !== undefined && configLayerOf(dir, manifest) !== "project")
    throw new Error(`config case ${id}: a hooks.json case is the project's`);
  const path = configFileOf(dir, manifest);
  if (isMadeAtRunTime(manifest)) {
    if (existsSync(join(dir, path)))
      throw new Error(`config case ${id}: ${path} is made at run time (special "${special}")`);
  } else if (!existsSync(join(dir, path))) {
    throw new Error(`config case ${id}: no config file (${path})`);
  }
}

export const configDomain: Domain<ConfigCaseManifest, ConfigVerdict> = {
  name: "config",
  validate,
  describe: (verdict) => `exit ${verdict.exitCode}`,
  async record(corpusCase, { bin, runDir }) {
    const { manifest } = corpusCase;
    const layer = configLayerOf(corpusCase.dir, manifest);
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
    const target = join(
      layer === "project" ? project : codexHome,
      configFileOf(corpusCase.dir, manifest).replace(/^(project|codex-home)\//, ""),
    );
    if (isMadeAtRunTime(manifest)) mkdirSync(dirname(target), { recursive: true });
    const unprivileged = manifest.special === "unreadable";
    // An unprivileged Codex writes in its home and reads the project.
    if (unprivileged) execFileSync("chmod", ["-R", "a+rwX", runDir]);
    placeSpecialFile(manifest.special, target);
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
        ...(unprivileged ? { unprivilegedUid: UNPRIVILEGED_UID } : {}),
        // A FIFO Codex opened would block the run: it is stopped after this long.
        ...(manifest.special === "fifo" ? { timeoutMs: 20_000 } : {}),
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
      ...(manifest.file ? { file: manifest.file } : {}),
      ...(manifest.special ? { special: manifest.special } : {}),
      exitCode: result.exitCode,
      refused: result.exitCode === 1,
      ...(result.exitCode === 0 ? {} : { stderr: refusal(result.stderr, replacements) }),
      // Codex prints each warning item twice; once is enough here.
      warnings: [...new Set(items)],
    };
  },
};
