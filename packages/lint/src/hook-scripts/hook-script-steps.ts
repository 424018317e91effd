/** The steps the hook-script readers turn a script into, and helpers they share. */

export type Stream = "stdout" | "stderr";

/** Text a step writes. `dynamic`: built at run time; `text` holds a placeholder for it. */
export interface Piece {
  stream: Stream;
  text: string;
  line: number;
  dynamic: boolean;
  /** Output of another program the reader cannot see: maybe nothing at all. */
  unknown?: boolean;
}

export type ExitCode = number | "dynamic";

/** The steps a reader turns a script into; the explorer walks every way through them. */
export type Step =
  | { kind: "print"; pieces: Piece[]; line: number }
  | { kind: "exit"; code: ExitCode | "last"; line: number }
  | { kind: "signal"; line: number }
  /** Sets the status the next `cond` tests (shell `$?`). */
  | { kind: "status"; code: ExitCode }
  /** Runs `yes` when the last status is zero (`on: "zero"`) or not, `no` otherwise. */
  | {
      kind: "cond";
      on: "zero" | "nonzero";
      yes: Step[];
      no?: Step[];
      /** An `if` without a branch taken leaves status 0. */
      resetOnSkip?: boolean;
      line: number;
    }
  | { kind: "branch"; arms: Step[][]; line: number }
  | { kind: "negate" }
  /** `quiet`: its stdout and stderr go elsewhere (when backgrounded, it holds nothing open). */
  | { kind: "sleep"; seconds: number; line: number; quiet?: boolean }
  /** A background child keeps stdout and stderr open for `seconds` (Infinity: unknown). */
  | { kind: "hold"; seconds: number; line: number }
  | { kind: "group"; steps: Step[]; stdoutTo?: Stream | "null"; subshell?: boolean }
  /** `exec >&2` and the like: where stdout goes from here on. */
  | { kind: "redirect-stdout"; to: Stream | "null" }
  | { kind: "call"; name: string; line: number; exitOnReturn?: boolean }
  | { kind: "return"; code: ExitCode | undefined; line: number }
  /** Node's `process.exitCode = N`: the status when the script ends on its own. */
  | { kind: "exit-code"; code: ExitCode };

/** A place where the script's output cannot be read. */
export interface Unreadable {
  line: number;
  reason: string;
}

export interface ReaderResult {
  steps: Step[];
  functions: Map<string, Step[]>;
  unreadable: Unreadable[];
}

// ------------------------------------------------------------------------------------------
// Shared helpers for the readers.

/** Stands for a value built at run time inside printed text. */
export const PLACEHOLDER = "X";

/** Python's `repr` of a value (single-quoted strings, `True`, `None`). */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const body = value
      .replace(/\\/g, "\\\\")
      .replace(/\n/g, "\\n")
      .replace(/\t/g, "\\t")
      .split(quote)
      .join(`\\${quote}`);
    return `${quote}${body}${quote}`;
  }
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`)
    .join(", ")}}`;
}

/** Node's `util.inspect` of a plain value, as `console.log` prints an object (one line). */
export function nodeInspect(value: unknown, nested = false): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "string")
    return nested
      ? `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`
      : value;
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value))
    return value.length === 0 ? "[]" : `[ ${value.map((v) => nodeInspect(v, true)).join(", ")} ]`;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return "{}";
  const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`);
  return `{ ${entries.map(([k, v]) => `${key(k)}: ${nodeInspect(v, true)}`).join(", ")} }`;
}
