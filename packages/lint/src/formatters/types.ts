import type { LintResult } from "../engine/lint.js";

export interface FormatContext {
  /** Paths in the output are relative to this directory where a format allows. */
  cwd: string;
  /** Colour output (stylish only); the CLI sets it from the terminal. */
  color: boolean;
}

export type Formatter = (result: LintResult, context: FormatContext) => string;
