/**
 * The default reporter: one line per scenario (✔ or ✖), its failures indented, what `--update`
 * did to its golden, a summary, and the golden files no scenario reads.
 */
import type { GoldenUpdate } from "../goldens.js";
import type { TestResult, TestTotals } from "../run-tests.js";
import { failureMessages, noteMessages } from "./messages.js";

export interface TestReport {
  results: readonly TestResult[];
  totals: TestTotals;
  /** Golden files no scenario reads. */
  obsoleteGoldens?: readonly string[];
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function goldenLine(update: GoldenUpdate): string | undefined {
  if (update.change === "unchanged") return undefined;
  if (update.change === "not-written")
    return `golden not written (${update.file}): ${update.reason}`;
  return `golden ${update.change}: ${update.file}`;
}

/** `Goldens: 1 added, 2 updated, 3 unchanged, 1 not written`, when `--update` ran. */
export function goldenSummary(results: readonly TestResult[]): string | undefined {
  const updates = results.flatMap((result) => (result.golden ? [result.golden] : []));
  if (updates.length === 0) return undefined;
  const count = (change: GoldenUpdate["change"]) =>
    updates.filter((update) => update.change === change).length;
  const parts = [
    `${count("added")} added`,
    `${count("updated")} updated`,
    `${count("unchanged")} unchanged`,
  ];
  const failed = count("not-written");
  if (failed > 0) parts.push(`${failed} not written`);
  return `Goldens: ${parts.join(", ")}`;
}

/**
 * A message under its scenario: each line indented, so a message of several lines (a command,
 * a shim's explanation) stays under the scenario it belongs to; a line already indented as a
 * detail of the one above keeps its own indentation.
 */
export function indentMessage(message: string, indent = "    "): string {
  return message
    .split("\n")
    .map((line, k) =>
      k > 0 && (line === "" || line.startsWith(indent)) ? line : `${indent}${line}`,
    )
    .join("\n");
}

export function formatText(report: TestReport): string {
  const lines: string[] = [];
  for (const result of report.results) {
    lines.push(`${result.passed ? "✔" : "✖"} ${result.id} (${result.durationMs} ms)`);
    for (const message of failureMessages(result)) lines.push(indentMessage(message));
    const golden = result.golden && goldenLine(result.golden);
    if (golden !== undefined) lines.push(`    ${golden}`);
    for (const note of noteMessages(result)) lines.push(`    · ${note}`);
  }
  const { scenarios, passed, failed, durationMs } = report.totals;
  lines.push(
    "",
    `${scenarios} scenario${scenarios === 1 ? "" : "s"}: ${passed} passed, ${failed} failed (${seconds(durationMs)})`,
  );
  const goldens = goldenSummary(report.results);
  if (goldens !== undefined) lines.push(goldens);
  for (const file of report.obsoleteGoldens ?? []) {
    lines.push(`obsolete golden (no scenario reads it): ${file}`);
  }
  return `${lines.join("\n")}\n`;
}
