// `ops-skill record`'s usage errors (exit 2, nothing written), which need no Codex; the command
// recording a real session runs in record.codex.test.ts (`npm run test:codex`).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "ops-skill-record-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = (...args: string[]) => runCli(["record", ...args], dir);

describe("ops-skill record: usage errors", () => {
  it.each([
    [
      ["--cassette", "s.jsonl", "--", "--json"],
      "record: give the prompt as an argument: a cassette records it\n",
    ],
    [
      ["--cassette", "s.jsonl", "--", "--json", "-"],
      "record: give the prompt as an argument: a cassette records it\n",
    ],
    [
      ["--cassette", "s.jsonl", "--", "-c", "model_provider=openai", "Run."],
      "record: -c model_provider=... would send the requests around the proxy\n",
    ],
    [
      ["--cassette", "s.jsonl", "--", "--oss", "Run."],
      "record: --oss and --local-provider choose another provider than the proxy\n",
    ],
    [
      ["--cassette", "s.jsonl", "--redact", "abc", "--", "Run."],
      "record: --redact: a value must be at least 4 characters (got 3)\n",
    ],
    [
      ["--cassette", "s.jsonl", "--redact-env", "OPS_SKILL_UNSET_VARIABLE", "--", "Run."],
      "record: --redact-env OPS_SKILL_UNSET_VARIABLE: the variable is not set\n",
    ],
    [
      ["--cassette", "s.jsonl", "--codex", join(dir, "no-codex"), "--", "Run."],
      `record: cannot run ${join(dir, "no-codex")}: spawnSync ${join(dir, "no-codex")} ENOENT\n`,
    ],
  ])("%j", (args, stderr) => {
    expect(record(...args)).toEqual({ code: 2, stdout: "", stderr });
    expect(existsSync(join(dir, "s.jsonl"))).toBe(false);
  });

  it("gives clap's message for a flag codex exec does not have", () => {
    const result = record("--cassette", "s.jsonl", "--", "--jsn", "Run.");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("record: error: unexpected argument '--jsn' found");
  });

  it("needs --cassette", () => {
    const result = record("--", "Run.");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Missing required flag cassette");
  });
});
