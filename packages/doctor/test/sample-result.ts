/** A doctor result built by hand: one unreadable schedule and two runs with every status. */
import type { DoctorResult, Invocation, Verdict } from "../src/model.js";
import { invocationOf } from "./invocation.js";

export function invocation(root: string, overrides: Partial<Invocation> = {}): Invocation {
  return {
    ...invocationOf({
      command: ["exec", "--sandbox", "read-only", "Run $drift-check"],
      start: root,
      file: `${root}/.github/workflows/drift.yml`,
      line: 31,
      column: 9,
      kind: "workflow",
      name: "drift.yml › drift › Run drift-check",
    }),
    ...overrides,
  };
}

export function sampleResult(root: string): DoctorResult {
  const workflow = `${root}/.github/workflows/drift.yml`;
  const run = invocation(root);
  const verdicts: Verdict[] = [
    {
      check: "discovery",
      status: "works",
      title: "drift-check is discovered from the repository root and listed",
      reason: "found in .agents/skills/drift-check/SKILL.md",
      location: { file: `${root}/.agents/skills/drift-check/SKILL.md`, line: 1, column: 1 },
    },
    {
      check: "network",
      status: "breaks",
      title: "kubectl gets no network under --sandbox read-only",
      reason: "the read-only sandbox allows no network at all, not even loopback",
      fix: "drop --sandbox read-only and run with --profile day-two",
      location: { file: workflow, line: 31, column: 20 },
      fixes: [
        {
          kind: "edit",
          path: workflow,
          start: 10,
          end: 31,
          text: "",
          description: "drop --sandbox read-only",
        },
      ],
    },
    {
      check: "cost",
      status: "cannot-tell",
      title: "no recorded scenario gives the tokens per run",
      reason: "drift-check has no tests/<scenario>/cassette.jsonl",
      fix: "record one: ops-skill record",
      location: { file: `${root}/.agents/skills/drift-check/SKILL.md`, line: 1, column: 1 },
    },
  ];
  return {
    runs: [{ invocation: run, verdicts }],
    problems: [
      {
        location: { file: `${root}/cron/nightly.cron`, line: 2, column: 1 },
        message: "the crontab line has 4 time fields; cron needs 5 (or @daily...)",
      },
    ],
    schedulesRead: [workflow, `${root}/cron/nightly.cron`],
  };
}
