/**
 * JUnit XML in the shape of ESLint's junit formatter, for CI test report views (GitLab, Jenkins,
 * Azure Pipelines, CircleCI): a `<testsuite>` per file, a `<testcase>` per diagnostic with a
 * `<failure>` for errors and warnings, and one passing `<testcase>` for a clean file.
 */
import { relative, sep } from "node:path";
import { xmlAttr as attr, type Diagnostic, xmlText as text } from "@ops-skill/core";
import type { Formatter } from "./types.js";

const SEVERITY_LABEL = { error: "error", warning: "warning", info: "info" } as const;

export const junit: Formatter = (result, { cwd }) => {
  // Built line by line into one list (no spread of a file's cases: a file may have many).
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const file of result.results) {
    const path = relative(cwd, file.filePath).split(sep).join("/") || file.filePath;
    const header = suites.length;
    suites.push("");
    let fileFailures = 0;
    for (const d of file.diagnostics) {
      const name = `${d.ruleId} (${d.line}:${d.column})`;
      suites.push(`    <testcase name="${attr(name)}" classname="${attr(path)}" time="0">`);
      if (d.severity === "info") {
        suites.push(`      <system-out>${text(detail(d))}</system-out>`);
      } else {
        fileFailures++;
        suites.push(
          `      <failure message="${attr(d.message)}" type="${d.severity}">${text(detail(d))}</failure>`,
        );
      }
      suites.push("    </testcase>");
    }
    if (file.diagnostics.length === 0)
      suites.push(`    <testcase name="${attr(path)}" classname="${attr(path)}" time="0"/>`);
    const fileTests = Math.max(1, file.diagnostics.length);
    tests += fileTests;
    failures += fileFailures;
    suites[header] =
      `  <testsuite name="${attr(path)}" tests="${fileTests}" failures="${fileFailures}" errors="0" skipped="0" time="0">`;
    suites.push("  </testsuite>");
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="ops-skill" tests="${tests}" failures="${failures}" errors="0" time="0">
${suites.length > 0 ? `${suites.join("\n")}\n` : ""}</testsuites>
`;
};

function detail(d: Diagnostic): string {
  const head = `${d.line}:${d.column} ${SEVERITY_LABEL[d.severity]} ${d.message} (${d.ruleId})`;
  return d.hint ? `${head}\nhint: ${d.hint}` : head;
}
