// The reporters are pure functions of the results: checked on results written out here, with
// a message full of characters XML must escape.
import { XMLParser } from "fast-xml-parser";
import { describe, expect, test } from "vitest";
import { formatJson, formatJunit, formatText, type TestReport } from "../src/index.js";

const NASTY = `<a href="x">&'</a>\u0001\r`;

const report: TestReport = {
  results: [
    {
      id: "drift-check/clean",
      skill: "drift-check",
      name: "clean",
      passed: true,
      durationMs: 12,
      checks: [{ kind: "exit-code", passed: true, expected: 0, actual: 0 }],
      problems: [],
    },
    {
      id: "drift-check/sg-change",
      skill: "drift-check",
      name: "sg-change",
      passed: false,
      durationMs: 30,
      checks: [
        { kind: "exit-code", passed: false, expected: 0, actual: 1 },
        {
          kind: "golden",
          passed: false,
          state: "compared",
          differences: [
            { pointer: "/status", kind: "changed", expected: "critical", actual: NASTY },
          ],
        },
        {
          kind: "forbidden",
          passed: false,
          calls: [
            {
              call: {
                seq: 1,
                tool: "terraform",
                args: ["-chdir=infra", "apply"],
                cwd: "/",
                stdin: null,
                record: null,
              },
              argv: ["terraform", "apply"],
            },
          ],
        },
      ],
      problems: [],
    },
    {
      id: "cert-check/expiring",
      skill: "cert-check",
      name: "expiring",
      passed: false,
      durationMs: 1,
      checks: [],
      problems: [
        {
          file: "skills/cert-check/tests/expiring/scenario.json",
          line: 3,
          message: `bad JSON ${NASTY}`,
        },
      ],
    },
  ],
  totals: { scenarios: 3, passed: 1, failed: 2, durationMs: 43 },
};

describe("reporters", () => {
  test("text: a line per scenario, failures indented, a summary", () => {
    expect(formatText(report)).toBe(
      [
        "✔ drift-check/clean (12 ms)",
        "✖ drift-check/sg-change (30 ms)",
        "    exit code 1, expected 0",
        `    golden: /status is ${JSON.stringify(NASTY)}, expected "critical"`,
        "    forbidden command ran: terraform -chdir=infra apply (terraform apply)",
        "✖ cert-check/expiring (1 ms)",
        `    skills/cert-check/tests/expiring/scenario.json:3: bad JSON ${NASTY}`,
        "",
        "3 scenarios: 1 passed, 2 failed (0.0 s)",
        "",
      ].join("\n"),
    );
  });

  test("json: totals and each scenario with its failures", () => {
    const parsed = JSON.parse(formatJson(report));
    expect(parsed.totals).toEqual(report.totals);
    expect(
      parsed.results.map((r: { id: string; failures: string[] }) => [r.id, r.failures.length]),
    ).toEqual([
      ["drift-check/clean", 0],
      ["drift-check/sg-change", 3],
      ["cert-check/expiring", 1],
    ]);
    expect(parsed.results[1].checks[0]).toEqual(report.results[1]?.checks[0]);
  });

  test("junit: a suite per skill, a case per scenario, failures with the messages; it parses", () => {
    const xml = formatJunit(report);
    const parser = new XMLParser({
      ignoreAttributes: false,
      htmlEntities: true,
      attributeNamePrefix: "",
      isArray: (name) => name === "testsuite" || name === "testcase",
    });
    const root = parser.parse(xml).testsuites;
    expect(root).toMatchObject({ name: "ops-skill test", tests: "3", failures: "2" });
    type Case = { name: string; classname: string; failure?: { message: string; "#text": string } };
    const suites = root.testsuite as {
      name: string;
      tests: string;
      failures: string;
      testcase: Case[];
    }[];
    expect(suites.map((s) => [s.name, s.tests, s.failures])).toEqual([
      ["drift-check", "2", "1"],
      ["cert-check", "1", "1"],
    ]);
    const failing = suites[0]?.testcase[1];
    expect(failing?.name).toBe("sg-change");
    expect(failing?.classname).toBe("drift-check");
    expect(failing?.failure?.message).toBe("exit code 1, expected 0");
    expect(failing?.failure?.["#text"]).toContain("forbidden command ran: terraform");
    // The nasty text is escaped, never raw: it parses back to what was said, and a character
    // XML cannot carry is shown as an escape.
    expect(xml).not.toContain("<a href");
    expect(suites[0]?.testcase[0]?.failure).toBeUndefined();
    expect(suites[1]?.testcase[0]?.failure?.["#text"]).toBe(
      `skills/cert-check/tests/expiring/scenario.json:3: bad JSON <a href="x">&'</a>\\u0001\r`,
    );
  });
});

describe("the text reporter's messages of several lines", () => {
  test("every line stays indented under its scenario; a detail keeps its own indentation", async () => {
    const { indentMessage } = await import("../src/reporters/text.js");
    expect(
      indentMessage(
        'timed out: plan="$(terraform plan)"\nrc=$?\n\n  nearest recorded call: x\n      hook y',
      ),
    ).toBe(
      '    timed out: plan="$(terraform plan)"\n    rc=$?\n\n      nearest recorded call: x\n      hook y',
    );
  });
});
