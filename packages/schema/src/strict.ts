/**
 * `@ops-skill/schema/strict`: only the strict-mode checks (the schema model, the limits table
 * and the checks), for tools that must judge a schema as the API does without loading the
 * rest of the toolkit (the fixer, type generation, the lint plugin): mock-codex fails a turn
 * with the API's first error message through this entry.
 */
import { apiErrorText, checkStrictSchema } from "./check.js";

export { apiErrorText, checkStrictSchema, type SchemaProblem } from "./check.js";

/**
 * The body of the HTTP 400 the Responses API answers for an output schema strict mode rejects:
 * its first problem (in file order), worded as the API words it; undefined when strict mode
 * accepts the schema. Codex prints this body as the turn's error.
 */
export function strictModeRejection(schema: unknown): string | undefined {
  const first = checkStrictSchema(schema).find((problem) => problem.severity === "error");
  if (first === undefined) return undefined;
  return JSON.stringify({
    error: {
      message: apiErrorText(first.message),
      type: "invalid_request_error",
      param: "text.format.schema",
      code: "invalid_json_schema",
    },
  });
}
