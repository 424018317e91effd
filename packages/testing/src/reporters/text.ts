/** The default reporter: one line per scenario (✔ or ✖), its failures indented, a summary. */
import type { TestResult, TestTotals } from "../run-tests.js";
import { failureMessages, noteMessages } from "./messages.js";

export interface TestReport {
  results: readonly TestResult[];
  totals: TestTotals;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export function formatText(report: TestReport): string {
  const lines: string[] = [];
  for (const result of report.results) {
    lines.push(`${result.passed ? "✔" : "✖"} ${result.id} (${result.durationMs} ms)`);
    for (const message of failureMessages(result)) lines.push(`    ${message}`);
    for (const note of noteMessages(result)) lines.push(`    · ${note}`);
  }
  const { scenarios, passed, failed, durationMs } = report.totals;
  lines.push(
    "",
    `${scenarios} scenario${scenarios === 1 ? "" : "s"}: ${passed} passed, ${failed} failed (${seconds(durationMs)})`,
  );
  return `${lines.join("\n")}\n`;
}
