/**
 * `--format github`: GitHub Actions workflow commands, one `::error` annotation per failed
 * check or load problem, on the file (and line) it concerns, then the summary as plain text.
 * Values are escaped as GitHub's runner reads them: in the message `%`, CR and LF; in a
 * property (`file`, `line`, `title`) also `:` and `,`.
 */
import { join } from "node:path";
import type { ScenarioCheck } from "../run-scenario.js";
import type { TestResult } from "../run-tests.js";
import { checkMessages } from "./messages.js";
import type { TestReport } from "./text.js";

/** A workflow command's message. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A workflow command's property value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export interface Annotation {
  file: string | undefined;
  line: number | undefined;
  title: string;
  message: string;
}

export function formatAnnotation(annotation: Annotation): string {
  const properties: string[] = [];
  if (annotation.file !== undefined) properties.push(`file=${escapeProperty(annotation.file)}`);
  if (annotation.line !== undefined && annotation.line > 0) {
    properties.push(`line=${annotation.line}`);
  }
  properties.push(`title=${escapeProperty(annotation.title)}`);
  return `::error ${properties.join(",")}::${escapeData(annotation.message)}`;
}

/** The file (and line) a failed check concerns, from the scenario folder. */
function placeOf(check: ScenarioCheck, dir: string): { file: string; line?: number } {
  switch (check.kind) {
    case "expectation":
      return { file: join(dir, "scenario.json"), line: check.expectation.line };
    case "golden":
      return { file: join(dir, check.file ?? "report.json") };
    case "timeout": {
      const line = check.lines?.[0];
      return {
        file: join(dir, check.cassette ?? "cassette.jsonl"),
        ...(line == null ? {} : { line }),
      };
    }
    case "unanswered-calls":
      return { file: join(dir, "calls.jsonl") };
    case "stale-cassette":
      return { file: check.changed[0]?.file ?? join(dir, "cassette.jsonl") };
    case "recorded-output": {
      const line = check.differences[0]?.line;
      return { file: check.cassette, ...(line === undefined ? {} : { line }) };
    }
    case "validate-script":
      return { file: join(dir, "..", "..", check.script) };
    case "guardrails": {
      const attempt = check.attempts.find((a) => a.blocked === false);
      const source = attempt?.source;
      return {
        file: source && source !== "scenario.json" ? source : join(dir, "scenario.json"),
        ...(attempt?.line === undefined ? {} : { line: attempt.line }),
      };
    }
    default:
      return { file: join(dir, "scenario.json") };
  }
}

export function annotationsOf(result: TestResult): Annotation[] {
  const annotations: Annotation[] = result.problems.map((problem) => ({
    file: problem.file,
    line: problem.line,
    title: `ops-skill test: ${result.id}`,
    message: problem.message,
  }));
  const dir = result.dir ?? join("skills", result.skill, "tests", result.name);
  for (const check of result.checks) {
    const messages = checkMessages(check);
    if (messages.length === 0) continue;
    const place = placeOf(check, dir);
    annotations.push({
      file: place.file,
      line: place.line,
      title: `ops-skill test: ${result.id}: ${check.kind}`,
      message: messages.join("\n"),
    });
  }
  return annotations;
}

export function formatGithub(report: TestReport): string {
  const lines = report.results.flatMap((result) => annotationsOf(result).map(formatAnnotation));
  for (const file of report.obsoleteGoldens ?? []) {
    lines.push(
      `::warning file=${escapeProperty(file)},title=obsolete golden::no scenario reads it`,
    );
  }
  const { scenarios, passed, failed } = report.totals;
  lines.push(
    `${scenarios} scenario${scenarios === 1 ? "" : "s"}: ${passed} passed, ${failed} failed`,
  );
  return `${lines.join("\n")}\n`;
}
