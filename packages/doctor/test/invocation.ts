/**
 * The one way the doctor's tests build an `Invocation` by hand: the words after `codex` read as
 * the schedule readers read them (`readCodexArgs`, then `execOptions`: clap's parsing by
 * mock-codex's `parseExecArgs`), so the options a check sees always agree with the command line
 * it shows. The fixture helpers (`checks-a/helpers.ts`, `checks-b.ts`, `sandbox/helpers.ts`,
 * `sample-result.ts`) only choose their fixture's defaults and call this.
 */
import { basename, resolve } from "node:path";
import type { Invocation, Location, ScheduleKind } from "../src/model.js";
import { execOptions, readCodexArgs } from "../src/schedules/codex-argv.js";

/** The words of a shell line: blanks split, '...' and "..." quote (enough for the tests' lines). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (const char of line) {
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else word = (word ?? "") + char;
    } else if (char === "'" || char === '"') {
      quote = char;
      word ??= "";
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? "") + char;
  }
  if (word !== undefined) words.push(word);
  return words;
}

export interface InvocationSpec
  extends Partial<Omit<Invocation, "argv" | "options" | "cwd" | "source" | "location">> {
  /** The words after `codex` (`exec`, its options, the prompt), or them as one line. */
  command: string | readonly string[];
  /** The folder `codex` is started in (its `-C` is resolved from here). */
  start: string;
  /** The schedule file (default `<start>/run.sh`), and the run's line and column in it (1:1). */
  file?: string;
  line?: number;
  column?: number;
  /** Default `script`; a crontab's run does not inherit the login environment. */
  kind?: ScheduleKind;
  /** Default `<file name>:<line>`. */
  name?: string;
}

/** The run a schedule reader would make of `codex <command>` in `start`. */
export function invocationOf(spec: InvocationSpec): Invocation {
  const {
    command,
    start,
    file: given,
    line = 1,
    column = 1,
    kind = "script",
    name,
    ...rest
  } = spec;
  const argv = typeof command === "string" ? shellWords(command) : [...command];
  const read = readCodexArgs(argv);
  if (read.kind === "refused") throw new Error(`codex refuses ${argv.join(" ")}: ${read.message}`);
  if (read.kind !== "exec") throw new Error(`not a codex exec line: ${argv.join(" ")}`);
  const file = given ?? resolve(start, "run.sh");
  const location: Location = { file, line, column };
  const options = execOptions(read.parsed, [], location);
  const prompt = read.parsed.prompt;
  return {
    source: { kind, file, name: name ?? `${basename(file)}:${line}` },
    location,
    argv,
    cwd: options.cd === undefined ? start : resolve(start, options.cd),
    cwdKnown: true,
    env: [],
    inheritsLoginEnv: kind !== "crontab",
    options,
    ...(prompt === undefined ? {} : { prompt }),
    reportUses: [],
    ...rest,
  };
}
