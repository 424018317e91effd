/**
 * The shims under the real Codex (run by `npm run test:codex`): Codex runs each command as
 * `/bin/bash -lc`, a login shell whose system profile resets PATH; the environment the shims
 * give keeps them first, and the clock frozen.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import {
  assistantMessage,
  findCodexBinary,
  makeRunDirectory,
  runCodexExec,
  shellCall,
  startResponsesServer,
} from "@ops-skill/codex";
import { afterAll, describe, expect, it } from "vitest";
import { installShims, readCallLog, readScenario } from "../src/index.js";

const bin = findCodexBinary();
if (bin === undefined) {
  throw new Error(
    "Codex is not installed: run `npm run test:codex`, which installs it into .cache/codex",
  );
}
const runs: string[] = [];
afterAll(() => {
  for (const dir of runs) rmSync(dir, { recursive: true, force: true });
});

const PROBE =
  'command -v terraform; echo "TZ=$TZ"; date -u +%Y-%m-%dT%H:%M:%SZ; kubectl config current-context; helm list; echo "helm=$?"';

async function probe(sandbox: string[]) {
  const run = makeRunDirectory("shims");
  runs.push(run);
  const dir = join(import.meta.dirname, "fixtures", "skills", "demo", "tests", "drift");
  const result = readScenario(dir, "drift");
  if (!result.ok) throw new Error("fixture");
  const shims = installShims({
    dir: join(run, "shims"),
    scenarioDir: dir,
    recordings: result.scenario.recordings,
    tools: result.scenario.tools,
    clock: result.scenario.clock,
  });
  const server = await startResponsesServer({
    turns: [{ items: [shellCall(PROBE, "c1")] }, { items: [assistantMessage("done")] }],
  });
  try {
    const exec = await runCodexExec({
      bin: bin as string,
      cwd: run,
      home: shims.home,
      prompt: "probe",
      serverUrl: server.url,
      extraArgs: sandbox,
      env: shims.env,
      timeoutMs: 60_000,
    });
    const item = exec.events.find(
      (event) =>
        event.type === "item.completed" &&
        (event.item as { type: string }).type === "command_execution",
    )?.item as { aggregated_output: string; exit_code: number } | undefined;
    return { shims, output: item?.aggregated_output ?? "", exec, log: readCallLog(shims.logFile) };
  } finally {
    await server.close();
  }
}

describe("the shims under the real Codex", () => {
  it("stay first on PATH in Codex's login shell, with the clock frozen (full access)", async () => {
    const { shims, output, log } = await probe(["--sandbox", "danger-full-access"]);
    expect(output).toBe(
      `${shims.binDir}/terraform\nTZ=UTC\n2026-12-01T06:00:00Z\nprod\n` +
        "ops-skill test: unrecorded call, not run: helm list\n" +
        "  no call of helm is recorded in this scenario (drift/calls.jsonl)\nhelm=127\n",
    );
    expect(log.ok && log.calls.map((call) => call.tool)).toEqual(["date", "kubectl", "helm"]);
  });

  it("under the read-only sandbox (the default) they can write no log, and say so", async () => {
    const { shims, output, log } = await probe([]);
    const refused = (command: string) =>
      `ops-skill test: ${command}: not answered: the call log ${shims.logFile} cannot be written (EROFS), and a call that is not logged is not answered\n`;
    expect(output).toBe(
      `${shims.binDir}/terraform\nTZ=UTC\n${refused("date -u +%Y-%m-%dT%H:%M:%SZ")}` +
        `${refused("kubectl config current-context")}${refused("helm list")}helm=127\n`,
    );
    expect(log.ok && log.calls).toEqual([]);
  });
});
