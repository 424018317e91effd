// The fidelity test: `mock-codex exec` on each session recorded from the real Codex 0.169.0
// (conformance/mock/cases, re-recorded by `node conformance/record.mjs mock`) gives the same
// stdout, the same `-o` file, the same exit code (verdicts.json) and, outside human mode (whose
// log holds timings and machine warnings), the same stderr. The recorded transcript is the
// cassette, as it is. No Codex runs.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const HERE = dirname(fileURLToPath(import.meta.url));
const CASES = join(HERE, "cases");
const BIN = join(HERE, "../../packages/mock-codex/bin/mock-codex.js");
const THREAD_ID_PLACEHOLDER = "00000000-0000-7000-8000-000000000000";

interface MockCase {
  description: string;
  args: string[];
  topLevel?: boolean;
  prompt?: string;
  stdin?: string;
  git?: boolean;
  outputFile?: string;
  env?: Record<string, string>;
}

const names = readdirSync(CASES).sort();
const verdicts = JSON.parse(readFileSync(join(HERE, "verdicts.json"), "utf8")) as {
  cases: Record<string, { exitCode: number }>;
};

describe("mock-codex replays what the real Codex printed", () => {
  it("has the recorded sessions", () => {
    expect(names.length).toBeGreaterThanOrEqual(16);
  });

  for (const name of names) {
    it(name, () => {
      const dir = join(CASES, name);
      const recorded = JSON.parse(readFileSync(join(dir, "case.json"), "utf8")) as MockCase;
      const exitCode = verdicts.cases[name]?.exitCode;
      const stdout = readFileSync(join(dir, "stdout"), "utf8");
      const stderr = readFileSync(join(dir, "stderr"), "utf8");
      const json = recorded.args.includes("--json");
      const cassette = existsSync(join(dir, "transcript.jsonl"))
        ? join(dir, "transcript.jsonl")
        : json && stdout !== ""
          ? join(dir, "stdout")
          : undefined;

      const scratch = mkdtempSync(join(tmpdir(), "mock-fidelity-"));
      const project = join(scratch, "project");
      mkdirSync(project);
      if (existsSync(join(dir, "project")))
        cpSync(join(dir, "project"), project, { recursive: true });
      if (recorded.git !== false) {
        mkdirSync(join(project, ".git"));
        writeFileSync(join(project, ".git/HEAD"), "ref: refs/heads/main\n");
      }
      const codexHome = join(scratch, "codex-home");
      mkdirSync(codexHome);
      if (existsSync(join(dir, "codex-home")))
        cpSync(join(dir, "codex-home"), codexHome, { recursive: true });
      const stub = ["-c", "model_provider=stub", "-c", "model_providers.stub={}", "-m", "gpt-5.4"];
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...recorded.env,
        CODEX_HOME: codexHome,
        MOCK_CODEX_THREAD_ID: THREAD_ID_PLACEHOLDER,
      };
      delete env.MOCK_CODEX_CASSETTE;
      delete env.MOCK_CODEX_CASSETTES;
      if (cassette !== undefined) env.MOCK_CODEX_CASSETTE = cassette;
      const result = spawnSync(
        process.execPath,
        recorded.topLevel
          ? [BIN, ...recorded.args]
          : [
              BIN,
              "exec",
              ...stub,
              ...recorded.args,
              ...(recorded.prompt === undefined ? [] : [recorded.prompt]),
            ],
        { cwd: project, env, input: recorded.stdin ?? "", encoding: "utf8" },
      );
      expect(result.stdout).toBe(stdout);
      expect(result.status).toBe(exitCode);
      if (json || stdout === "") expect(result.stderr).toBe(stderr);
      else {
        // Human mode: the same log but for timings and the sandbox's note about this machine.
        const machineNote = /^warning: Codex could not find bubblewrap on PATH\..*\n/m;
        expect(
          result.stderr
            .split(project)
            .join("<project>")
            .replace(/^session id: .*$/m, "session id: <uuid>")
            .replace(/ in \d+ms:/g, " in <duration>:"),
        ).toBe(stderr.replace(machineNote, ""));
      }
      const lastMessage = join(dir, "last-message");
      if (recorded.outputFile !== undefined) {
        const written = join(project, recorded.outputFile);
        expect(existsSync(written)).toBe(existsSync(lastMessage));
        if (existsSync(lastMessage)) {
          expect(readFileSync(written, "utf8")).toBe(readFileSync(lastMessage, "utf8"));
        }
      }
    });
  }
});
