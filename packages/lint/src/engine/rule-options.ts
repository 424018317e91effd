/**
 * A rule's options from the config, checked against the JSON Schema the rule declares
 * (`RuleMeta.options`), as ESLint checks its rules' `meta.schema`: a wrong type or an unknown
 * option is a usage error naming the config file, the rule and the option, never ignored.
 */
import { createRequire } from "node:module";
import { closestMatch } from "@ops-skill/core";
import type { ErrorObject, ValidateFunction } from "ajv";
import type { RuleMeta } from "../rule.js";

/** Why `options` do not fit `meta.options`, or undefined when they do. */
export function ruleOptionsProblem(
  meta: RuleMeta,
  options: Record<string, unknown>,
): string | undefined {
  const schema = meta.options;
  if (schema === undefined) {
    const given = Object.keys(options);
    return given.length === 0
      ? undefined
      : `rule "${meta.id}" takes no options (got ${given.map((k) => `"${k}"`).join(", ")})`;
  }
  const validate = compile(schema);
  if (validate(options)) return undefined;
  return describe(meta, options, validate.errors?.[0]);
}

function describe(
  meta: RuleMeta,
  options: Record<string, unknown>,
  error: ErrorObject | undefined,
): string {
  const names = Object.keys(meta.options?.properties ?? {});
  if (error?.keyword === "additionalProperties") {
    const unknown = String(error.params.additionalProperty);
    const near = closestMatch(unknown, names);
    return `rule "${meta.id}": unknown option "${unknown}" (${
      near ? `did you mean "${near}"?` : `it takes ${names.map((n) => `"${n}"`).join(", ")}`
    })`;
  }
  const option = error?.instancePath.split("/")[1] ?? "";
  const got = JSON.stringify(options[option]);
  return `rule "${meta.id}": option "${option}" ${error?.message ?? "is invalid"} (got ${got})`;
}

// ajv is loaded on first use: most configs give no rule options, and start-up stays light.
let ajv: { compile(schema: object): ValidateFunction } | undefined;

function compile(schema: object): ValidateFunction {
  if (ajv === undefined) {
    const Ajv = createRequire(import.meta.url)("ajv") as typeof import("ajv").default;
    ajv = new Ajv({ allErrors: false, strict: true });
  }
  return ajv.compile(schema);
}
