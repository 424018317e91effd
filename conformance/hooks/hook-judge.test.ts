/**
 * The hook-output judge against the real Codex. For every hooks case whose hooks Codex ran on
 * the probe call, `hook-runs.json` holds what each hook printed (run the way Codex runs it,
 * with the probe's input) and Codex's own status for each run; `verdicts.json` holds whether
 * Codex blocked the probe and what the model read. The judge, fed the same output, must give
 * Codex's status for every run, block exactly when Codex blocked, with Codex's reason, and
 * rewrite or refuse exactly as Codex did. No Codex needed here.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  blockedCallOutput,
  combineHookVerdicts,
  type HookRunOutput,
  judgeHookOutput,
} from "../../packages/codex/src/hook-judge.js";

interface HookRuns {
  probeCommand: string;
  cases: Record<
    string,
    {
      statuses: { event: string; status: string }[];
      outputs: (HookRunOutput & { key: string; command: string })[];
    }
  >;
}
interface Verdict {
  blocked: boolean;
  commandRan: boolean;
  probeOutput: string | null;
  toolCalls?: unknown[];
}

const here = dirname(fileURLToPath(import.meta.url));
const runs = JSON.parse(readFileSync(join(here, "hook-runs.json"), "utf8")) as HookRuns;
const verdicts = JSON.parse(readFileSync(join(here, "verdicts.json"), "utf8")) as {
  codexVersion: string;
  cases: Record<string, Verdict>;
};

describe(`the hook-output judge agrees with Codex ${verdicts.codexVersion}`, () => {
  it("has the hook runs of every case", () => {
    expect(Object.keys(runs.cases).sort()).toEqual(Object.keys(verdicts.cases).sort());
  });

  const fired = Object.entries(runs.cases).filter(
    ([name, run]) => run.statuses.length > 0 && !verdicts.cases[name]?.toolCalls,
  );
  it("compares enough cases", () => {
    expect(fired.length).toBeGreaterThanOrEqual(40);
  });

  for (const [name, run] of fired) {
    const verdict = verdicts.cases[name] as Verdict;
    it(`${name}: ${run.statuses.map((s) => s.status).join(", ")}`, () => {
      expect(run.outputs.length, "every PreToolUse hook Codex lists ran once").toBe(
        run.statuses.length,
      );
      const judged = run.outputs.map((output) => judgeHookOutput("PreToolUse", output));
      expect(
        judged.map((v) => v.status),
        JSON.stringify(judged),
      ).toEqual(run.statuses.map((s) => s.status));
      const outcome = combineHookVerdicts(judged);
      expect(outcome?.action === "block", JSON.stringify(outcome)).toBe(verdict.blocked);
      if (outcome?.action === "block")
        expect(verdict.probeOutput).toBe(
          blockedCallOutput(outcome.reason, { toolName: "Bash", command: runs.probeCommand }),
        );
      if (outcome?.action === "refuse") {
        expect(verdict.commandRan).toBe(false);
        expect(verdict.probeOutput).toBe(outcome.message);
      }
      if (outcome?.action === "rewrite") {
        expect(verdict.commandRan).toBe(false);
        expect(verdict.probeOutput).toMatch(/^Process exited with code /);
      }
      if (outcome?.action === "run") expect(verdict.commandRan).toBe(true);
    });
  }

  it("no hook ran where Codex reports none, and those calls were not blocked", () => {
    for (const [name, run] of Object.entries(runs.cases)) {
      if (run.statuses.length > 0) continue;
      expect(verdicts.cases[name]?.blocked, name).toBe(false);
    }
  });
});
