/**
 * The shims under the real Codex (run by `npm run test:codex`): Codex runs each command as
 * `/bin/bash -lc`, a login shell whose system profile resets PATH; the environment the shims
 * give keeps them first, and the clock frozen. Each call goes to the test's call server on
 * 127.0.0.1, which a permission profile with the network on lets through, read-only as it is.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  assistantMessage,
  makeRunDirectory,
  requireCodexBinary,
  runCodexExec,
  shellCall,
  startResponsesServer,
} from "@ops-skill/codex";
import { afterAll, describe, expect, test } from "vitest";
import { installShims, readScenario } from "../src/index.js";

const bin = requireCodexBinary();
const runs: string[] = [];
afterAll(() => {
  for (const dir of runs) rmSync(dir, { recursive: true, force: true });
});

const PROBE =
  'command -v terraform; echo "TZ=$TZ"; date -u +%Y-%m-%dT%H:%M:%SZ; kubectl config current-context; helm list; echo "helm=$?"';

const PROFILE = `default_permissions = "day-two"

[permissions.day-two]
extends = ":read-only"

[permissions.day-two.network]
enabled = true
`;

async function probe(sandbox: string[]) {
  const run = makeRunDirectory("shims");
  runs.push(run);
  const dir = join(import.meta.dirname, "fixtures", "skills", "demo", "tests", "drift");
  const result = readScenario(dir, "drift");
  if (!result.ok) throw new Error("fixture");
  const codexHome = join(run, "codex-home");
  mkdirSync(codexHome);
  writeFileSync(join(codexHome, "day-two.config.toml"), PROFILE);
  const shims = await installShims({
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
      bin: bin,
      cwd: run,
      codexHome,
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
    return { shims, output: item?.aggregated_output ?? "", exec, calls: [...shims.calls] };
  } finally {
    await server.close();
    await shims.close();
  }
}

const EXPECTED = (binDir: string) =>
  `${binDir}/terraform\nTZ=UTC\n2026-12-01T06:00:00Z\nprod\n` +
  "ops-skill test: unrecorded call, not run: helm list\n" +
  "  no call of helm is recorded in this scenario (drift/calls.jsonl)\nhelm=127\n";

describe("the shims under the real Codex", () => {
  test("stay first on PATH in Codex's login shell, with the clock frozen (full access)", async () => {
    const { shims, output, calls } = await probe(["--sandbox", "danger-full-access"]);
    expect(output).toBe(EXPECTED(shims.binDir));
    expect(calls.map((call) => call.tool)).toEqual(["date", "kubectl", "helm"]);
  });

  test("answer the same under the schedule's profile: read-only, network on", async () => {
    const { shims, output, calls, exec } = await probe(["--profile", "day-two"]);
    expect(exec.exitCode).toBe(0);
    expect(output).toBe(EXPECTED(shims.binDir));
    expect(calls.map((call) => call.tool)).toEqual(["date", "kubectl", "helm"]);
  });

  test("under --sandbox read-only (no network) they cannot reach the server, and say so", async () => {
    const { shims, output, calls } = await probe([]);
    const refused = (tool: string) =>
      `ops-skill test: ${tool}: not answered: the call server at 127.0.0.1:${shims.port} cannot be reached, and a call the test does not see is not answered\n`;
    expect(output).toContain(`${shims.binDir}/terraform\nTZ=UTC\n`);
    expect(output).toContain("/bin/date: socket: Operation not permitted");
    for (const tool of ["date", "kubectl", "helm"]) expect(output).toContain(refused(tool));
    expect(output).toMatch(/helm=127\n$/);
    expect(calls).toEqual([]);
  });
});
