import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CODEX_VERSION } from "@ops-skill/codex";
import { describe, expect, it } from "vitest";
import {
  displayCommand,
  EXEC_FLAGS,
  editDistance,
  jaro,
  MOCKED_CODEX_VERSION,
  parseExecArgs,
  runExec,
  serdeJsonError,
} from "../src/index.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), "mock-codex-"));
  mkdirSync(join(dir, ".git"));
  writeFileSync(join(dir, ".git/HEAD"), "ref: refs/heads/main\n");
  return dir;
}

describe("the mocked release", () => {
  it("is the pinned Codex version", () => {
    expect(MOCKED_CODEX_VERSION).toBe(CODEX_VERSION);
  });
});

describe("codex exec's command line", () => {
  it("knows every flag of codex exec 0.169.0 --help", () => {
    expect(EXEC_FLAGS.filter((flag) => !flag.mockOnly).map((flag) => flag.long)).toHaveLength(29);
  });

  it("parses values, clusters, = forms and greedy -i", () => {
    const parse = parseExecArgs(["-mgpt", "--sandbox=workspace-write", "-i", "a.png", "b.png"]);
    expect(parse.ok).toBe(true);
    if (!parse.ok) return;
    expect(parse.parsed.flags.get("model")).toEqual(["gpt"]);
    expect(parse.parsed.flags.get("sandbox")).toEqual(["workspace-write"]);
    expect(parse.parsed.flags.get("image")).toEqual(["a.png", "b.png"]);
    expect(parse.parsed.prompt).toBeUndefined();
  });

  it("gives clap's messages", () => {
    const stderr = (args: string[]) => {
      const parse = parseExecArgs(args);
      return parse.ok ? "" : parse.stderr.split("\n")[0];
    };
    expect(stderr(["--Json"])).toBe("error: unexpected argument '--Json' found");
    expect(parseExecArgs(["--ephemera"])).toMatchObject({
      stderr: expect.stringContaining("tip: a similar argument exists: '--ephemeral'"),
    });
    expect(stderr(["a", "b"])).toBe("error: unexpected argument 'b' found");
    expect(stderr(["--color", "x"])).toBe("error: invalid value 'x' for '--color <COLOR>'");
    expect(stderr(["-i"])).toBe(
      "error: a value is required for '--image <FILE>...' but none was supplied",
    );
    expect(stderr(["--cassette"])).toBe(
      "error: a value is required for '--cassette <FILE>' but none was supplied",
    );
  });

  it("measures similarity as clap does", () => {
    expect(jaro("jsn", "json")).toBeGreaterThan(0.7);
    expect(jaro("bogus", "json")).toBeLessThan(0.7);
    expect(jaro("", "")).toBe(1);
  });
});

// Each message below was checked against Codex 0.169.0 (`--output-schema` with that text).
describe("serde_json's messages for a schema that is not JSON", () => {
  it.each([
    ["", "EOF while parsing a value at line 1 column 0"],
    ["x", "expected value at line 1 column 1"],
    [
      '{\n  "type": "object",\n  "properties": {}\n',
      "EOF while parsing an object at line 4 column 0",
    ],
    ['{"a" 1}', "expected `:` at line 1 column 6"],
    ['{"a": 1,}', "trailing comma at line 1 column 9"],
    ["[1 2]", "expected `,` or `]` at line 1 column 4"],
    ["{} x", "trailing characters at line 1 column 4"],
    ["{1: 2}", "key must be a string at line 1 column 2"],
    ["tru", "EOF while parsing a value at line 1 column 3"],
  ])("%j", (text, message) => {
    expect(serdeJsonError(text)).toBe(message);
  });

  it("accepts JSON", () => {
    expect(serdeJsonError('{"a": [1, -2.5e3, "x\\u00e9", true, null]}\n')).toBeUndefined();
  });
});

describe("shell quoting of the displayed command", () => {
  it.each([
    ["true", "/bin/bash -lc true"],
    ["echo hello", "/bin/bash -lc 'echo hello'"],
    ["printf 'a\\nb\\n'", "/bin/bash -lc \"printf 'a\\\\nb\\\\n'\""],
    [`echo "it's broken" >&2; exit 3`, `/bin/bash -lc "echo \\"it's broken\\" >&2; exit 3"`],
    [
      "for i in $(seq 1 4096); do printf '%049d\\n' $i; done",
      `/bin/bash -lc 'for i in $(seq 1 4096); do printf '"'%049d\\\\n' "'$i; done'`,
    ],
    ["", "/bin/bash -lc ''"],
  ])("%s", (cmd, shown) => {
    expect(displayCommand(cmd)).toBe(shown);
  });
});

describe("runExec", () => {
  const context = (cwd: string, env: Record<string, string> = {}) => ({
    cwd,
    env: { MOCK_CODEX_THREAD_ID: "t", ...env },
    stdin: undefined,
  });

  it("replays a cassette and writes -o verbatim", async () => {
    const cwd = repo();
    const result = await runExec(
      ["--json", "--cassette", join(FIXTURES, "native.jsonl"), "-o", "r.json", "Run drift-check."],
      context(cwd),
    );
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.outputFile).toEqual({
      path: join(cwd, "r.json"),
      content: '{"status":"drift","summary":"pods down"}',
    });
  });

  it("finds the cassette by prompt in MOCK_CODEX_CASSETTES", async () => {
    const result = await runExec(
      ["Run drift-check."],
      context(repo(), { MOCK_CODEX_CASSETTES: join(FIXTURES, "library") }),
    );
    expect(result).toMatchObject({ exitCode: 0, stdout: "No drift.\n" });
  });

  it("names the nearest prompt when none matches", async () => {
    const result = await runExec(
      ["--json", "Run drift-checks"],
      context(repo(), { MOCK_CODEX_CASSETTES: join(FIXTURES, "library") }),
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      `records the prompt "Run drift-checks"; the nearest is "Run drift-check." (${join(FIXTURES, "library", "drift.jsonl")})`,
    );
  });

  it("reports a bad cassette by file and line, exit 1, no -o", async () => {
    const file = join(FIXTURES, "corrupt-line.jsonl");
    const result = await runExec(["--json", "-o", "x", "--cassette", file, "p"], context(repo()));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^mock-codex: ${file}:3: not JSON`));
    expect(result.outputFile).toBeUndefined();
  });

  it("says how to give a cassette when none is given", async () => {
    const result = await runExec(["p"], context(repo()));
    expect(result).toMatchObject({ exitCode: 1, stdout: "" });
    expect(result.stderr).toContain("no cassette: pass --cassette FILE");
  });

  it("checks git from -C's directory", async () => {
    const outside = mkdtempSync(join(tmpdir(), "mock-codex-nogit-"));
    const inside = repo();
    const cassette = join(FIXTURES, "library", "drift.jsonl");
    expect(
      (await runExec(["-C", outside, "--cassette", cassette, "p"], context(inside))).exitCode,
    ).toBe(1);
    expect(
      (await runExec(["-C", inside, "--cassette", cassette, "p"], context(outside))).exitCode,
    ).toBe(0);
  });

  it("computes edit distances", async () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
});
