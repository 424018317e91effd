/** `--format json`: the totals and each scenario with its checks and failure messages. */
import { failureMessages, noteMessages } from "./messages.js";
import type { TestReport } from "./text.js";

export function formatJson(report: TestReport): string {
  return `${JSON.stringify(
    {
      totals: report.totals,
      results: report.results.map((result) => ({
        id: result.id,
        skill: result.skill,
        name: result.name,
        passed: result.passed,
        durationMs: result.durationMs,
        failures: failureMessages(result),
        notes: noteMessages(result),
        problems: result.problems,
        checks: result.checks,
        ...(result.golden ? { golden: result.golden } : {}),
      })),
      obsoleteGoldens: report.obsoleteGoldens ?? [],
    },
    null,
    2,
  )}\n`;
}
