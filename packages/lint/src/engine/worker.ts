/**
 * The worker side of `parallel.ts`: a worker script calls `serveLintWorker` with the plugins
 * it can load (the CLI's adds the schema rules), reads its shard, waits for the run's list of
 * skills, lints its shard and exits.
 */
import type { DeferredLintPlugin } from "../rule.js";
import type { FromWorker, ToWorker, WorkerInput } from "./parallel.js";
import { createShardContext, SkillShard } from "./skill-shard.js";

export async function serveLintWorker(plugins: readonly DeferredLintPlugin[]): Promise<void> {
  // Imported here, not at the top: the engine's module is on every run's start-up path.
  const { parentPort: port, workerData } = await import("node:worker_threads");
  if (!port) throw new Error("serveLintWorker runs in a worker thread");
  const input = workerData as WorkerInput;
  const send = (message: FromWorker) => port.postMessage(message);
  const serve = async () => {
    const chosen = input.pluginPrefixes.map((prefix) => {
      const plugin = plugins.find((p) => p.rulePrefix === prefix);
      if (!plugin) throw new Error(`this lint worker has no plugin for ${prefix} rules`);
      return plugin;
    });
    const shard = new SkillShard(await createShardContext(input.setup, chosen), input.candidates);
    send({ type: "read", listed: await shard.read() });
    const lint = await new Promise<ToWorker>((resolve) => port.once("message", resolve));
    send({ type: "done", outcomes: await shard.lint(lint.project) });
  };
  await serve().catch((error: unknown) => {
    send({
      type: "failed",
      message: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
  });
}
