/**
 * How the call server answers one tool call (docs/testing.md, "Tool shims"): the record that
 * answers it (same tool, same argument vector, and the same stdin when the record names one;
 * a record answers once unless `repeat`), or why nothing does, naming the nearest record and
 * what differs. Pure: the table and the uses so far in, the decision out.
 */
import { editDistance } from "@ops-skill/mock-codex";

/** Bytes of a record as the server sends them: inline, or a side file streamed as it is. */
export type TableBytes = { text: string } | { base64: string } | { file: string } | null;

export interface TableRecord {
  id: number;
  /** `file:line` of the record, for messages. */
  source: string;
  tool: string;
  args: readonly string[];
  stdin: TableBytes;
  stdout: TableBytes;
  stderr: TableBytes;
  exit: number;
  repeat: boolean;
}

/** What the server answers from. */
export interface CallTable {
  /** The calls file, as messages name it. */
  calls: string;
  clock: { epoch: number; tz: string };
  /** The real `date` program that prints the frozen clock, when there is one. */
  realDate: string | null;
  recordings: readonly TableRecord[];
}

/** One call as the shim sent it; `stdin` is undefined when it was not read, null when it stayed open. */
export interface AskedCall {
  tool: string;
  args: readonly string[];
  stdin: Buffer | null | undefined;
}

/** Exit code of a call nothing answers (the shell's "command not found"). */
export const UNRECORDED_EXIT = 127;

export type ReadBytes = (bytes: NonNullable<TableBytes>) => Buffer;

const sameArgs = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((arg, k) => arg === b[k]);

function stdinMatches(record: TableRecord, stdin: Buffer | null | undefined, read: ReadBytes) {
  if (record.stdin === null) return true;
  return stdin !== null && stdin !== undefined && read(record.stdin).equals(stdin);
}

/** Whether a record of this very call compares stdin (only then is stdin read). */
export function needsStdin(table: CallTable, tool: string, args: readonly string[]): boolean {
  return table.recordings.some(
    (record) => record.tool === tool && record.stdin !== null && sameArgs(record.args, args),
  );
}

/** A word as a shell would need it, for messages. */
export function quoteWord(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we look for
  if (/[\u0000-\u001f\u007f]/.test(word)) return `$${JSON.stringify(word).replace(/'/g, "\\'")}`;
  return `'${word.replace(/'/g, "'\\''")}'`;
}

export const commandLine = (tool: string, args: readonly string[]) =>
  [tool, ...args].map(quoteWord).join(" ");

function describeDifference(
  args: readonly string[],
  stdin: Buffer | null | undefined,
  record: TableRecord,
  read: ReadBytes,
): string | undefined {
  const recorded = record.args;
  const shared = Math.min(args.length, recorded.length);
  for (let k = 0; k < shared; k++) {
    if (args[k] !== recorded[k]) {
      return `argument ${k + 1} differs: got ${quoteWord(args[k] as string)}, recorded ${quoteWord(recorded[k] as string)}`;
    }
  }
  if (args.length > recorded.length) {
    return `argument ${shared + 1} is extra: got ${quoteWord(args[shared] as string)} (recorded ${recorded.length} arguments, got ${args.length})`;
  }
  if (args.length < recorded.length) {
    return `argument ${shared + 1} is missing: recorded ${quoteWord(recorded[shared] as string)} (recorded ${recorded.length} arguments, got ${args.length})`;
  }
  if (!stdinMatches(record, stdin, read) && record.stdin !== null) {
    if (stdin === null || stdin === undefined) {
      return "stdin differs: it was still open when the shim stopped waiting";
    }
    const want = read(record.stdin);
    let at = 0;
    while (at < want.length && at < stdin.length && want[at] === stdin[at]) at++;
    return `stdin differs at byte ${at}: got ${stdin.length} bytes, recorded ${want.length}`;
  }
  return undefined;
}

/** Why no record answers the call, naming the nearest one. */
export function explainUnmatched(
  table: CallTable,
  call: AskedCall,
  uses: ReadonlyMap<number, number>,
  read: ReadBytes,
): string {
  const { tool, args, stdin } = call;
  const own = table.recordings.filter((record) => record.tool === tool);
  const head = `ops-skill test: unrecorded call, not run: ${commandLine(tool, args)}`;
  if (own.length === 0) {
    return `${head}\n  no call of ${tool} is recorded in this scenario (${table.calls})`;
  }
  const exact = own.filter((r) => sameArgs(r.args, args) && stdinMatches(r, stdin, read));
  if (exact.length > 0) {
    const last = exact[exact.length - 1] as TableRecord;
    const made = exact.reduce((n, r) => n + (uses.get(r.id) ?? 0), 0) + 1;
    return `${head}\n  recorded ${exact.length} time(s) (last at ${last.source}), and this is call ${made}: record another answer, or set "repeat": true`;
  }
  let nearest = own[0] as TableRecord;
  let best = Number.POSITIVE_INFINITY;
  for (const record of own) {
    const distance =
      editDistance(call.args, record.args) + (stdinMatches(record, stdin, read) ? 0 : 0.5);
    if (distance < best) {
      best = distance;
      nearest = record;
    }
  }
  return (
    `${head}\n  nearest recorded call (${nearest.source}): ${commandLine(tool, nearest.args)}` +
    `\n  ${describeDifference(args, stdin, nearest, read)}`
  );
}

/** The record answering a call: the first unused match, or a `repeat` one. */
export function pickRecord(
  table: CallTable,
  call: AskedCall,
  uses: ReadonlyMap<number, number>,
  read: ReadBytes,
): TableRecord | undefined {
  const { tool, args, stdin } = call;
  for (const record of table.recordings) {
    if (record.tool !== tool || !sameArgs(record.args, args)) continue;
    if (!stdinMatches(record, stdin, read)) continue;
    if (record.repeat || (uses.get(record.id) ?? 0) === 0) return record;
  }
  return undefined;
}

const DATE_SETTERS = ["set", "file"];
const DATE_LONG = ["date", "set", "file", "reference"];
const DATE_SHORT: Record<string, string> = { d: "date", s: "set", f: "file", r: "reference" };

/** The input options of a `date` call: `-d`, `-s`, `-f`, `-r` and their long forms. */
export function dateInputs(args: readonly string[]): { option: string; value?: string }[] {
  const found: { option: string; value?: string }[] = [];
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as string;
    if (arg === "--") break;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const long = name.length >= 3 ? DATE_LONG.find((o) => o.startsWith(name)) : undefined;
      if (long === undefined) continue;
      const value = eq < 0 ? args[++k] : arg.slice(eq + 1);
      found.push(value === undefined ? { option: long } : { option: long, value });
    } else if (arg.startsWith("-") && arg.length > 1) {
      for (let c = 1; c < arg.length; c++) {
        const letter = arg[c] as string;
        if (letter === "I") break; // -I[FMT]: the rest is its value
        const option = DATE_SHORT[letter];
        if (option === undefined) continue;
        const value = c + 1 < arg.length ? arg.slice(c + 1) : args[++k];
        found.push(value === undefined ? { option } : { option, value });
        break;
      }
    }
  }
  return found;
}

/**
 * `date` with no record: the real date to run at the frozen clock, a date string to check for
 * being relative first, or why it cannot be run.
 */
export function frozenDate(
  table: CallTable,
  args: readonly string[],
): { run: [string, string[]]; relativeProbe?: string } | { problem: string } {
  const real = table.realDate;
  const refuse = (why: string) => ({
    problem: `ops-skill test: ${commandLine("date", args)}: ${why}`,
  });
  if (real === null) return refuse("no real date program was found to print the frozen clock");
  const inputs = dateInputs(args);
  const setter = inputs.find((input) => DATE_SETTERS.includes(input.option));
  if (setter) return refuse(`--${setter.option} is not run in a test; record the call instead`);
  if (inputs.length === 0) return { run: [real, ["-d", `@${table.clock.epoch}`, ...args]] };
  const date = inputs.find((input) => input.option === "date");
  if (date?.value !== undefined && !/^@-?\d+(\.\d+)?$/.test(date.value)) {
    return { run: [real, [...args]], relativeProbe: date.value };
  }
  return { run: [real, [...args]] };
}

/** The refusal of a relative `date -d` (GNU date reads it from the real now: not frozen). */
export function relativeDateProblem(table: CallTable, args: readonly string[], value: string) {
  return `ops-skill test: ${commandLine("date", args)}: ${quoteWord(value)} is relative to the real time, which a test cannot freeze; record the call, or compute from an absolute date or @${table.clock.epoch}`;
}
