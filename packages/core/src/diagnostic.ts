/** The one diagnostic type every tool reports. Positions are 1-based; end is exclusive. */

export type Severity = "error" | "warning" | "info";

export interface TextEdit {
  /** UTF-16 offsets into the file's decoded text: [start, end). */
  range: [number, number];
  text: string;
}

export interface Fix {
  /** What the fix does, for `--fix-dry-run` style output. */
  description: string;
  edits: TextEdit[];
}

export interface Diagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Absolute path of the file the diagnostic is about. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fix?: Fix;
  /** A one-line hint of how to fix it by hand when there is no automatic fix. */
  hint?: string;
}
