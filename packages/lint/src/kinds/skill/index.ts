/**
 * The skill kind: `SKILL.md` files, found as Codex finds them (`discoverSkills` below the
 * paths given, or the Codex roots of the repository), each read as Codex reads it and linted
 * by the `skill`, `candidate` and `directives` rules. It lints its files its own way: in shards,
 * on worker threads for a large run (`engine/skill-shard.ts`, `engine/parallel.ts`), since the
 * rules comparing skills need every skill read first.
 */
import { basename } from "node:path";
import {
  type DirectoryListings,
  discoverSkills,
  parseSkill,
  type RealDirectories,
  type SkillCandidate,
  type SkillFile,
} from "@ops-skill/core";
import { shownPath } from "../../engine/paths.js";
import { UsageError } from "../../engine/rules.js";
import type { KindRun } from "../../engine/run.js";
import {
  createShardContext,
  type ShardSetup,
  type SkillOutcome,
} from "../../engine/skill-shard.js";
import type { FileKind } from "../../rule.js";
import { lintSkills } from "./shards.js";

export const skillKind: FileKind<SkillFile> = {
  id: "skill",
  matches: (path) => basename(path) === "SKILL.md",
  parse: ({ path, text }) => parseSkill(path, Buffer.from(text, "utf8")),
  label: () => "skill",
  lintAll: async (run) => {
    // Folders discovery lists (and resolves) are not listed (resolved) again for each skill.
    const listings: DirectoryListings = new Map();
    const realDirectories: RealDirectories = new Map();
    const setup = shardSetup(run);
    const local = await createShardContext(setup, run.plugins, {
      ...(run.options.rules ? { rules: run.options.rules } : {}),
      listings,
      realDirectories,
      cache: run.cache,
    });
    const candidates = await candidatesOf(run, listings, realDirectories);
    const outcomes = await lintSkills(candidates, setup, local, run.options);
    for (const outcome of outcomes) fileOutcome(run, outcome);
    // What each scanning plugin kept of every skill, for its `needed` and its kinds.
    local.scanners.forEach((plugin, i) => {
      run.setScans(
        plugin,
        outcomes.flatMap((o) => (o.scans.length > 0 ? [{ path: o.path, data: o.scans[i] }] : [])),
      );
    });
  },
};

/** What a shard needs, on this thread or a worker's. */
function shardSetup(run: KindRun): ShardSetup {
  const fix = run.options.fix ?? false;
  return {
    cwd: run.cwd,
    config: run.config,
    fix,
    ...(fix ? { fixRoots: run.dirs } : {}),
    projectStarts: (run.options.paths ?? []).length === 0 ? [run.cwd] : run.paths,
  };
}

/** The skill candidates of the run that `ignores` keeps (a path given that is not there is a usage error). */
async function candidatesOf(
  run: KindRun,
  listings: DirectoryListings,
  realDirectories: RealDirectories,
): Promise<SkillCandidate[]> {
  if ((run.options.paths ?? []).length > 0 && run.paths.length === 0) return [];
  const discovery = await discoverSkills(run.paths, { cwd: run.cwd, listings, realDirectories });
  const missing = discovery.problems.find((p) => p.given);
  if (missing) throw new UsageError(missing.message);
  const candidates = discovery.candidates.filter((c) => !run.skips(c.path));
  for (const candidate of candidates) run.note(candidate.path, skillNote(candidate, run.cwd));
  return candidates;
}

/** A skill's outcome filed in the run. */
function fileOutcome(run: KindRun, outcome: SkillOutcome): void {
  const result = run.resultFor(outcome.path, outcome.source);
  // One push at a time: spreading a long list into push overflows the call stack.
  for (const d of outcome.diagnostics) result.diagnostics.push(d);
  if (outcome.suppressed.length > 0)
    result.suppressed = [...(result.suppressed ?? []), ...outcome.suppressed];
  result.fixed = outcome.fixed;
  if (outcome.notWritten) run.notWritten(outcome.notWritten);
  if (outcome.fixes > 0) result.fixes = outcome.fixes;
  for (const stack of outcome.crashStacks) run.crashStack(outcome.path, stack);
  run.hide(outcome.hidden);
}

/** What a skill candidate was taken for, for `--debug`. */
function skillNote(candidate: SkillCandidate, cwd: string): string {
  const where = candidate.root ? `below ${shownPath(cwd, candidate.root.path)}` : "given";
  return candidate.miss
    ? `skill file Codex does not discover (${candidate.miss})`
    : `skill (${where})`;
}
