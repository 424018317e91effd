// Bad input through the built command (`npm run build` first): a cassette that cannot be read
// stops mock-codex with one line naming the file (and line), exit 1 (Codex's exit code for a run
// that cannot start), never a hang or a stack trace, and nothing written, not even `-o`.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, "fixtures");
const BIN = join(HERE, "../bin/mock-codex.js");
const RECORDED = join(HERE, "../../../conformance/mock/cases");

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "mock-codex-bad-"));
  mkdirSync(join(dir, ".git"));
  writeFileSync(join(dir, ".git/HEAD"), "ref: refs/heads/main\n");
  return dir;
}

function run(cwd: string, env: Record<string, string>, args: string[] = []) {
  const result = spawnSync(
    process.execPath,
    [BIN, "exec", "--json", "-o", "report.json", ...args, "Run the check."],
    {
      cwd,
      env: { ...process.env, MOCK_CODEX_CASSETTE: "", MOCK_CODEX_CASSETTES: "", ...env },
      input: "",
      encoding: "utf8",
      timeout: 10_000,
    },
  );
  return { ...result, files: readdirSync(cwd).sort() };
}

/** Exit 1, stdout empty, the one line of stderr, no stack trace, nothing but .git in the project. */
function expectRefused(result: ReturnType<typeof run>, line: string | RegExp) {
  expect(result.error).toBeUndefined();
  expect(result.status).toBe(1);
  expect(result.stdout).toBe("");
  const lines = result.stderr.split("\n");
  expect(lines[0]).toBe("Reading additional input from stdin...");
  if (typeof line === "string") expect(lines[1]?.startsWith(line), lines[1]).toBe(true);
  else expect(lines[1]).toMatch(line);
  expect(lines.slice(2)).toEqual([""]);
  expect(result.files).toEqual([".git"]);
}

describe("a cassette that cannot be read", () => {
  it.each([
    ["truncated-transcript.jsonl", 6, "truncated: the last line is not complete JSON"],
    ["corrupt-line.jsonl", 3, "not JSON ("],
    ["future-version.jsonl", 1, "unknown cassette version 2 (this mock-codex reads version 1)"],
    ["not-a-cassette.jsonl", 1, 'not a cassette: the first line is "turn.started"'],
    ["missing-side-file.jsonl", 3, 'side file "nowhere.out" is missing'],
    ["orphan-result.jsonl", 3, 'no exec_command call "c9" waits for a result'],
  ])("%s: file and line %i", (fixture, line, problem) => {
    const dir = project();
    const path = join(FIXTURES, fixture);
    const result = run(dir, { MOCK_CODEX_CASSETTE: path });
    expectRefused(result, `mock-codex: ${path}:${line}: ${problem}`);
  });

  it("a missing file, a directory, a FIFO: no hang", () => {
    const dir = project();
    const scratch = mkdtempSync(join(tmpdir(), "mock-codex-bad-"));
    const fifo = join(scratch, "fifo.jsonl");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    expectRefused(
      run(dir, { MOCK_CODEX_CASSETTE: join(scratch, "none.jsonl") }),
      /^mock-codex: .*none\.jsonl: .*(missing|no such)/i,
    );
    expectRefused(run(dir, { MOCK_CODEX_CASSETTE: scratch }), /^mock-codex: .*: .*directory/);
    expectRefused(run(dir, { MOCK_CODEX_CASSETTE: fifo }), /^mock-codex: .*fifo\.jsonl: .*FIFO/);
  });

  it("an empty file and binary data", () => {
    const dir = project();
    const scratch = mkdtempSync(join(tmpdir(), "mock-codex-bad-"));
    writeFileSync(join(scratch, "empty.jsonl"), "");
    writeFileSync(join(scratch, "binary.jsonl"), Buffer.from([0x7b, 0x00, 0xff, 0x0a]));
    const empty = join(scratch, "empty.jsonl");
    const binary = join(scratch, "binary.jsonl");
    expectRefused(
      run(dir, { MOCK_CODEX_CASSETTE: empty }),
      `mock-codex: ${empty}: empty: no events`,
    );
    expectRefused(
      run(dir, { MOCK_CODEX_CASSETTE: binary }),
      `mock-codex: ${binary}: binary data, not a cassette`,
    );
  });
});

describe("MOCK_CODEX_CASSETTES: the cassette whose recorded prompt is the prompt", () => {
  function library(): string {
    const dir = mkdtempSync(join(tmpdir(), "mock-codex-lib-"));
    for (const [name, prompt] of [
      ["a.jsonl", "Run the check"],
      ["b.jsonl", "Check the disks."],
    ]) {
      writeFileSync(
        join(dir, name as string),
        `${JSON.stringify({ type: "cassette", version: 1, invocation: { prompt } })}\n${JSON.stringify(
          { type: "model_turn", output: [{ type: "message", text: `from ${name}` }] },
        )}\n`,
      );
    }
    // Files that are not cassettes of this prompt do not stop the search.
    writeFileSync(
      join(dir, "c.jsonl"),
      '{"type":"cassette","version":1,"invocation":{"prompt":"Other."}}\n{oops}\n',
    );
    writeFileSync(join(dir, "d.jsonl"), "\u0000");
    mkdirSync(join(dir, "e.jsonl"));
    return dir;
  }

  it("replays the one that matches", () => {
    const dir = project();
    const lib = library();
    writeFileSync(
      join(lib, "match.jsonl"),
      `${JSON.stringify({ type: "cassette", version: 1, invocation: { prompt: "Run the check." } })}\n${JSON.stringify(
        { type: "model_turn", output: [{ type: "message", text: "matched" }] },
      )}\n`,
    );
    const result = run(dir, { MOCK_CODEX_CASSETTES: lib });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('"text":"matched"');
    expect(readFileSync(join(dir, "report.json"), "utf8")).toBe("matched");
  });

  it("names the nearest recorded prompt and its file when none matches", () => {
    const dir = project();
    const lib = library();
    expectRefused(
      run(dir, { MOCK_CODEX_CASSETTES: lib }),
      `mock-codex: no cassette in ${lib} records the prompt "Run the check."; the nearest is "Run the check" (${join(lib, "a.jsonl")})`,
    );
  });

  it("a folder with no cassette, a missing folder", () => {
    const dir = project();
    const empty = mkdtempSync(join(tmpdir(), "mock-codex-lib-"));
    expectRefused(
      run(dir, { MOCK_CODEX_CASSETTES: empty }),
      `mock-codex: no cassette in ${empty} records a prompt`,
    );
    expectRefused(
      run(dir, { MOCK_CODEX_CASSETTES: join(empty, "nope") }),
      `mock-codex: MOCK_CODEX_CASSETTES=${join(empty, "nope")}: No such file or directory (os error 2)`,
    );
  });
});

describe("the sandbox a recorded command meets", () => {
  /** The command items of a recorded session's stdout. */
  const commandItems = (text: string) =>
    text.split("\n").filter((line) => line.includes('"command_execution"'));

  it.each([
    [[], "read-only-write"],
    [["--sandbox", "read-only"], "read-only-write"],
    [["--sandbox", "workspace-write"], "workspace-write"],
    [["--dangerously-bypass-approvals-and-sandbox"], "workspace-write"],
  ])("%j reports the command as Codex did in %s", (args, recorded) => {
    const dir = project();
    const result = spawnSync(
      process.execPath,
      [BIN, "exec", "--json", ...args, "Write the report."],
      {
        cwd: dir,
        env: { ...process.env, MOCK_CODEX_CASSETTE: join(FIXTURES, "sandbox/write.jsonl") },
        input: "",
        encoding: "utf8",
      },
    );
    expect(result.status).toBe(0);
    expect(commandItems(result.stdout)).toEqual(
      commandItems(readFileSync(join(RECORDED, recorded, "stdout"), "utf8")),
    );
  });
});

describe("the codex command around exec", () => {
  it("refuses what it does not replay, exit 2", () => {
    for (const args of [["login"], ["exec", "resume", "--last"], ["mcp", "list"]]) {
      const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", input: "" });
      expect(result.status).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr.split("\n")[0]).toMatch(/^mock-codex: `codex .*` is not replayed: /);
    }
  });
});
