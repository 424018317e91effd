import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type CodexExecResult,
  type RunCodexExecOptions,
  runCodexExec,
  startResponsesServer,
  type TurnScript,
} from "@ops-skill/codex";

/**
 * One `codex exec` against a fresh Responses stub serving `turns`, with `CODEX_HOME` and `HOME`
 * in the case's run folder, which also keeps the evidence: `requests.json` (the bodies Codex
 * sent), `exec-stdout.jsonl`, `exec-stderr.txt`.
 */
export async function execAgainstStub(
  options: Omit<RunCodexExecOptions, "serverUrl" | "codexHome" | "home"> & {
    runDir: string;
    turns?: TurnScript;
  },
): Promise<{ result: CodexExecResult; requests: unknown[] }> {
  const { runDir, turns, ...exec } = options;
  const server = await startResponsesServer(turns === undefined ? {} : { turns });
  let result: CodexExecResult;
  try {
    result = await runCodexExec({
      ...exec,
      serverUrl: server.url,
      codexHome: join(runDir, "codex-home"),
      home: join(runDir, "home"),
    });
  } finally {
    await server.close();
  }
  writeFileSync(join(runDir, "requests.json"), `${JSON.stringify(server.requests, null, 2)}\n`);
  writeFileSync(join(runDir, "exec-stdout.jsonl"), result.stdout);
  writeFileSync(join(runDir, "exec-stderr.txt"), result.stderr);
  return { result, requests: server.requests };
}
