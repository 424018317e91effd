/**
 * JSON Schema validity: the schema checked against its dialect's meta-schema with ajv
 * (the dialect `dialect.ts` chooses). Only `validateSchema` runs: no
 * user schema is ever compiled, so no user regular expression is ever executed here.
 */
import { createRequire } from "node:module";
import type { Dialect } from "./dialect.js";

/** ajv is loaded on the first schema to check, so linting skills alone never pays for it. */
const require = createRequire(import.meta.url);
type AjvClass = new (options: object) => unknown;

export interface MetaSchemaError {
  /** JSON Pointer into the schema. */
  pointer: string;
  /** ajv's message, with the allowed values when there are some. */
  message: string;
  keyword: string;
}

interface Validator {
  validateSchema(schema: unknown): boolean | Promise<unknown>;
  errors?: Array<{
    instancePath: string;
    keyword: string;
    message?: string;
    params: Record<string, unknown>;
  }> | null;
}

const validators = new Map<Dialect, Validator>();
const AJV_MODULES: Record<Dialect, string> = {
  "2020-12": "ajv/dist/2020",
  "2019-09": "ajv/dist/2019",
  "draft-07": "ajv",
};

function validatorFor(dialect: Dialect): Validator {
  let validator = validators.get(dialect);
  if (validator === undefined) {
    const options = { strict: false, allErrors: true, validateFormats: true } as const;
    const Ajv = require(AJV_MODULES[dialect]) as { default: AjvClass };
    const addFormats = require("ajv-formats") as { default: (ajv: unknown) => void };
    const ajv = new Ajv.default(options);
    addFormats.default(ajv);
    validator = ajv as unknown as Validator;
    validators.set(dialect, validator);
  }
  return validator;
}

const COMBINATORS = new Set(["anyOf", "oneOf", "allOf", "if", "not"]);

export function validateAgainstMetaSchema(schema: unknown, dialect: Dialect): MetaSchemaError[] {
  const validator = validatorFor(dialect);
  // The dialect is chosen already; ajv would otherwise look `$schema` up and throw on one it
  // does not know. `$schema` is validated as the root's string below.
  const subject =
    schema !== null && typeof schema === "object" && !Array.isArray(schema) && "$schema" in schema
      ? Object.fromEntries(Object.entries(schema).filter(([key]) => key !== "$schema"))
      : schema;
  const extra: MetaSchemaError[] =
    subject !== schema && typeof (schema as { $schema: unknown }).$schema !== "string"
      ? [{ pointer: "/$schema", message: "must be a string (a URI)", keyword: "type" }]
      : [];
  if (validator.validateSchema(subject) === true) return extra;
  const raw = validator.errors ?? [];
  const byPath = new Map<string, typeof raw>();
  for (const error of raw) {
    // `pattern` values are checked by schema/pattern-invalid, with a clearer message.
    if (error.keyword === "format" && error.params.format === "regex") continue;
    let list = byPath.get(error.instancePath);
    if (list === undefined) {
      list = [];
      byPath.set(error.instancePath, list);
    }
    list.push(error);
  }
  const out: MetaSchemaError[] = [...extra];
  for (const [path, errors] of byPath) {
    const concrete = errors.filter((e) => !COMBINATORS.has(e.keyword));
    // Errors under a failed anyOf are the alternatives; the first one says it best.
    const picked = errors.some((e) => COMBINATORS.has(e.keyword)) ? concrete.slice(0, 1) : concrete;
    const seen = new Set<string>();
    for (const error of picked.length > 0 ? picked : errors.slice(0, 1)) {
      const allowed = error.params.allowedValues;
      const message =
        (error.message ?? error.keyword) +
        (Array.isArray(allowed) ? ` (${allowed.map((v) => JSON.stringify(v)).join(", ")})` : "");
      if (seen.has(message)) continue;
      seen.add(message);
      out.push({ pointer: path, message, keyword: error.keyword });
    }
  }
  return out;
}
