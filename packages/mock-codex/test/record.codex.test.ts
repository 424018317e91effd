// `ops-skill record` with the real Codex and the stub Responses server as the upstream: the
// cassette it writes replays with mock-codex exec to the stdout Codex printed while recording,
// and the secrets of the session are redacted. Run by `npm run test:codex`; not by `npm test`.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  assistantMessage,
  codexEnvironment,
  makeRunDirectory,
  type ScriptedTurn,
  shellCall,
  startResponsesServer,
} from "@ops-skill/codex";
import { base62, crc32 } from "@ops-skill/core/secrets";
import { afterAll, describe, expect, it } from "vitest";
import { replayWithCodex, runExec } from "../src/index.js";
import { recordSession } from "../src/record.js";
import { CASES, codexBin, PLACEHOLDER, withPlaceholderThread, writeProject } from "./real-codex.js";

const bin = codexBin();

const runs: string[] = [];
afterAll(() => {
  for (const dir of runs) rmSync(dir, { recursive: true, force: true });
});

interface RecordedCase {
  args: string[];
  prompt: string;
  files?: Record<string, string>;
  turns: ScriptedTurn[];
}

function project(files: Record<string, string> = {}, caseDir?: string) {
  const run = makeRunDirectory("record");
  runs.push(run);
  const dir = join(run, "project");
  writeProject(dir, files, true, caseDir);
  const codexHome = join(run, "codex-home");
  const home = join(run, "home");
  mkdirSync(codexHome);
  mkdirSync(home);
  return {
    dir,
    codexHome,
    home,
    env: codexEnvironment(codexHome, home, { OPENAI_API_KEY: "sk-x" }),
  };
}

async function record(
  turns: ScriptedTurn[],
  argv: string[],
  files?: Record<string, string>,
  caseDir?: string,
) {
  const p = project(files, caseDir);
  const stub = await startResponsesServer({ turns });
  try {
    const result = await recordSession({
      argv,
      cassette: "cassettes/session.jsonl",
      bin: bin,
      cwd: p.dir,
      env: p.env,
      upstream: stub.url,
    });
    return { ...p, result, requests: stub.requests };
  } finally {
    await stub.close();
  }
}

function mockReplay(dir: string, argv: string[]) {
  return runExec(["--cassette", "cassettes/session.jsonl", ...argv], {
    cwd: dir,
    env: { MOCK_CODEX_THREAD_ID: PLACEHOLDER },
    stdin: undefined,
  });
}

describe("recording a real session", () => {
  for (const name of ["command-succeeds", "command-fails", "big-output", "schema-final-json"]) {
    it(`${name}: the cassette replays with mock-codex to Codex's stdout`, async () => {
      const recorded = JSON.parse(
        readFileSync(join(CASES, name, "case.json"), "utf8"),
      ) as RecordedCase;
      const argv = [...recorded.args, "-m", "gpt-5.4", recorded.prompt];
      const { dir, result } = await record(recorded.turns, argv, recorded.files, join(CASES, name));
      expect(result.exitCode).toBe(0);
      expect(result.built?.notes).toEqual([]);
      const stdout = withPlaceholderThread(result.stdout);
      // What Codex printed recording through the proxy is what it printed against the stub.
      expect(stdout).toBe(readFileSync(join(CASES, name, "stdout"), "utf8"));
      const replayed = await mockReplay(dir, argv);
      expect(replayed.stdout).toBe(stdout);
      expect(replayed.exitCode).toBe(0);
      const header = JSON.parse(
        readFileSync(join(dir, "cassettes/session.jsonl"), "utf8").split("\n")[0] as string,
      );
      expect(header.invocation.prompt).toBe(recorded.prompt);
      expect(header.invocation.args).toEqual([...recorded.args, "-m", "gpt-5.4"]);
      expect(header.invocation.inputs.skills_listing.length).toBeGreaterThan(0);
      expect(existsSync(join(dir, "cassettes/session.files"))).toBe(name === "big-output");
    });
  }

  it("redacts the secrets of the session, and the cassette replays against the real Codex", async () => {
    const body = Array.from(randomBytes(30), (byte) =>
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".charAt(byte % 62),
    ).join("");
    const token = `ghp_${body}${base62(crc32(body), 6)}`;
    const turns: ScriptedTurn[] = [
      { items: [shellCall("cat token.txt", "call_1")] },
      { items: [assistantMessage("The token is in token.txt.")] },
    ];
    const argv = ["--json", "-m", "gpt-5.4", "Find the token."];
    const { dir, codexHome, home, result } = await record(turns, argv, {
      "token.txt": `GITHUB_TOKEN=${token}\n`,
      ".agents/skills/find/SKILL.md": "---\nname: find\ndescription: Finds tokens.\n---\nLook.\n",
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(token);
    const text = readFileSync(join(dir, "cassettes/session.jsonl"), "utf8");
    expect(text).not.toContain(token);
    expect(text).toContain("GITHUB_TOKEN=[REDACTED:github-token:1]");
    expect(result.built?.redacted).toEqual({ "github-token": 1 });
    const header = JSON.parse(text.split("\n")[0] as string);
    expect(Object.keys(header.invocation.inputs.skills)).toEqual([".agents/skills/find/SKILL.md"]);

    // Against the real Codex the recorded output is the placeholder; the file holds the token.
    const replay = {
      bin,
      cassette: join(dir, "cassettes/session.jsonl"),
      cwd: dir,
      codexHome,
      home,
      prompt: "Find the token.",
      args: ["--json", "-m", "gpt-5.4"],
    };
    const replayed = await replayWithCodex(replay);
    expect(replayed.difference).toMatchObject({
      request: 2,
      field: 'tool output of call_1 ("cat token.txt")',
    });
    writeFileSync(join(dir, "token.txt"), "GITHUB_TOKEN=[REDACTED:github-token:1]\n");
    const clean = await replayWithCodex(replay);
    expect(clean.difference).toBeUndefined();
    expect(clean.codex.exitCode).toBe(0);
  });
});
