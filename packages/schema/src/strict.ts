/**
 * `@ops-skill/schema/strict`: only the strict-mode checks (the schema model, the limits table
 * and the checks), for tools that must judge a schema as the API does without loading the
 * rest of the toolkit (the fixer, type generation, the lint plugin): mock-codex fails a turn
 * with the API's first error message through this entry.
 */
export { apiErrorText, checkStrictSchema, type SchemaProblem } from "./check.js";
