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
import { parseSuite, SUITE_FILE, type SuiteResult } from "./suite.js";

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
 * The skill's `tests/suite.json` (`testsDir` is the skill's `tests/` folder), undefined when
 * there is none. `display` is how problems name the file.
 */
export function readSuite(testsDir: string, display: string): SuiteResult | undefined {
  const read = readRegularText(join(testsDir, SUITE_FILE), { maxBytes: MAX_SCENARIO_FILE_BYTES });
  if (read.ok) return parseSuite(read.text, display);
  if (read.kind === "missing") return undefined;
  return { ok: false, problems: [{ file: display, line: 0, message: problemClause(read) }] };
}

/**
 * The scenario with its skill's suite: the suite's problems are the scenario's (it does not
 * run), and the tools the suite forbids get shims like the scenario's own.
 */
function withSuite(result: ScenarioResult, suite: SuiteResult | undefined): ScenarioResult {
  if (suite === undefined) return result;
  if (!suite.ok) {
    if (result.ok) {
      const { id, skill, name, dir } = result.scenario;
      return { ok: false, id, skill, name, dir, problems: [...suite.problems] };
    }
    return { ...result, problems: [...suite.problems, ...result.problems] };
  }
  if (!result.ok) return result;
  const tools = new Set(result.scenario.tools);
  for (const entry of suite.suite.forbidden) tools.add(entry.argv[0] as string);
  return {
    ok: true,
    scenario: { ...result.scenario, tools: [...tools].sort(), suite: suite.suite },
  };
}

/**
 * Reads the scenario in `dir` (`<skill>/tests/<name>/`) with its skill's suite.json. `display`
 * is how problems name the folder (by default as given).
 */
export function readScenario(
  dir: string,
  display = dir,
  suite: SuiteResult | undefined = readSuite(resolve(dir, ".."), join(display, "..", SUITE_FILE)),
): ScenarioResult {
  const full = resolve(dir);
  const name = full.split(/[\\/]/).at(-1) ?? "";
  const skillDir = resolve(full, "..", "..");
  const skill = skillDir.split(/[\\/]/).at(-1) ?? "";
  return withSuite(
    parseScenario({ skill, name, dir: display, source: diskSource(full, skillDir) }),
    suite,
  );
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

/**
 * Every `<root>/<skill>/tests/<scenario>/` folder: a scenario (hidden folders aside). With
 * several roots (the catalogue's `skills/` and Codex's `.agents/skills/`), a skill name found
 * under an earlier root hides the same name under a later one.
 */
export function discoverScenarios(
  root: string | readonly string[],
  options: DiscoverOptions = {},
): Discovered {
  const roots = (typeof root === "string" ? [root] : root).map((r) => resolve(r));
  const cwd = resolve(options.cwd ?? process.cwd());
  const ids: string[] = [];
  const baseOf = new Map<string, string>();
  for (const base of roots) {
    for (const skill of listDirectories(base)) {
      if (baseOf.has(skill)) continue;
      baseOf.set(skill, base);
      for (const name of listDirectories(join(base, skill, "tests"))) ids.push(`${skill}/${name}`);
    }
  }
  const selection = selectScenarios(ids, options);
  // Each skill's suite.json is read once, for all its scenarios.
  const suites = new Map<string, SuiteResult | undefined>();
  const scenarios = selection.ids.map((id) => {
    const [skill, name] = id.split("/") as [string, string];
    const tests = join(baseOf.get(skill) as string, skill, "tests");
    if (!suites.has(skill)) {
      suites.set(skill, readSuite(tests, relative(cwd, join(tests, SUITE_FILE))));
    }
    const dir = join(tests, name);
    return readScenario(dir, relative(cwd, dir) || ".", suites.get(skill));
  });
  return { total: ids.length, scenarios, unmatchedFilters: selection.unmatchedFilters };
}
