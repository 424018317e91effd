// The tutorial pipeline end to end (test/fixtures/pipeline/run-drift-check.sh: `codex exec
// --json --output-schema ... -o report.json`, jq on the report, an alert on a non-zero exit),
// with mock-codex standing in for `codex` on PATH. Needs the build and jq, as the pipeline does.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const HERE = dirname(fileURLToPath(import.meta.url));
const PIPELINE = join(HERE, "fixtures/pipeline");
const BIN = join(HERE, "../bin/mock-codex.js");

function runPipeline(cassette: string) {
  const root = mkdtempSync(join(tmpdir(), "mock-pipeline-"));
  const bin = join(root, "bin");
  const work = join(root, "work");
  mkdirSync(bin);
  mkdirSync(join(work, ".git"), { recursive: true });
  copyFileSync(join(PIPELINE, ".git-HEAD"), join(work, ".git/HEAD"));
  symlinkSync(BIN, join(bin, "codex"));
  for (const file of ["run-drift-check.sh", "report.schema.json"]) {
    copyFileSync(join(PIPELINE, file), join(work, file));
  }
  const result = spawnSync("bash", ["run-drift-check.sh"], {
    cwd: work,
    encoding: "utf8",
    input: "",
    env: {
      ...process.env,
      PATH: `${bin}:${process.env.PATH ?? ""}`,
      MOCK_CODEX_CASSETTE: join(PIPELINE, cassette),
    },
  });
  const report = (() => {
    try {
      return readFileSync(join(work, "report.json"), "utf8");
    } catch {
      return undefined;
    }
  })();
  return { status: result.status, stdout: result.stdout, report };
}

describe("the drift-check pipeline with mock-codex as codex", () => {
  it("jq is installed (the pipeline needs it)", () => {
    expect(spawnSync("jq", ["--version"]).status).toBe(0);
  });

  it("a clean run: exit 0, no alert", () => {
    expect(runPipeline("clean.jsonl")).toEqual({
      status: 0,
      stdout: "ok: no changes\n",
      report: '{"status":"ok","summary":"no changes"}',
    });
  });

  it("a drifted run: the report routes to an alert", () => {
    expect(runPipeline("drifted.jsonl")).toEqual({
      status: 1,
      stdout: "ALERT: drift: 1 to change\n",
      report: '{"status":"drift","summary":"1 to change"}',
    });
  });

  it("a failed turn: codex exits 1, -o is empty, the alert quotes the error", () => {
    expect(runPipeline("failed-turn.jsonl")).toEqual({
      status: 1,
      stdout:
        "ALERT: codex exec failed (stream disconnected before completion: stream closed before response.completed)\n",
      report: "",
    });
  });
});
