/**
 * Running the checks: every violation at once, in file order, each with the check's id as its
 * `code`, a JSON Pointer, the message (worded as the API words it where it is the API's
 * refusal) and, for text input, the line and column.
 */
import type { Severity } from "@ops-skill/core";
import type { SchemaCheck } from "./check-types.js";
import type { SourceRange } from "./json-document.js";
import {
  buildSchemaModel,
  buildSchemaModelFromText,
  type SchemaModel,
  type SchemaModelOptions,
} from "./model.js";
import { parsePointer, toPointer } from "./pointer.js";
import { schemaChecks } from "./rules/index.js";

export interface SchemaProblem {
  /** The check's id, e.g. `schema/additional-properties`. */
  code: string;
  /** JSON Pointer of the offending node, keyword or property. */
  pointer: string;
  message: string;
  severity: Severity;
  hint?: string;
  /** Where it is in the file, when the schema was read from text with positions. */
  range?: SourceRange;
}

export type CheckKind = SchemaCheck["kind"];

export interface CheckSchemaOptions extends SchemaModelOptions {
  /** Severity per check id, or `"off"`; checks not named keep their default severity. */
  rules?: Record<string, Severity | "off">;
  /** Which kinds of checks run (default: all). */
  kinds?: readonly CheckKind[];
}

/** The kinds `checkStrictSchema` runs: whatever decides whether the run works. */
export const STRICT_KINDS: readonly CheckKind[] = ["codex", "strict", "json-schema"];

function nearestNodeIndex(model: SchemaModel, pointer: string): number {
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

/** Runs the checks over a model already built (the lint engine builds one per file). */
export function checkSchemaModel(
  model: SchemaModel,
  options: CheckSchemaOptions = {},
): SchemaProblem[] {
  const sortable: Array<{ problem: SchemaProblem; keys: number[] }> = [];
  schemaChecks.forEach((check, checkIndex) => {
    if (options.kinds !== undefined && !options.kinds.includes(check.kind)) return;
    const configured = options.rules?.[check.id];
    if (configured === "off") return;
    const severity = configured ?? check.defaultSeverity;
    // A file that is not JSON has nothing else to check.
    if (model.root === undefined && check.id !== "schema/invalid-json") return;
    for (const finding of check.check(model)) {
      const range = model.locate(finding.pointer, finding.at);
      const problem: SchemaProblem = {
        code: check.id,
        pointer: finding.pointer,
        message: finding.message,
        severity,
        ...(finding.hint !== undefined ? { hint: finding.hint } : {}),
        ...(range !== undefined ? { range } : {}),
      };
      const keys =
        range !== undefined
          ? [range.line, range.column, checkIndex]
          : [nearestNodeIndex(model, finding.pointer), 0, checkIndex];
      sortable.push({ problem, keys });
    }
  });
  sortable.sort((a, b) => {
    for (let i = 0; i < a.keys.length; i++) {
      const d = (a.keys[i] as number) - (b.keys[i] as number);
      if (d !== 0) return d;
    }
    return 0;
  });
  // Invalid JSON has a range from the parser, not from a pointer.
  const syntax = model.document?.problems[0];
  return sortable.map(({ problem }) =>
    problem.code === "schema/invalid-json" && syntax !== undefined
      ? { ...problem, range: syntax.range }
      : problem,
  );
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
