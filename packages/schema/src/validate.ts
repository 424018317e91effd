/**
 * A report checked against its schema, with the verdict of the generated validator
 * (`<name>.validate.js` of `ops-skill types`): the same ajv options compiled live, so a tool
 * (`ops-skill test`) validates a report without generating files. Violations by JSON Pointer,
 * worded as the generated `parse<Name>` words them. Loads ajv: import it lazily.
 */

import { generationDialect, referenceProblems } from "./codegen/compile.js";
import { SchemaProblems } from "./codegen/errors.js";
import { compileLiveValidator, type LiveValidator } from "./codegen/validator.js";
import { parseJsonDocument } from "./json-document.js";
import { buildSchemaModel } from "./model.js";

export interface ReportViolation {
  /** Where in the report, as a JSON Pointer (`""`: the report itself). */
  pointer: string;
  message: string;
  /** The JSON Schema keyword that failed. */
  keyword: string;
}

export type ReportValidation =
  | { ok: true; violations: ReportViolation[] }
  /** The schema itself cannot validate anything: why. */
  | { ok: false; problem: string };

type Compiled = { ok: true; validate: LiveValidator } | { ok: false; problem: string };

/** Compiled validators by schema text: a suite validates many reports against few schemas. */
const cache = new Map<string, Promise<Compiled>>();

const escapeSegment = (segment: unknown): string =>
  String(segment).replace(/~/g, "~0").replace(/\//g, "~1");

const kindOf = (value: unknown): string =>
  value === null
    ? "null"
    : Array.isArray(value)
      ? "array"
      : Number.isInteger(value)
        ? "integer"
        : typeof value;

function valueAt(data: unknown, pointer: string): { found: boolean; value: unknown } {
  let value = data;
  if (pointer === "") return { found: true, value };
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) {
      return { found: false, value: undefined };
    }
    value = (value as Record<string, unknown>)[key];
  }
  return { found: true, value };
}

async function compile(text: string): Promise<Compiled> {
  const doc = parseJsonDocument(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const first = doc.problems[0];
  if (first !== undefined) {
    return { ok: false, problem: `not valid JSON: line ${first.range.line}: ${first.message}` };
  }
  const root = doc.value;
  if (root === null || typeof root !== "object" || Array.isArray(root)) {
    return { ok: false, problem: "the schema must be a JSON object" };
  }
  const model = buildSchemaModel(root as Record<string, unknown>);
  const dialect = generationDialect(model);
  if (typeof dialect !== "string") return { ok: false, problem: dialect.message };
  const refs = referenceProblems(model);
  if (refs.length > 0) return { ok: false, problem: (refs[0] as { message: string }).message };
  try {
    return { ok: true, validate: await compileLiveValidator(model, dialect) };
  } catch (error) {
    if (error instanceof SchemaProblems) return { ok: false, problem: error.message };
    throw error;
  }
}

/** Validates `report` against the schema whose text is given. */
export async function validateReport(
  schemaText: string,
  report: unknown,
): Promise<ReportValidation> {
  let compiled = cache.get(schemaText);
  if (compiled === undefined) {
    compiled = compile(schemaText);
    cache.set(schemaText, compiled);
  }
  const result = await compiled;
  if (!result.ok) return result;
  const { validate } = result;
  if (validate(report)) return { ok: true, violations: [] };
  const violations = (validate.errors ?? []).map((error): ReportViolation => {
    const params = error.params ?? {};
    let pointer = error.instancePath;
    let message = error.message ?? "is invalid";
    if (error.keyword === "required" || error.keyword === "dependentRequired") {
      pointer += `/${escapeSegment(params.missingProperty)}`;
      message = "is required but missing";
    } else if (error.keyword === "additionalProperties") {
      pointer += `/${escapeSegment(params.additionalProperty)}`;
      message = "is not allowed: the schema has no such property";
    } else if (error.keyword === "unevaluatedProperties") {
      pointer += `/${escapeSegment(params.unevaluatedProperty)}`;
      message = "is not allowed: the schema has no such property";
    } else if (error.keyword === "enum") {
      const allowed = (params.allowedValues as unknown[] | undefined) ?? [];
      message = `must be one of ${allowed.map((value) => JSON.stringify(value)).join(", ")}`;
    } else if (error.keyword === "const") {
      message = `must be ${JSON.stringify(params.allowedValue)}`;
    } else if (error.keyword === "type") {
      const at = valueAt(report, pointer);
      const types = ([] as unknown[]).concat(params.type).join(" or ");
      if (at.found) message = `must be ${types}, not ${kindOf(at.value)}`;
    }
    return { pointer, message, keyword: error.keyword };
  });
  return { ok: true, violations };
}
