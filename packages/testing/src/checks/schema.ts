/**
 * The schema check: the report validates against the skill's output schema, the file the
 * cassette's recorded `--output-schema` names (resolved from the run's working directory), with
 * the generated validator's verdict (`@ops-skill/schema/validate`). Violations by JSON Pointer.
 */
import { resolve } from "node:path";
import { problemClause, readRegularText } from "@ops-skill/core";
import type { Scenario } from "../scenario.js";

export interface SchemaCheck {
  kind: "schema";
  passed: boolean;
  /** The schema file, as recorded. */
  schema: string;
  violations: { pointer: string; message: string }[];
  /** The schema cannot be read or cannot validate: why. */
  problem?: string;
}

/** The `--output-schema` path of recorded `codex exec` flags, when there is one. */
export function outputSchemaPath(args: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as string;
    if (arg === "--output-schema") found = args[++k];
    else if (arg.startsWith("--output-schema=")) found = arg.slice("--output-schema=".length);
  }
  return found;
}

/**
 * The check, or undefined when the session records no output schema or gave no report (the
 * report check says so).
 */
export async function checkSchema(
  scenario: Scenario,
  report: unknown,
  cwd: string,
): Promise<SchemaCheck | undefined> {
  const schema = outputSchemaPath(scenario.cassette.session.invocation.args ?? []);
  if (schema === undefined || report === undefined) return undefined;
  const fail = (problem: string): SchemaCheck => ({
    kind: "schema",
    passed: false,
    schema,
    violations: [],
    problem,
  });
  const read = readRegularText(resolve(cwd, schema));
  if (!read.ok) return fail(`the output schema ${schema} ${problemClause(read)}`);
  const { validateReport } = await import("@ops-skill/schema/validate");
  const result = await validateReport(read.text, report);
  if (!result.ok) return fail(`the output schema ${schema} cannot validate: ${result.problem}`);
  return {
    kind: "schema",
    passed: result.violations.length === 0,
    schema,
    violations: result.violations.map(({ pointer, message }) => ({ pointer, message })),
  };
}

export function schemaMessages(check: SchemaCheck): string[] {
  if (check.passed) return [];
  if (check.problem !== undefined) return [`schema: ${check.problem}`];
  return check.violations.map(
    (violation) =>
      `schema (${check.schema}): ${violation.pointer || "the report"} ${violation.message}`,
  );
}
