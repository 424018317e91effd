/**
 * `--format junit`: a `<testsuite>` per skill, a `<testcase>` per scenario, a `<failure>` holding
 * the failed checks' messages; what CI test views (and a merge of sharded runs) read.
 */
import { xmlAttr, xmlText } from "@ops-skill/core";
import type { TestResult } from "../run-tests.js";
import { failureMessages, noteMessages } from "./messages.js";
import type { TestReport } from "./text.js";

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

export function formatJunit(report: TestReport): string {
  const bySkill = new Map<string, TestResult[]>();
  for (const result of report.results) {
    const list = bySkill.get(result.skill);
    if (list) list.push(result);
    else bySkill.set(result.skill, [result]);
  }
  const lines: string[] = [];
  for (const [skill, results] of bySkill) {
    const failures = results.filter((result) => !result.passed).length;
    const time = results.reduce((sum, result) => sum + result.durationMs, 0);
    lines.push(
      `  <testsuite name="${xmlAttr(skill)}" tests="${results.length}" failures="${failures}" errors="0" skipped="0" time="${seconds(time)}">`,
    );
    for (const result of results) {
      const open = `    <testcase name="${xmlAttr(result.name)}" classname="${xmlAttr(skill)}" time="${seconds(result.durationMs)}"`;
      const notes = noteMessages(result);
      const out =
        notes.length > 0 ? [`      <system-out>${xmlText(notes.join("\n"))}</system-out>`] : [];
      if (result.passed) {
        lines.push(...(out.length > 0 ? [`${open}>`, ...out, "    </testcase>"] : [`${open}/>`]));
        continue;
      }
      const messages = failureMessages(result);
      lines.push(
        `${open}>`,
        `      <failure message="${xmlAttr(messages[0] ?? "failed")}" type="scenario">${xmlText(messages.join("\n"))}</failure>`,
        ...out,
        "    </testcase>",
      );
    }
    lines.push("  </testsuite>");
  }
  const { scenarios, failed, durationMs } = report.totals;
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="ops-skill test" tests="${scenarios}" failures="${failed}" errors="0" time="${seconds(durationMs)}">
${lines.length > 0 ? `${lines.join("\n")}\n` : ""}</testsuites>
`;
}
