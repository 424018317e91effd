import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatters } from "@ops-skill/lint";
import { describe, expect, it } from "vitest";
import { expectGolden as expectGoldenIn } from "../../lint/test/fixtures/formatters/golden.js";
import { doctorLintResult } from "../src/report/lint-result.js";
import { doctorText, summary } from "../src/report/text.js";
import { invocation, sampleResult } from "./sample-result.js";

const GOLDENS = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "goldens");
const expectGolden = (name: string, actual: string) => expectGoldenIn(name, actual, GOLDENS);

const root = "/repo";

describe("the checklist", () => {
  it("shows each run, every verdict, and why and how to fix what is not works", async () => {
    await expectGolden(
      "checklist.txt",
      doctorText(sampleResult(root), { cwd: root, color: false }),
    );
  });

  it("says what was read, and never 'works' of nothing", () => {
    const works = {
      runs: [
        {
          invocation: invocation(root),
          verdicts: [
            {
              check: "schema" as const,
              status: "works" as const,
              title: "t",
              reason: "r",
              location: { file: "/repo/x", line: 1, column: 1 },
            },
          ],
        },
      ],
      problems: [],
      schedulesRead: ["/repo/.github/workflows/drift.yml"],
    };
    expect(summary(works)).toBe("1 schedule, 1 codex exec run: 1 works — every check works.");
    expect(summary({ ...works, runs: [], schedulesRead: [] })).toBe(
      "a command line, 0 codex exec runs: 0 work — nothing was checked.",
    );
    expect(summary(sampleResult(root))).toBe(
      "2 schedules, 1 codex exec run: 2 break, 1 cannot tell, 1 works — the scheduled run will not do its job.",
    );
  });

  it("prints a works line once when two verdicts of one check say it (one per jq read)", () => {
    const title = "the jq paths report.json is read with are fields of the output schema";
    const read = (field: string, line: number) => ({
      check: "report-file" as const,
      status: "works" as const,
      title,
      reason: `\`.${field}\` is a field of schemas/drift-report.schema.json.`,
      location: { file: "/repo/.github/workflows/drift.yml", line, column: 21 },
    });
    const result = {
      runs: [{ invocation: invocation(root), verdicts: [read("status", 43), read("summary", 46)] }],
      problems: [],
      schedulesRead: ["/repo/.github/workflows/drift.yml"],
    };
    const lines = doctorText(result, { cwd: root, color: false }).split("\n");
    expect(lines.filter((line) => line.includes(title))).toEqual([`  ✔ report-file ${title}`]);
    // The lint formats keep each read, at its line.
    expect(doctorLintResult(result).results[0]?.diagnostics.map((d) => d.line)).toEqual([43, 46]);
  });

  it("escapes control characters of names and messages", () => {
    const result = sampleResult(root);
    const run = result.runs[0];
    if (run) run.invocation.source.name = "evil\u001b[31mname";
    expect(doctorText(result, { cwd: root, color: false })).not.toContain("\u001b");
  });
});

describe("the lint formats", () => {
  it("report breaks as errors, cannot-tell as warnings and works as info, by file", () => {
    const result = doctorLintResult(sampleResult(root));
    expect([result.errorCount, result.warningCount, result.infoCount]).toEqual([2, 1, 1]);
    expect(result.results.map((file) => file.filePath)).toEqual([
      "/repo/.agents/skills/drift-check/SKILL.md",
      "/repo/.github/workflows/drift.yml",
      "/repo/cron/nightly.cron",
    ]);
    expect(result.results.flatMap((f) => f.diagnostics.map((d) => d.ruleId)).sort()).toEqual([
      "doctor/cost",
      "doctor/discovery",
      "doctor/network",
      "doctor/schedule",
    ]);
    expect(result.rules.every((rule) => rule.docsUrl.endsWith(`${rule.id.slice(7)}.md`))).toBe(
      true,
    );
  });

  for (const format of ["json", "sarif", "github", "junit"])
    it(`${format}`, async () => {
      const formatter = formatters[format];
      if (!formatter) throw new Error(`no formatter ${format}`);
      await expectGolden(
        `report.${format === "github" ? "github.txt" : format === "junit" ? "xml" : `${format}`}`,
        formatter(doctorLintResult(sampleResult(root)), { cwd: root, color: false }),
      );
    });
});
