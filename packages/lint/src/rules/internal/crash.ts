import { defineEngineRule } from "../../rule.js";

/**
 * An internal error of ops-skill while linting one file: the engine catches it, reports it on
 * that file with this rule, lints every other file as usual and exits 2 (`engine/crash.ts`).
 */
export default defineEngineRule({
  id: "internal/crash",
  description:
    "ops-skill failed on this file with an internal error; its findings may be incomplete and the run exits 2.",
  defaultSeverity: "error",
});
