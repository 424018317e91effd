// The tutorial pipeline end to end (test/fixtures/pipeline/run-drift-check.sh: `codex exec
// --json --output-schema ... -o report.json`, jq on the report, an alert on a non-zero exit),
// with mock-codex standing in for `codex` on PATH. Needs the build and jq, as the pipeline does.
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { NO_HOOK_FLAGS, readHookConfig } from "../src/hook-config.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const PIPELINE = join(HERE, "fixtures/pipeline");
const BIN = join(HERE, "../bin/mock-codex.js");

/**
 * The repository's guard hook (`fixtures/pipeline/guarded/.codex/`) in the work directory, and
 * the user's Codex config trusting the project and (with `trustHook`) the hook, by the hash
 * Codex expects: what `codex exec --trust` and pasting the hook's `trusted_hash` leave.
 */
async function guard(work: string, codexHome: string, trustHook: boolean) {
  cpSync(join(PIPELINE, "guarded/.codex"), join(work, ".codex"), { recursive: true });
  let config = `[projects.${JSON.stringify(work)}]\ntrust_level = "trusted"\n`;
  writeFileSync(join(codexHome, "config.toml"), config);
  if (!trustHook) return;
  const hooks = await readHookConfig({
    cwd: work,
    env: { CODEX_HOME: codexHome },
    flags: NO_HOOK_FLAGS,
  });
  for (const hook of hooks.hooks)
    config += `\n[hooks.state.${JSON.stringify(hook.key)}]\ntrusted_hash = ${JSON.stringify(hook.hash)}\n`;
  writeFileSync(join(codexHome, "config.toml"), config);
}

async function runPipeline(cassette: string, options: { guard?: "trusted" | "untrusted" } = {}) {
  const root = mkdtempSync(join(tmpdir(), "mock-pipeline-"));
  const codexHome = join(root, "codex-home");
  mkdirSync(codexHome);
  const bin = join(root, "bin");
  const work = join(root, "work");
  mkdirSync(bin);
  mkdirSync(join(work, ".git"), { recursive: true });
  copyFileSync(join(PIPELINE, ".git-HEAD"), join(work, ".git/HEAD"));
  symlinkSync(BIN, join(bin, "codex"));
  for (const file of ["run-drift-check.sh", "report.schema.json"]) {
    copyFileSync(join(PIPELINE, file), join(work, file));
  }
  if (options.guard) await guard(work, codexHome, options.guard === "trusted");
  const result = spawnSync("bash", ["run-drift-check.sh"], {
    cwd: work,
    encoding: "utf8",
    input: "",
    env: {
      ...process.env,
      PATH: `${bin}:${process.env.PATH ?? ""}`,
      MOCK_CODEX_CASSETTE: join(PIPELINE, cassette),
      CODEX_HOME: codexHome,
    },
  });
  const report = (() => {
    try {
      return readFileSync(join(work, "report.json"), "utf8");
    } catch {
      return undefined;
    }
  })();
  const events = (() => {
    try {
      return readFileSync(join(work, "events.jsonl"), "utf8");
    } catch {
      return "";
    }
  })();
  return { status: result.status, stdout: result.stdout, report, events, stderr: result.stderr };
}

describe("the drift-check pipeline with mock-codex as codex", () => {
  it("jq is installed (the pipeline needs it)", () => {
    expect(spawnSync("jq", ["--version"]).status).toBe(0);
  });

  it("a clean run: exit 0, no alert", async () => {
    expect(await runPipeline("clean.jsonl")).toMatchObject({
      status: 0,
      stdout: "ok: no changes\n",
      report: '{"status":"ok","summary":"no changes"}',
    });
  });

  it("a drifted run: the report routes to an alert", async () => {
    expect(await runPipeline("drifted.jsonl")).toMatchObject({
      status: 1,
      stdout: "ALERT: drift: 1 to change\n",
      report: '{"status":"drift","summary":"1 to change"}',
    });
  });

  it("a failed turn: codex exits 1, -o is empty, the alert quotes the error", async () => {
    expect(await runPipeline("failed-turn.jsonl")).toMatchObject({
      status: 1,
      stdout:
        "ALERT: codex exec failed (stream disconnected before completion: stream closed before response.completed)\n",
      report: "",
    });
  });

  it("a blocked command: the guard hook blocks kubectl delete, no item, the report alerts", async () => {
    const run = await runPipeline("blocked-delete.jsonl", { guard: "trusted" });
    expect(run).toMatchObject({
      status: 1,
      stdout:
        "ALERT: drift: web-0 is crash-looping; deleting it was blocked (kubectl delete needs a change ticket)\n",
      report:
        '{"status":"drift","summary":"web-0 is crash-looping; deleting it was blocked (kubectl delete needs a change ticket)"}',
    });
    // What Codex prints: the command that ran has its item, the blocked one none (no id taken).
    const items = run.events
      .split("\n")
      .filter(Boolean)
      .map(
        (line) =>
          JSON.parse(line) as {
            type: string;
            item?: { id: string; type: string; command?: string };
          },
      )
      .filter((event) => event.type === "item.completed")
      .map((event) => [event.item?.id, event.item?.type, event.item?.command ?? ""]);
    expect(items).toEqual([
      ["item_0", "command_execution", "/bin/bash -lc 'kubectl get pods -n web'"],
      ["item_1", "agent_message", ""],
    ]);
  });

  it("a guard that no longer blocks (not trusted): mock-codex stops naming the call, the pipeline alerts", async () => {
    const run = await runPipeline("blocked-delete.jsonl", { guard: "untrusted" });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^ALERT: codex exec failed/);
    expect(run.stderr).toContain(
      'records call c2 ("kubectl delete pod web-0 -n web") as blocked by a PreToolUse hook, but no hook blocks it now',
    );
    expect(run.stderr).toContain("untrusted");
  });
});
