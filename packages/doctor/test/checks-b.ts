/**
 * Invocations built by hand for the schema, report-file, environment, tools and cost checks'
 * tests: a `codex exec` line parsed as Codex parses it (mock-codex's `parseExecArgs`), in a
 * fixture project under `fixtures/checks-b/`.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { flagValue, parseExecArgs } from "@ops-skill/mock-codex";
import type {
  DoctorContext,
  DoctorSettings,
  EnvEntry,
  Invocation,
  Location,
  ReportUse,
  ScheduleKind,
} from "../src/model.js";
import { execOptions } from "../src/schedules/codex-argv.js";

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "checks-b");

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

export interface RunOptions {
  /** The project (a folder of `fixtures/checks-b/`, or an absolute path). */
  project: string;
  /** The working directory, relative to the project (default: the project). */
  cwd?: string;
  kind?: ScheduleKind;
  env?: Array<Omit<EnvEntry, "location"> & { location?: Location }>;
  reportUses?: Array<Omit<ReportUse, "location"> & { location?: Location }>;
  runsPerMonth?: number;
  /** The cron line of the frequency (default `0 6 * * *`). */
  cron?: string;
  runner?: string;
  program?: string;
  codexHome?: string;
  setupSteps?: Invocation["setupSteps"];
}

/** `codex exec ...` (the words after `codex`) in a fixture project. */
export function run(line: string, options: RunOptions): Invocation {
  const project = resolve(FIXTURES, options.project);
  const start = resolve(project, options.cwd ?? ".");
  const file = join(project, "schedule.txt");
  const at = (line: number): Location => ({ file, line, column: 1 });
  const argv = shellWords(line);
  if (argv[0] !== "exec") throw new Error(`not a codex exec line: ${line}`);
  const parse = parseExecArgs(argv.slice(1));
  if (!parse.ok) throw new Error(parse.stderr);
  const parsed = parse.parsed;
  const kind = options.kind ?? "workflow";
  const value = (long: string) => flagValue(parsed, long);
  const cd = value("cd");
  const cwd = cd === undefined ? start : resolve(start, cd);
  return {
    source: { kind, file, name: `${options.project}:1` },
    location: at(1),
    argv,
    cwd,
    cwdKnown: true,
    env: (options.env ?? []).map((entry) => ({ location: at(1), ...entry })),
    inheritsLoginEnv: kind === "workflow" || kind === "script",
    options: execOptions(parsed, [], at(1)),
    ...(parsed.prompt === undefined ? {} : { prompt: parsed.prompt }),
    ...(options.codexHome === undefined ? {} : { codexHome: options.codexHome }),
    reportUses: (options.reportUses ?? []).map((use) => ({ location: at(2), ...use })),
    ...(options.runsPerMonth === undefined
      ? {}
      : {
          frequency: {
            cron: options.cron ?? "0 6 * * *",
            runsPerMonth: options.runsPerMonth,
            location: at(1),
          },
        }),
    ...(options.runner === undefined ? {} : { runner: options.runner }),
    ...(options.program === undefined ? {} : { program: options.program }),
    ...(options.setupSteps === undefined ? {} : { setupSteps: options.setupSteps }),
  };
}

export function context(
  project: string,
  settings: DoctorSettings = {},
  env: Record<string, string | undefined> = {},
): DoctorContext {
  return { root: resolve(FIXTURES, project), settings, env };
}
