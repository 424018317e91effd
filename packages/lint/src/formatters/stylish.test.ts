import { describe, expect, it } from "vitest";
import { expectGolden } from "../../test/fixtures/formatters/golden.js";
import {
  CWD,
  cleanResult,
  emptyResult,
  nastyResult,
} from "../../test/fixtures/formatters/lint-result.js";
import type { LintResult } from "../engine/lint.js";
import { formatters } from "./index.js";
import { stylish } from "./stylish.js";

const context = { cwd: CWD, color: false };

/** The nasty result with the sources code frames are drawn from, control characters and all. */
function withSources(): LintResult {
  const result = nastyResult();
  const [, drift, , unicode] = result.results;
  if (drift)
    drift.source = [
      "---",
      "name: drift\u001b[31m-check\u0007",
      "description: Check\r\n  drift",
      "  across \u202eclusters\u202c",
      "---",
      "",
      "# Drift",
      "",
      "\tTabbed line",
      "",
      "",
      "Column past the end",
    ].join("\n");
  if (unicode) unicode.source = "---\nname: \u009b31mred\n---\n";
  return result;
}

const CONTROLS = ["\u001b", "\u0007", "\u0000", "\r", "\u009b", "\u202e", "\u202c", "\u000b"];

describe("stylish formatter", () => {
  it("is registered", () => {
    expect(formatters.stylish).toBe(stylish);
  });

  it("matches the golden output with nasty messages and sources", async () => {
    await expectGolden("stylish/nasty.txt", stylish(withSources(), context));
  });

  it("escapes every control character of messages, hints, paths and sources", () => {
    const result = withSources();
    const [, , odd] = result.results;
    if (odd) odd.filePath = `${CWD}/skills/odd\u001b]0;title\u0007/SKILL.md`;
    const output = stylish(result, context);
    for (const control of CONTROLS) expect(output).not.toContain(control);
    expect(output).toContain("name: drift\\u001b[31m-check\\u0007");
    expect(output).toContain("skills/odd\\u001b]0;title\\u0007/SKILL.md");
    expect(output).toContain("bell\\u0007 escape\\u001b[31m null\\u0000");
    // A message over lines stays on its finding's line.
    expect(output).toContain("first line\\nsecond line\\r\\nthird line\\rfourth");
  });

  it("says when there is nothing to report, or nothing to lint", () => {
    expect(stylish(cleanResult(), context)).toBe("✔ 2 files checked: no problems.\n");
    expect(stylish(emptyResult(), context)).toBe(
      "No files to lint: no skills, Codex config or schemas were found.\n",
    );
  });

  it("lists what --fix fixed, in files that are clean now too", () => {
    const result = cleanResult();
    const [first] = result.results;
    if (first) {
      first.fixed = true;
      first.fixes = 2;
    }
    expect(stylish(result, context)).toBe(
      [
        "",
        "skills/cert-check/SKILL.md",
        "  fixed 2 problems",
        "",
        "✔ fixed 2 problems in 1 file (--fix)",
        "✔ 2 files checked: no problems.",
        "",
      ].join("\n"),
    );
  });

  it("takes time in proportion to the findings: 50,000 in one 50,000-line file", () => {
    // The frames used to split the whole source for each finding: 20,000 findings of one
    // file took 45 s. One index per file makes this well under a second.
    const n = 50_000;
    const filePath = `${CWD}/skills/log/SKILL.md`;
    const source = Array.from({ length: n }, (_, i) => `TODO line ${i + 1} lorem ipsum`).join("\n");
    const diagnostics = Array.from({ length: n }, (_, i) => ({
      ruleId: "quality/placeholder-text",
      severity: "warning" as const,
      message: 'Placeholder "TODO" left in the instructions.',
      file: filePath,
      line: i + 1,
      column: 1,
      endLine: i + 1,
      endColumn: 5,
    }));
    const result: LintResult = {
      results: [{ filePath, diagnostics, source, fixed: false }],
      errorCount: 0,
      warningCount: n,
      infoCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      rules: [],
    };
    const start = performance.now();
    const output = stylish(result, context);
    expect(performance.now() - start).toBeLessThan(20_000);
    expect(output.split("\n    > ").length - 1).toBe(n);
    expect(output).toContain(`> ${n} | TODO line ${n} lorem ipsum`);
  });
});
