import { describe, expect, test } from "vitest";
import {
  createProgress,
  escapeData,
  escapeProperty,
  formatAnnotation,
  formatGithub,
  type TestResult,
} from "../src/index.js";

describe("--format github", () => {
  test("escapes as GitHub's runner reads workflow commands", () => {
    expect(escapeData("50% done\r\nnext: a,b")).toBe("50%25 done%0D%0Anext: a,b");
    expect(escapeProperty("a:b,c%\n")).toBe("a%3Ab%2Cc%25%0A");
    expect(
      formatAnnotation({ file: "x:y,z.json", line: 3, title: "t: 1, 2", message: "a\nb" }),
    ).toBe("::error file=x%3Ay%2Cz.json,line=3,title=t%3A 1%2C 2::a%0Ab");
    expect(formatAnnotation({ file: undefined, line: 0, title: "t", message: "m" })).toBe(
      "::error title=t::m",
    );
  });

  test("a load problem on its file and line; a failed check on the file it concerns", () => {
    const results: TestResult[] = [
      {
        id: "demo/bad",
        skill: "demo",
        name: "bad",
        dir: "skills/demo/tests/bad",
        passed: false,
        durationMs: 1,
        checks: [],
        problems: [{ file: "skills/demo/tests/bad/scenario.json", line: 4, message: "oops" }],
      },
      {
        id: "demo/exp",
        skill: "demo",
        name: "exp",
        dir: "skills/demo/tests/exp",
        passed: false,
        durationMs: 1,
        checks: [
          { kind: "exit-code", passed: true, expected: 0, actual: 0 },
          {
            kind: "expectation",
            passed: false,
            expectation: { pointer: "/n", line: 7, op: "count", value: 2 },
            message: "/n has 1, expected 2",
          },
          {
            kind: "validate-script",
            passed: false,
            script: "scripts/validate-report.sh",
            exitCode: 1,
            timedOut: false,
            timeoutMs: 30_000,
            stderr: "bad: 1%\n",
          },
        ],
        problems: [],
      },
    ];
    const totals = { scenarios: 2, passed: 0, failed: 2, durationMs: 2 };
    expect(formatGithub({ results, totals, obsoleteGoldens: ["a/report.json"] })).toBe(
      [
        "::error file=skills/demo/tests/bad/scenario.json,line=4,title=ops-skill test%3A demo/bad::oops",
        "::error file=skills/demo/tests/exp/scenario.json,line=7,title=ops-skill test%3A demo/exp%3A expectation::expect: /n has 1, expected 2",
        "::error file=skills/demo/scripts/validate-report.sh,title=ops-skill test%3A demo/exp%3A validate-script::scripts/validate-report.sh rejects the report (exit 1):%0A  bad: 1%25",
        "::warning file=a/report.json,title=obsolete golden::no scenario reads it",
        "2 scenarios: 0 passed, 2 failed",
        "",
      ].join("\n"),
    );
  });
});

describe("progress", () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return { isTTY, columns: 30, write: (text: string) => written.push(text), written };
  };

  test("on a terminal, past the delay, one line rewritten in place and cleared at the end", () => {
    let now = 0;
    const tty = stream(true);
    const progress = createProgress({ stream: tty, env: {}, now: () => now, delayMs: 1000 });
    progress.update({ done: 0, total: 100, id: "demo/a" });
    now = 1500;
    progress.update({ done: 1, total: 100, id: "demo/a-very-long-scenario-name-indeed" });
    progress.end();
    expect(tty.written).toEqual(["\r\x1b[2K[1/100] demo/a-very-long-scen", "\r\x1b[2K"]);
  });

  test("nothing when stderr is piped or under CI", () => {
    for (const [isTTY, env] of [
      [false, {}],
      [true, { CI: "true" }],
    ] as const) {
      const out = stream(isTTY);
      const progress = createProgress({ stream: out, env, now: () => 5000, delayMs: 0 });
      progress.update({ done: 1, total: 2, id: "demo/a" });
      progress.end();
      expect(out.written).toEqual([]);
    }
  });
});

describe("--format github: the cassette's line", () => {
  test("a command that timed out and one that printed otherwise are annotated on the cassette line", () => {
    const results: TestResult[] = [
      {
        id: "demo/hang",
        skill: "demo",
        name: "hang",
        dir: "skills/demo/tests/hang",
        passed: false,
        durationMs: 1,
        checks: [
          {
            kind: "timeout",
            passed: false,
            commands: [
              {
                callId: "c1",
                command: "sleep 60 && kubectl get pods",
                blocked: null,
                output: "",
                exitCode: 124,
                timedOut: true,
              },
            ],
            cassette: "cassette.jsonl",
            lines: [3],
          },
          {
            kind: "recorded-output",
            passed: false,
            cassette: "skills/demo/tests/hang/cassette.jsonl",
            differences: [
              { callId: "c2", command: "jq .", line: 5, detail: "exited 1, recorded 0" },
            ],
          },
        ],
        problems: [],
      },
    ];
    const totals = { scenarios: 1, passed: 0, failed: 1, durationMs: 1 };
    expect(formatGithub({ results, totals, obsoleteGoldens: [] }).split("\n").slice(0, 2)).toEqual([
      "::error file=skills/demo/tests/hang/cassette.jsonl,line=3,title=ops-skill test%3A demo/hang%3A timeout::timed out (cassette.jsonl:3, call c1): sleep 60 && kubectl get pods",
      '::error file=skills/demo/tests/hang/cassette.jsonl,line=5,title=ops-skill test%3A demo/hang%3A recorded-output::recorded output: skills/demo/tests/hang/cassette.jsonl:5: call c2 ("jq .") exited 1, recorded 0; the recorded model turns after it answer another output (fix the skill, or re-record the session)',
    ]);
  });
});
