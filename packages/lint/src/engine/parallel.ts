/**
 * Linting skills on several threads. Every skill is independent but for the rules that
 * compare skills, so the candidates are dealt into shards, one per thread (the main thread
 * keeps one): each shard reads its skills, the main thread gathers what Codex would list of
 * all of them, and each shard then lints its own. Workers run the same `SkillShard` code.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { Worker } from "node:worker_threads";
import type { SkillCandidate } from "@ops-skill/core";
import type { ProjectSkill } from "../rule.js";
import type { ShardSetup, SkillOutcome } from "./skill-shard.js";

/** `--concurrency`: a number of threads, `auto`, or `off` (one thread). */
export type Concurrency = number | "auto" | "off";

/** Below this many skills per thread a worker's start-up costs more than it saves. */
const MIN_SKILLS_PER_THREAD = 150;
const MAX_THREADS = 4;

/**
 * How many threads (the main one included) lint `skills` skills. A thread linting skills keeps
 * more than one CPU busy (V8's garbage collector and compiler threads run beside it), so `auto`
 * takes one thread per two CPUs: on a 2-CPU machine two threads took as long as one (6.1 s for
 * 6,943 public skills either way), as did two processes of half the skills each.
 */
export function threadsFor(skills: number, requested: Concurrency = "auto"): number {
  if (requested === "off") return 1;
  const most =
    requested === "auto"
      ? Math.min(Math.floor(availableParallelism() / 2), MAX_THREADS)
      : requested;
  return Math.max(1, Math.min(Math.floor(most), Math.floor(skills / MIN_SKILLS_PER_THREAD)));
}

/** The worker script, or undefined where there is none (running from TypeScript sources). */
export function workerScript(entry: URL | undefined): string | undefined {
  const url = entry ?? new URL("../worker-entry.js", import.meta.url);
  const path = fileURLToPath(url);
  return existsSync(path) ? path : undefined;
}

/** Deals items into `count` shards, round robin (item i to shard i % count), so each shard gets a share of every folder. */
export function dealShards<T>(items: readonly T[], count: number): T[][] {
  const shards: T[][] = Array.from({ length: count }, () => []);
  items.forEach((item, i) => {
    shards[i % count]?.push(item);
  });
  return shards;
}

/** The inverse of `dealShards`: per-shard lists back in the order the items were dealt. */
export function gatherShards<T>(perShard: readonly (readonly T[])[]): T[] {
  const gathered: T[] = [];
  perShard.forEach((list, s) => {
    list.forEach((item, j) => {
      gathered[j * perShard.length + s] = item;
    });
  });
  return gathered;
}

/** What a worker is started with. */
export interface WorkerInput {
  setup: ShardSetup;
  /** The rule prefixes of the run's plugins, in order; the worker script must serve each. */
  pluginPrefixes: readonly string[];
  candidates: readonly SkillCandidate[];
}

/** Messages between the main thread and a worker. */
export type ToWorker = { type: "lint"; project: readonly ProjectSkill[] };
export type FromWorker =
  | { type: "read"; listed: (ProjectSkill | undefined)[] }
  | { type: "done"; outcomes: SkillOutcome[] }
  | { type: "failed"; message: string; stack?: string | undefined };

/** A shard on a worker thread, with the same two steps as `SkillShard`. */
export class WorkerShard {
  readonly #worker: Promise<Worker>;
  readonly #messages: FromWorker[] = [];
  #waiting: { resolve: (message: FromWorker) => void; reject: (error: Error) => void }[] = [];
  #failure: Error | undefined;

  constructor(script: string, input: WorkerInput) {
    this.#worker = import("node:worker_threads").then(({ Worker }) => {
      const worker = new Worker(script, { workerData: input });
      worker.on("message", (message: FromWorker) => this.#deliver(message));
      worker.on("error", (error) => this.#fail(error));
      // An exit before the answer is a failure whatever the code (a worker that calls
      // `process.exit(0)` would otherwise leave the run waiting forever).
      worker.on("exit", (code) => {
        this.#fail(
          new Error(
            code === 0
              ? "a lint worker stopped before it answered"
              : `a lint worker stopped with exit code ${code}`,
          ),
        );
      });
      return worker;
    });
  }

  async read(): Promise<(ProjectSkill | undefined)[]> {
    const message = await this.#next();
    if (message.type !== "read") throw new Error(`a lint worker answered ${message.type}`);
    return message.listed;
  }

  async lint(project: readonly ProjectSkill[]): Promise<SkillOutcome[]> {
    (await this.#worker).postMessage({ type: "lint", project } satisfies ToWorker);
    const message = await this.#next();
    if (message.type !== "done") throw new Error(`a lint worker answered ${message.type}`);
    return message.outcomes;
  }

  /** Stops the worker (after a failure elsewhere, so the process can exit). */
  async stop(): Promise<void> {
    await (await this.#worker).terminate();
  }

  #deliver(message: FromWorker) {
    if (message.type === "failed") {
      const error = new Error(message.message);
      if (message.stack) error.stack = message.stack;
      return this.#fail(error);
    }
    const waiter = this.#waiting.shift();
    if (waiter) waiter.resolve(message);
    else this.#messages.push(message);
  }

  #fail(error: Error) {
    this.#failure ??= error;
    for (const waiter of this.#waiting) waiter.reject(error);
    this.#waiting = [];
  }

  #next(): Promise<FromWorker> {
    const message = this.#messages.shift();
    if (message) return Promise.resolve(message);
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }
}
