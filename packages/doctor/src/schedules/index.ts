/**
 * Schedules read into the `codex exec` runs they make: `readSchedule` reads one file (a crontab,
 * a GitHub Actions workflow, a shell script) or a bare command line; `findSchedules` lists the
 * schedules of a repository. Bad input never throws: it is a `ScheduleProblem` naming the file,
 * line and column, and the rest of the file is still read.
 */
import { basename, dirname, isAbsolute, resolve } from "node:path";
import { LineIndex, problemClause, readRegularText } from "@ops-skill/core";
import type { ScheduleKind, ScheduleProblem, ScheduleRead, ScheduleSource } from "../model.js";
import { readCrontab } from "./crontab.js";
import { readShell, runsOf, type ShellState } from "./shell.js";
import { readWorkflow } from "./workflow.js";

export { NO_EXEC_OPTIONS } from "./codex-argv.js";
export { cronCommand, isSystemCrontab, UNKNOWN_HOME } from "./crontab.js";
export { findSchedules, type IsIgnored, MAX_FIND_ENTRIES } from "./find.js";
export { CRON_NICKNAMES, cronRuns } from "./frequency.js";
export { homeKey, jqPathsOf } from "./shell.js";
export { workflowValue } from "./workflow.js";

/** The file name a bare command line is reported under. */
export const COMMAND_FILE = "<command>";
/** Schedules larger than this are not read (a crontab or workflow is a few kilobytes). */
export const MAX_SCHEDULE_BYTES = 1024 * 1024;
/** Runs of one schedule checked: a schedule is a few runs, and each check of a run costs time. */
export const MAX_RUNS_PER_SCHEDULE = 100;
/** Problems of one schedule reported: a file of junk is named, not echoed line by line. */
export const MAX_PROBLEMS_PER_SCHEDULE = 20;

export interface ReadScheduleOptions {
  /** The repository root (absolute): `$GITHUB_WORKSPACE`, where scripts are followed. */
  root: string;
  /** The doctor's environment (`HOME` stands in for a cron job's unknown home). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where a command line is run, and relative paths resolved (default: `root`). */
  cwd?: string;
  /** The kind, when the caller knows it better than the file's name and content. */
  kind?: Exclude<ScheduleKind, "command">;
}

/** Reads a schedule file or a command line into the runs it makes. Never throws. */
export function readSchedule(
  input: string | { commandLine: string },
  options: ReadScheduleOptions,
): ScheduleRead {
  const root = resolve(options.root);
  const cwd = resolve(root, options.cwd ?? root);
  if (typeof input !== "string") return readCommandLine(input.commandLine, root, cwd);
  const file = isAbsolute(input) ? resolve(input) : resolve(cwd, input);
  const read = readRegularText(file, { maxBytes: MAX_SCHEDULE_BYTES });
  if (!read.ok) {
    // A name that is not UTF-8 comes back from the folder's listing with U+FFFD in it.
    if (read.kind === "missing" && file.includes("\uFFFD"))
      return problem(
        file,
        "this schedule's name is not valid UTF-8, so it cannot be opened: rename it",
      );
    return problem(file, `this schedule ${problemClause(read)}`);
  }
  if (read.text.includes("\0")) return problem(file, "this schedule is a binary file, not text");
  const text = read.text.startsWith("\uFEFF") ? read.text.slice(1) : read.text;
  const index = new LineIndex(text);
  const kind = options.kind ?? scheduleKind(file, text);
  const result =
    kind === "workflow"
      ? readWorkflow(text, index, { root, file })
      : kind === "crontab"
        ? readCrontab(index, { root, file, ...(options.env ? { env: options.env } : {}) })
        : readScript(text, index, root, file);
  return {
    ...bounded(result.invocations, result.problems),
    files: [file, ...result.files.filter((f) => f !== file)],
  };
}

/** At most `MAX_RUNS_PER_SCHEDULE` runs and `MAX_PROBLEMS_PER_SCHEDULE` problems, saying so. */
function bounded(
  invocations: ScheduleRead["invocations"],
  problems: ScheduleProblem[],
): Pick<ScheduleRead, "invocations" | "problems"> {
  const kept = problems.slice(0, MAX_PROBLEMS_PER_SCHEDULE);
  const dropped = problems[MAX_PROBLEMS_PER_SCHEDULE];
  if (dropped !== undefined)
    kept.push({
      location: dropped.location,
      message: `${problems.length - MAX_PROBLEMS_PER_SCHEDULE} more problems from here on are not listed`,
    });
  const unchecked = invocations[MAX_RUNS_PER_SCHEDULE];
  if (unchecked !== undefined)
    kept.push({
      location: unchecked.location,
      message: `this schedule runs codex exec ${invocations.length} times; the doctor checks the first ${MAX_RUNS_PER_SCHEDULE} and not this one or the ones after it`,
    });
  return { invocations: invocations.slice(0, MAX_RUNS_PER_SCHEDULE), problems: kept };
}

function problem(file: string, message: string): ScheduleRead {
  return {
    invocations: [],
    problems: [{ location: { file, line: 1, column: 1 }, message }],
    files: [file],
  };
}

/** What a file is: by its place and name first, else by its first lines. */
export function scheduleKind(file: string, text: string): Exclude<ScheduleKind, "command"> {
  const name = basename(file);
  if (/\.ya?ml$/i.test(name)) return "workflow";
  if (/\.(?:sh|bash)$/i.test(name)) return "script";
  if (/\.(?:cron|crontab)$/i.test(name) || /^crontab(?:\..*)?$/i.test(name)) return "crontab";
  const folder = basename(dirname(file));
  if (folder === "cron" || folder === "cron.d") return "crontab";
  if (text.startsWith("#!")) return "script";
  for (const line of text.split("\n", 50)) {
    const trimmed = line.trim();
    // Blank lines, comments and `NAME=value` lines are both a crontab's and a script's.
    if (trimmed === "" || trimmed.startsWith("#") || /^[A-Za-z_]\w*=/.test(trimmed)) continue;
    if (/^(?:@[a-z]+|[0-9*][0-9*/,-]*)\s/.test(trimmed)) return "crontab";
    if (/^(?:on|jobs|name):/.test(trimmed)) return "workflow";
    return "script";
  }
  return "script";
}

/**
 * A shell script, as when it is run by hand or by a schedule that names it: in the repository
 * root unless it `cd`s (`cd "$(dirname "$0")"` is the script's folder), with the login's
 * environment.
 */
function readScript(text: string, index: LineIndex, root: string, file: string) {
  const problems: ScheduleProblem[] = [];
  const files: string[] = [file];
  const source: ScheduleSource = { kind: "script", file, name: basename(file) };
  const state: ShellState = {
    cwd: root,
    cwdKnown: true,
    env: [],
    vars: new Map(),
    scriptPath: file,
    inheritsLoginEnv: true,
    homes: [],
  };
  const events = readShell(
    { text, at: (offset) => ({ file, ...index.positionAt(offset) }), file },
    state,
    { root, source, problems, files },
  );
  const invocations = runsOf(events).map((run) =>
    run.location.file === file
      ? { ...run, source: { ...source, name: `${source.name}:${run.location.line}` } }
      : run,
  );
  return { invocations, problems, files: files.slice(1) };
}

/** A bare `codex exec ...` line (`--command`), run in `cwd` with the user's environment. */
function readCommandLine(line: string, root: string, cwd: string): ScheduleRead {
  const problems: ScheduleProblem[] = [];
  const files: string[] = [];
  const source: ScheduleSource = { kind: "command", file: COMMAND_FILE, name: "command line" };
  const index = new LineIndex(line);
  const state: ShellState = {
    cwd,
    cwdKnown: true,
    env: [],
    vars: new Map(),
    scriptPath: undefined,
    inheritsLoginEnv: true,
    homes: [],
  };
  const events = readShell(
    {
      text: line,
      at: (offset) => ({ file: COMMAND_FILE, ...index.positionAt(offset) }),
      file: COMMAND_FILE,
    },
    state,
    { root, source, problems, files },
  );
  const invocations = runsOf(events);
  if (invocations.length === 0 && problems.length === 0) {
    problems.push({
      location: { file: COMMAND_FILE, line: 1, column: 1 },
      message: "this command line runs no `codex exec`",
    });
  }
  return { invocations, problems, files };
}
