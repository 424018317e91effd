/**
 * The disk side of the scenario model: reads a scenario folder through core's one reader and
 * hands it to `parseScenario`; finds every scenario under a skills root
 * (`<root>/<skill>/tests/<scenario>/`), then filters and shards them before any is read.
 */
import { readdirSync, realpathSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { isInside, problemClause, readRegularText } from "@ops-skill/core";
import {
  parseScenario,
  type ScenarioResult,
  type ScenarioSource,
  type SourceRead,
} from "./scenario.js";
import { type Shard, selectScenarios } from "./select.js";

/** What a scenario file may weigh (the recorded outputs go to side files, which are not read). */
export const MAX_SCENARIO_FILE_BYTES = 16 * 1024 * 1024;

function diskSource(dir: string, skillDir: string): ScenarioSource {
  let realDir: string | undefined;
  // Inside the folder by its path and, through symbolic links, by where it really is: a side
  // file linked to /etc/shadow is not the scenario's to print.
  const inside = (path: string): string | undefined => {
    const full = resolve(dir, path);
    if (!isInside(dir, full)) return undefined;
    let real: string;
    try {
      real = realpathSync(full);
    } catch {
      return full; // missing: the reader says so
    }
    realDir ??= realpathSync(dir);
    return isInside(realDir, real) ? full : undefined;
  };
  return {
    read(path): SourceRead {
      const full = inside(path);
      if (full === undefined) return { ok: false, missing: false, problem: "outside the scenario" };
      const read = readRegularText(full, { maxBytes: MAX_SCENARIO_FILE_BYTES });
      if (read.ok) return { ok: true, text: read.text };
      return { ok: false, missing: read.kind === "missing", problem: problemClause(read) };
    },
    checkFile(path) {
      const full = inside(path);
      if (full === undefined) return "is outside the scenario folder";
      try {
        const stat = statSync(full, { throwIfNoEntry: false });
        if (stat === undefined) return "does not exist";
        return stat.isFile() ? undefined : "is not a regular file";
      } catch (error) {
        return `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`;
      }
    },
    skillExists: statSync(join(skillDir, "SKILL.md"), { throwIfNoEntry: false })?.isFile() ?? false,
  };
}

/**
 * Reads the scenario in `dir` (`<skill>/tests/<name>/`). `display` is how problems name the
 * folder (by default as given).
 */
export function readScenario(dir: string, display = dir): ScenarioResult {
  const full = resolve(dir);
  const name = full.split(/[\\/]/).at(-1) ?? "";
  const skillDir = resolve(full, "..", "..");
  const skill = skillDir.split(/[\\/]/).at(-1) ?? "";
  return parseScenario({ skill, name, dir: display, source: diskSource(full, skillDir) });
}

function listDirectories(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

export interface DiscoverOptions {
  filter?: readonly string[];
  shard?: Shard;
  /** Problems name files relative to this folder (default: the current directory). */
  cwd?: string;
}

export interface Discovered {
  /** Every scenario found under the root, before filtering. */
  total: number;
  /** The scenarios of this run, loaded (each on its own: a bad one does not stop the others). */
  scenarios: ScenarioResult[];
  unmatchedFilters: string[];
}

/** Every `<root>/<skill>/tests/<scenario>/` folder: a scenario (hidden folders aside). */
export function discoverScenarios(root: string, options: DiscoverOptions = {}): Discovered {
  const base = resolve(root);
  const cwd = resolve(options.cwd ?? process.cwd());
  const ids: string[] = [];
  for (const skill of listDirectories(base)) {
    for (const name of listDirectories(join(base, skill, "tests"))) ids.push(`${skill}/${name}`);
  }
  const selection = selectScenarios(ids, options);
  const scenarios = selection.ids.map((id) => {
    const [skill, name] = id.split("/") as [string, string];
    const dir = join(base, skill, "tests", name);
    return readScenario(dir, relative(cwd, dir) || ".");
  });
  return { total: ids.length, scenarios, unmatchedFilters: selection.unmatchedFilters };
}
