import { defineEngineRule } from "../../rule.js";

/**
 * ESLint's warning for a file given on stdin whose `--stdin-filename` the config's `ignores`
 * drop: the file is not linted, and the result says why (`run.ts`). `--no-ignore` lints it.
 */
export default defineEngineRule({
  id: "internal/ignored",
  description:
    'The file read from stdin is not linted: its --stdin-filename matches "ignores" in the config (--no-ignore lints it).',
  defaultSeverity: "warning",
});
