/**
 * JUnit XML in the shape of ESLint's junit formatter, for CI test report views (GitLab, Jenkins,
 * Azure Pipelines, CircleCI): a `<testsuite>` per file, a `<testcase>` per diagnostic with a
 * `<failure>` for errors and warnings, and one passing `<testcase>` for a clean file.
 */
import { relative, sep } from "node:path";
import type { Diagnostic } from "@ops-skill/core";
import type { Formatter } from "./types.js";

const SEVERITY_LABEL = { error: "error", warning: "warning", info: "info" } as const;

export const junit: Formatter = (result, { cwd }) => {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const file of result.results) {
    const path = relative(cwd, file.filePath).split(sep).join("/") || file.filePath;
    const cases: string[] = [];
    let fileFailures = 0;
    for (const d of file.diagnostics) {
      const name = `${d.ruleId} (${d.line}:${d.column})`;
      const open = `    <testcase name="${attr(name)}" classname="${attr(path)}" time="0"`;
      if (d.severity === "info") {
        cases.push(
          `${open}>`,
          `      <system-out>${text(detail(d))}</system-out>`,
          "    </testcase>",
        );
        continue;
      }
      fileFailures++;
      cases.push(
        `${open}>`,
        `      <failure message="${attr(d.message)}" type="${d.severity}">${text(detail(d))}</failure>`,
        "    </testcase>",
      );
    }
    if (file.diagnostics.length === 0)
      cases.push(`    <testcase name="${attr(path)}" classname="${attr(path)}" time="0"/>`);
    const fileTests = Math.max(1, file.diagnostics.length);
    tests += fileTests;
    failures += fileFailures;
    suites.push(
      `  <testsuite name="${attr(path)}" tests="${fileTests}" failures="${fileFailures}" errors="0" skipped="0" time="0">`,
      ...cases,
      "  </testsuite>",
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ops-skill" tests="${tests}" failures="${failures}" errors="0" time="0">`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
};

function detail(d: Diagnostic): string {
  const head = `${d.line}:${d.column} ${SEVERITY_LABEL[d.severity]} ${d.message} (${d.ruleId})`;
  return d.hint ? `${head}\nhint: ${d.hint}` : head;
}

/**
 * Characters XML 1.0 cannot carry at all, even as references: C0 controls other than tab, LF
 * and CR, lone surrogates, U+FFFE and U+FFFF. They become U+FFFD, as a UTF-8 encoder does with
 * lone surrogates, so the reader still sees that something was there.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITY: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

/** Element content; `\r` is a reference, or a parser would turn it into `\n`. */
export function text(value: string): string {
  return value.replace(NOT_XML_CHAR, "\uFFFD").replace(/[&<>"'\r]/g, (c) => ENTITY[c] as string);
}

/** An attribute value; tab, LF and CR are references, or a parser would turn them into spaces. */
export function attr(value: string): string {
  return value
    .replace(NOT_XML_CHAR, "\uFFFD")
    .replace(/[&<>"'\t\n\r]/g, (c) => ENTITY[c] as string);
}
