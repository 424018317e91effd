// Replays sessions recorded from the real Codex (conformance/mock/cases) against the real Codex
// again: the same stdout (thread id aside), the same `-o` file, the same exit code, and no
// difference between Codex's requests and the recording; then a drifted project and prompt fail
// loudly naming what differs. Run by `npm run test:codex`, which installs the pinned Codex first;
// not part of `npm test`.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { makeRunDirectory } from "@ops-skill/codex";
import { afterAll, describe, expect, it } from "vitest";
import { replayWithCodex, skillsListingLines } from "../src/index.js";
import { CASES, codexBin, withPlaceholderThread, writeProject } from "./real-codex.js";

const bin = codexBin();

interface RecordedCase {
  args: string[];
  prompt: string;
  git: boolean;
  files?: Record<string, string>;
  outputFile?: string;
  /** The case's folder: its `project/` holds the project's files. */
  dir: string;
}

const runs: string[] = [];
afterAll(() => {
  for (const dir of runs) rmSync(dir, { recursive: true, force: true });
});

function setUp(recorded: RecordedCase) {
  const run = makeRunDirectory("replay");
  runs.push(run);
  const project = join(run, "project");
  writeProject(project, recorded.files, recorded.git, recorded.dir);
  return { project, codexHome: join(run, "codex-home"), home: join(run, "home") };
}

/** Replays `cassette` with the recorded flags and prompt in a project set up as recorded. */
function replayIn(
  dirs: ReturnType<typeof setUp>,
  cassette: string,
  recorded: RecordedCase,
  prompt = recorded.prompt,
) {
  return replayWithCodex({
    bin,
    cassette,
    cwd: dirs.project,
    codexHome: dirs.codexHome,
    home: dirs.home,
    prompt,
    args: recorded.args,
  });
}

const readCase = (name: string): RecordedCase => ({
  ...JSON.parse(readFileSync(join(CASES, name, "case.json"), "utf8")),
  dir: join(CASES, name),
});
/** Each case's exit code, as the recorder keeps it (beside the cases, not in them). */
const verdicts = JSON.parse(readFileSync(join(CASES, "..", "verdicts.json"), "utf8")) as {
  cases: Record<string, { exitCode: number }>;
};

describe("a recorded session replayed against the real Codex", () => {
  for (const name of [
    "command-succeeds",
    "command-fails",
    "parallel-commands",
    "big-output",
    "schema-final-json",
    "failed-turn",
    "human-mode",
  ]) {
    it(`${name} runs again as recorded`, async () => {
      const recorded = readCase(name);
      const json = recorded.args.includes("--json");
      const cassette = join(CASES, name, json ? "stdout" : "transcript.jsonl");
      const dirs = setUp(recorded);
      const result = await replayIn(dirs, cassette, recorded);
      expect(result.difference).toBeUndefined();
      expect(result.unservedTurns, result.codex.stderr).toBe(0);
      expect(withPlaceholderThread(result.codex.stdout)).toBe(
        readFileSync(join(CASES, name, "stdout"), "utf8"),
      );
      expect(result.codex.exitCode).toBe(verdicts.cases[name]?.exitCode);
      if (recorded.outputFile !== undefined) {
        expect(readFileSync(join(dirs.project, recorded.outputFile), "utf8")).toBe(
          readFileSync(join(CASES, name, "last-message"), "utf8"),
        );
      }
    });
  }

  it("fails loudly when a command's output changed", async () => {
    const recorded = readCase("command-succeeds");
    const dirs = setUp(recorded);
    const cassette = join(dirs.project, "..", "drifted.jsonl");
    writeFileSync(
      cassette,
      readFileSync(join(CASES, "command-succeeds", "stdout"), "utf8").replace(
        '"aggregated_output":"hello\\n"',
        '"aggregated_output":"hallo\\n"',
      ),
    );
    const result = await replayIn(dirs, cassette, recorded);
    expect(result.difference).toEqual({
      request: 2,
      field: 'tool output of call_1 ("echo hello")',
      recorded: '"hallo\\n"',
      seen: '"hello\\n"',
    });
    expect(result.codex.exitCode).toBe(1);
    const failed = result.codex.events.at(-1) as { type: string; error: { message: string } };
    expect(failed.type).toBe("turn.failed");
    expect(failed.error.message).toBe(
      'replay: request 2 differs from the cassette in its tool output of call_1 ("echo hello"): recorded "hallo\\n", seen "hello\\n"',
    );
  });

  it("fails loudly when the prompt or the skills listing changed", async () => {
    const recorded = readCase("command-succeeds");
    const dirs = setUp(recorded);
    const skill = join(dirs.project, ".agents/skills/check/SKILL.md");
    mkdirSync(dirname(skill), { recursive: true });
    writeFileSync(skill, "---\nname: check\ndescription: Runs the check.\n---\nRun it.\n");
    const cassette = join(dirs.project, "..", "cassette.jsonl");
    const write = (inputs: Record<string, unknown>) =>
      writeFileSync(
        cassette,
        `${JSON.stringify({ type: "cassette", version: 1, invocation: { prompt: "Run the check.", inputs } })}\n${JSON.stringify({ type: "model_turn", output: [{ type: "message", text: "ok" }] })}\n`,
      );
    const base = {
      bin,
      cassette,
      cwd: dirs.project,
      codexHome: dirs.codexHome,
      home: dirs.home,
      args: recorded.args,
    };
    write({});
    const first = await replayWithCodex({ ...base, prompt: "Run the check." });
    expect(first.difference).toBeUndefined();
    const listing = skillsListingLines(first.requests[0]) ?? [];
    const entry = listing.findIndex((line) => line.startsWith("check: "));
    expect(listing[entry]).toMatch(/^check: Runs the check\. \(file: r\d+\/check\/SKILL\.md\)$/);

    write({ skills_listing: listing });
    expect(
      (await replayWithCodex({ ...base, prompt: "Run the check." })).difference,
    ).toBeUndefined();
    writeFileSync(skill, "---\nname: check\ndescription: Runs every check.\n---\nRun it.\n");
    const changed = await replayWithCodex({ ...base, prompt: "Run the check." });
    expect(changed.difference).toEqual({
      request: 1,
      field: `skills listing (entry ${entry + 1})`,
      recorded: JSON.stringify(listing[entry]),
      seen: JSON.stringify((listing[entry] as string).replace("the check", "every check")),
    });
    expect(changed.codex.exitCode).toBe(1);

    const prompt = await replayWithCodex({ ...base, prompt: "Run the checks." });
    expect(prompt.difference).toEqual({
      request: 1,
      field: "prompt",
      recorded: '"Run the check."',
      seen: '"Run the checks."',
    });
  });
});
