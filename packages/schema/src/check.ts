/**
 * The schema checks as a library: the findings of the `schema/` lint rules (`findingsOf`, the
 * one path `ops-skill lint` and `ops-skill schema check` report), each with its check's id as
 * its `code`, its default severity (the rule's; a config changes it through `lint`) and its
 * JSON Pointer, in the order the lint engine lists a file's findings (line, column, rule id).
 */
import type { Severity } from "@ops-skill/core";
import type { SchemaCheck } from "./check-types.js";
import { findingsOf, type SchemaFinding } from "./findings.js";
import {
  buildSchemaModel,
  buildSchemaModelFromText,
  type SchemaModel,
  type SchemaModelOptions,
} from "./model.js";
import { parsePointer, toPointer } from "./pointer.js";
import { schemaChecks } from "./rules/index.js";

export interface SchemaProblem extends SchemaFinding {
  /** The check's id, e.g. `schema/additional-properties`. */
  code: string;
  /** The check's default severity (the lint rule's). */
  severity: Severity;
}

export type CheckKind = SchemaCheck["kind"];

export interface CheckSchemaOptions extends SchemaModelOptions {
  /** Which kinds of checks run (default: all). */
  kinds?: readonly CheckKind[];
}

/** The kinds `checkStrictSchema` runs: whatever decides whether the run works. */
export const STRICT_KINDS: readonly CheckKind[] = ["codex", "strict", "json-schema"];

/** The first line a pointer's node can stand for when the schema has no text: its document order. */
function nodeOrder(model: SchemaModel, pointer: string): number {
  let segments: string[];
  try {
    segments = parsePointer(pointer);
  } catch {
    return 0;
  }
  for (let n = segments.length; n >= 0; n--) {
    const node = model.nodeAt(toPointer(segments.slice(0, n)));
    if (node !== undefined) return node.index;
  }
  return 0;
}

/** The findings of every check (of the kinds asked for) over a model already built. */
export function checkSchemaModel(
  model: SchemaModel,
  options: CheckSchemaOptions = {},
): SchemaProblem[] {
  const problems: Array<SchemaProblem & { at: [number, number] }> = [];
  for (const check of schemaChecks) {
    if (options.kinds !== undefined && !options.kinds.includes(check.kind)) continue;
    for (const finding of findingsOf(check, model))
      problems.push({
        code: check.id,
        severity: check.defaultSeverity,
        ...finding,
        at: finding.range
          ? [finding.range.line, finding.range.column]
          : [nodeOrder(model, finding.pointer), 0],
      });
  }
  // The lint engine's order of a file's findings.
  problems.sort((a, b) => a.at[0] - b.at[0] || a.at[1] - b.at[1] || a.code.localeCompare(b.code));
  return problems.map(({ at: _, ...problem }) => problem);
}

/**
 * Everything OpenAI's strict mode (and Codex, and JSON Schema itself) would refuse in this
 * schema, all at once -- where the API reports one problem per request.
 */
export function checkStrictSchema(
  schema: unknown,
  options: CheckSchemaOptions = {},
): SchemaProblem[] {
  return checkSchemaModel(buildSchemaModel(schema, options), {
    kinds: STRICT_KINDS,
    ...options,
  });
}

/** Every check, strict mode and report quality. */
export function checkSchema(schema: unknown, options: CheckSchemaOptions = {}): SchemaProblem[] {
  return checkSchemaModel(buildSchemaModel(schema, options), options);
}

/** Every check over a file's text, with line and column on each problem. */
export function checkSchemaText(text: string, options: CheckSchemaOptions = {}): SchemaProblem[] {
  return checkSchemaModel(buildSchemaModelFromText(text, options), options);
}

/** The whole error text the API returns for a strict-mode message (Codex prints it on exit 1). */
export function apiErrorText(message: string, formatName = "codex_output_schema"): string {
  return `Invalid schema for response_format '${formatName}': ${message}`;
}
