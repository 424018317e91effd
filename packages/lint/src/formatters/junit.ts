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

/**
 * Characters XML 1.0 cannot carry at all, even as references (C0 controls other than tab, LF
 * and CR, lone surrogates, U+FFFE and U+FFFF), and those a report viewer would act on (DEL,
 * C1 controls, bidi marks and overrides, line separators): each is written as a visible
 * escape, `\uXXXX`, so the XML stays well-formed and the reader sees what was there.
 */
const NOT_XML_CHAR =
  /[^\t\n\r\u0020-\u007E\u00A0-\u061B\u061D-\u200D\u2010-\u2027\u202F-\u2065\u206A-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function escapeChar(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

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
  return value.replace(NOT_XML_CHAR, escapeChar).replace(/[&<>"'\r]/g, (c) => ENTITY[c] as string);
}

/** An attribute value; tab, LF and CR are references, or a parser would turn them into spaces. */
export function attr(value: string): string {
  return value
    .replace(NOT_XML_CHAR, escapeChar)
    .replace(/[&<>"'\t\n\r]/g, (c) => ENTITY[c] as string);
}
