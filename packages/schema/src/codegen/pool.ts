import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { Worker } from "node:worker_threads";
import type { SchemaInput, SchemaOutput } from "./compile.js";
import { type LocatedMessage, SchemaProblems } from "./errors.js";

export type JobResult =
  | { ok: true; files: [string, string][]; packages: string[]; warnings: string[] }
  | { ok: false; problems: LocatedMessage[] };

/** Below this many schemas a run compiles them all on the main thread. */
const MIN_SCHEMAS_PER_THREAD = 4;
const MAX_THREADS = 8;

const WORKER = fileURLToPath(new URL("./worker.js", import.meta.url));

async function runInline(input: SchemaInput): Promise<JobResult> {
  try {
    // Loaded when a schema is compiled: a warm run (everything cached) never reads a schema model.
    const { generateSchemaFiles } = await import("./compile.js");
    const output = await generateSchemaFiles(input);
    return {
      ok: true,
      files: [...output.files],
      packages: output.packages,
      warnings: output.warnings,
    };
  } catch (error) {
    if (error instanceof SchemaProblems) return { ok: false, problems: [...error.list] };
    return { ok: false, problems: [{ message: (error as Error).message }] };
  }
}

/** How many threads (the main one included) compile `jobs` schemas. */
export function threadsFor(jobs: number, requested: number | undefined): number {
  // Only the compiled package has worker.js; from TypeScript sources (tests) compile inline.
  if (jobs <= 1 || !existsSync(WORKER)) return 1;
  if (requested !== undefined) return Math.min(jobs, Math.max(1, Math.floor(requested)));
  // An isolate compiling schemas keeps about one and a half CPUs busy (V8's concurrent GC and
  // compiler threads): one thread per two CPUs, so that a 2-CPU machine compiles inline.
  return Math.max(
    1,
    Math.min(
      Math.floor(availableParallelism() / 2),
      MAX_THREADS,
      Math.floor(jobs / MIN_SCHEMAS_PER_THREAD),
    ),
  );
}

/**
 * Compiles every input, on the main thread and `threads - 1` worker threads taking schemas from
 * one queue, biggest first. Every schema gets a fresh ajv instance wherever it runs, so the
 * output does not depend on the thread or the order.
 */
export async function compileAll(
  inputs: SchemaInput[],
  threads: number,
  onResult: (index: number, result: JobResult) => void = () => {},
): Promise<JobResult[]> {
  const results: JobResult[] = new Array(inputs.length);
  const settle = (index: number, result: JobResult) => {
    results[index] = result;
    onResult(index, result);
  };
  const queue = inputs
    .map((_, i) => i)
    .sort((a, b) => {
      const d = (inputs[b] as SchemaInput).text.length - (inputs[a] as SchemaInput).text.length;
      return d !== 0 ? d : a - b;
    });
  const workers: Worker[] = [];
  const loops: Promise<void>[] = [];
  if (threads > 1 && existsSync(WORKER)) {
    const { Worker } = await import("node:worker_threads");
    for (let t = 1; t < threads && t < inputs.length; t++) {
      const worker = new Worker(WORKER);
      workers.push(worker);
      loops.push(
        new Promise<void>((resolve, reject) => {
          // Two jobs in flight, so that a worker never waits for the busy main thread to send
          // it the next one.
          const inFlight = new Set<number>();
          let done = false;
          const send = () => {
            const id = queue.shift();
            if (id === undefined) return;
            inFlight.add(id);
            worker.postMessage({ id, input: inputs[id] });
          };
          worker.on("message", ({ id, result }: { id: number; result: JobResult }) => {
            settle(id, result);
            inFlight.delete(id);
            send();
            if (inFlight.size === 0) {
              done = true;
              resolve();
            }
          });
          const fail = (error: Error) => {
            if (done) return;
            done = true;
            for (const id of inFlight)
              settle(id, {
                ok: false,
                problems: [{ message: `the worker thread failed: ${error.message}` }],
              });
            reject(error);
          };
          worker.on("error", fail);
          worker.on("exit", (code) =>
            fail(new Error(`the worker thread exited with code ${code}`)),
          );
          send();
          send();
          if (inFlight.size === 0) {
            done = true;
            resolve();
          }
        }),
      );
    }
  }
  loops.push(
    (async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        settle(i, await runInline(inputs[i] as SchemaInput));
        // Let the workers' messages in: compiling only yields to microtasks.
        if (workers.length > 0) await new Promise((r) => setImmediate(r));
      }
    })(),
  );
  try {
    await Promise.all(loops);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

export function toOutput(result: JobResult & { ok: true }): SchemaOutput {
  return { files: new Map(result.files), packages: result.packages, warnings: result.warnings };
}
