// `ops-skill record` with the real Codex, the stub Responses server standing in for the model
// API (--upstream): the cassette it writes, replayed by the `mock-codex` binary, prints what
// Codex printed, and a secret named by --redact-env is not in it. Run by `npm run test:codex`.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  assistantMessage,
  codexEnvironment,
  makeRunDirectory,
  requireCodexBinary,
  shellCall,
  startResponsesServer,
} from "@ops-skill/codex";
import { afterAll, describe, expect, it } from "vitest";
import { bin as cli } from "./run-cli.js";

const codex = requireCodexBinary();
const MOCK = join(dirname(fileURLToPath(import.meta.url)), "../../mock-codex/bin/mock-codex.js");
const THREAD = "00000000-0000-7000-8000-000000000000";

/** The CLI, run without blocking this process (the stub answers from here). */
function runAsync(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    child.stdin.end();
  });
}

const runs: string[] = [];
afterAll(() => {
  for (const dir of runs) rmSync(dir, { recursive: true, force: true });
});

describe("ops-skill record", () => {
  it("records a session that mock-codex replays to the same stdout, the named secret redacted", async () => {
    const run = makeRunDirectory("record-cli");
    runs.push(run);
    const project = join(run, "project");
    mkdirSync(join(project, ".git"), { recursive: true });
    writeFileSync(join(project, ".git/HEAD"), "ref: refs/heads/main\n");
    writeFileSync(join(project, "db.env"), "DB_HOST=db\nDB_PASS=Tr0ub4dor-and-3\n");
    const env = codexEnvironment(join(run, "codex-home"), join(run, "home"), {
      OPENAI_API_KEY: "sk-proj-test",
      DB_PASS: "Tr0ub4dor-and-3",
    });
    mkdirSync(join(run, "codex-home"));
    mkdirSync(join(run, "home"));
    const stub = await startResponsesServer({
      turns: [
        { items: [shellCall("cat db.env", "call_1")] },
        { items: [assistantMessage('{"status":"ok"}')] },
      ],
    });
    let result: { status: number | null; stdout: string; stderr: string };
    try {
      result = await runAsync(
        [
          cli,
          "record",
          "--cassette",
          "cassettes/db.jsonl",
          "--upstream",
          stub.url,
          "--codex",
          codex,
          "--redact-env",
          "DB_PASS",
          "--",
          "--json",
          "-o",
          "report.json",
          "-m",
          "gpt-5.4",
          "Check the database.",
        ],
        project,
        env,
      );
    } finally {
      await stub.close();
    }
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(
      "record: cassettes/db.jsonl: 2 model turns, 1 commands, 0 side files, 1 secrets redacted\n",
    );
    expect(stub.requests).toHaveLength(2);
    const text = readFileSync(join(project, "cassettes/db.jsonl"), "utf8");
    expect(text).not.toContain("Tr0ub4dor-and-3");
    expect(text).toContain("DB_PASS=[REDACTED:env-DB_PASS:1]");

    const replayed = spawnSync(
      process.execPath,
      [MOCK, "exec", "--json", "-o", "replayed.json", "-m", "gpt-5.4", "Check the database."],
      {
        cwd: project,
        env: {
          ...process.env,
          MOCK_CODEX_CASSETTE: "cassettes/db.jsonl",
          MOCK_CODEX_THREAD_ID: THREAD,
        },
        encoding: "utf8",
      },
    );
    const recorded = result.stdout
      .replace(/"thread_id":"[^"]*"/, `"thread_id":"${THREAD}"`)
      .replace("Tr0ub4dor-and-3", "[REDACTED:env-DB_PASS:1]");
    expect(replayed.stdout).toBe(recorded);
    expect(replayed.status).toBe(0);
    expect(readFileSync(join(project, "replayed.json"), "utf8")).toBe(
      readFileSync(join(project, "report.json"), "utf8"),
    );
  });
});
