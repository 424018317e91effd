/** The skills of a run linted in shards: on this thread, or on worker threads too for a large run. */
import type { SkillCandidate } from "@ops-skill/core";
import {
  type Concurrency,
  dealShards,
  gatherShards,
  threadsFor,
  WorkerShard,
  workerScript,
} from "../../engine/parallel.js";
import {
  crashedOutcome,
  isLoadedPlugin,
  type ShardContext,
  type ShardSetup,
  type SkillOutcome,
  SkillShard,
} from "../../engine/skill-shard.js";
import type { DeferredLintPlugin, LintPlugin, ProjectSkill, Rule } from "../../rule.js";

/** What of the run's options the shards need. */
export interface ShardOptions {
  rules?: readonly Rule[] | undefined;
  plugins?: readonly (LintPlugin | DeferredLintPlugin)[] | undefined;
  concurrency?: Concurrency | undefined;
  workerScript?: URL | undefined;
}

/**
 * Every skill candidate linted, on this thread or, for a large run, on worker threads too:
 * each shard reads its skills, then lints them knowing every skill Codex would list.
 */
export async function lintSkills(
  candidates: readonly SkillCandidate[],
  setup: ShardSetup,
  local: ShardContext,
  options: ShardOptions,
): Promise<SkillOutcome[]> {
  const threads = threadsFor(candidates.length, options.concurrency);
  const script = threads > 1 ? workerScriptFor(options) : undefined;
  if (script === undefined) {
    const shard = new SkillShard(local, candidates);
    const listed = await shard.read();
    return shard.lint(listed.filter((p): p is ProjectSkill => p !== undefined));
  }
  const plugins = (options.plugins ?? []) as DeferredLintPlugin[];
  const pluginPrefixes = plugins.map((p) => p.rulePrefix);
  const [mine = [], ...theirs] = dealShards(candidates, threads);
  const workers = theirs.map(
    (shard) => new WorkerShard(script, { setup, pluginPrefixes, candidates: shard }),
  );
  return lintInShards([new SkillShard(local, mine), ...workers], [mine, ...theirs]);
}

/**
 * The worker script, when workers can lint this run: they build their rules from the config
 * and a script's plugins, so test rules and plugins handed over as objects stay on this thread.
 */
function workerScriptFor(options: ShardOptions): string | undefined {
  const plugins = options.plugins ?? [];
  const onThisThread =
    options.rules !== undefined ||
    plugins.some(isLoadedPlugin) ||
    (plugins.length > 0 && options.workerScript === undefined);
  return onThisThread ? undefined : workerScript(options.workerScript);
}

/**
 * The shards read, then lint, in step. A worker that dies (an abort, running out of memory) or
 * fails takes no file with it: each file of its shard gets an `internal/crash` finding, and the
 * other shards go on.
 */
async function lintInShards(
  shards: readonly (SkillShard | WorkerShard)[],
  dealt: readonly (readonly SkillCandidate[])[],
): Promise<SkillOutcome[]> {
  const workers = shards.slice(1) as WorkerShard[];
  const failed = new Map<number, unknown>();
  const settle = async <T>(s: number, step: () => Promise<T>): Promise<T | undefined> => {
    if (failed.has(s)) return undefined;
    try {
      return await step();
    } catch (error) {
      if (s === 0) throw error;
      failed.set(s, error);
      await workers[s - 1]?.stop().catch(() => undefined);
      return undefined;
    }
  };
  const crashedShard = (s: number) =>
    (dealt[s] ?? []).map((c) => crashedOutcome(c.path, failed.get(s), "a lint worker thread"));
  try {
    // Discovery order, whichever thread read a skill: the listing budget depends on it.
    const read = await Promise.all(shards.map((shard, s) => settle(s, () => shard.read())));
    const listed = gatherShards(read.map((l, s) => l ?? (dealt[s] ?? []).map(() => undefined)));
    const project = listed.filter((p): p is ProjectSkill => p !== undefined);
    const linted = await Promise.all(
      shards.map((shard, s) => settle(s, () => shard.lint(project))),
    );
    return gatherShards(linted.map((o, s) => o ?? crashedShard(s)));
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.stop().catch(() => undefined)));
    throw error;
  }
}
