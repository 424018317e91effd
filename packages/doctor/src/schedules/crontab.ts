/**
 * A crontab, read as cron reads it (crontab(5), Vixie/cronie): blank lines and `#` comments
 * skipped; `NAME = value` lines set the environment of the jobs below them, literally (cron
 * expands nothing: `PATH=$PATH:/x` is the text `$PATH:/x`), quotes around the value removed;
 * a job line is five time fields or an `@name`, then the command (in `/etc/crontab` and
 * `cron.d/` files a user name comes first). In the command an unescaped `%` ends the command and
 * the rest, `%` turned into newlines, is its standard input; `\%` is a `%`. The command runs
 * with `/bin/sh -c` in the job's `$HOME`, with cron's bare environment (HOME, LOGNAME, SHELL,
 * `PATH=/usr/bin:/bin`) plus the crontab's lines.
 */
import { basename, dirname } from "node:path";
import type { LineIndex } from "@ops-skill/core";
import type { EnvEntry, Invocation, ScheduleProblem, ScheduleSource } from "../model.js";
import { cronRuns } from "./frequency.js";
import { readShell, runsOf, type ShellState } from "./shell.js";
import { trimEnd } from "./words.js";

/** The working directory assumed for a cron job when neither the crontab nor the doctor's environment says `HOME`. */
export const UNKNOWN_HOME = "/nonexistent";

export interface CrontabOptions {
  root: string;
  file: string;
  /** The doctor's environment: its `HOME` stands in for the cron user's when the crontab sets none. */
  env?: Readonly<Record<string, string | undefined>>;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** `NAME = value` (blanks around `=` allowed, as cron allows them), from a line without its indentation. */
function envLine(trimmed: string): { name: string; value: string } | undefined {
  const name = NAME.exec(trimmed)?.[0];
  if (name === undefined) return undefined;
  let i = name.length;
  while (trimmed[i] === " " || trimmed[i] === "\t") i++;
  if (trimmed[i] !== "=") return undefined;
  i++;
  while (trimmed[i] === " " || trimmed[i] === "\t") i++;
  return { name, value: trimEnd(trimmed.slice(i), " \t") };
}
const FIELD = /^[0-9A-Za-z*?/,#-]+$/;

/** Whether a file is a system crontab (a user field after the time fields). */
export function isSystemCrontab(file: string): boolean {
  return file === "/etc/crontab" || basename(dirname(file)) === "cron.d";
}

export function readCrontab(
  index: LineIndex,
  options: CrontabOptions,
): { invocations: Invocation[]; problems: ScheduleProblem[]; files: string[] } {
  const problems: ScheduleProblem[] = [];
  const invocations: Invocation[] = [];
  const files: string[] = [];
  const env: EnvEntry[] = [];
  const vars = new Map<string, string | undefined>();
  const system = isSystemCrontab(options.file);
  const at = (line: number, column: number) => ({ file: options.file, line, column });
  for (let line = 1; line <= index.lineCount; line++) {
    const raw = index.lineText(line);
    const trimmed = raw.replace(/^[ \t]+/, "");
    const indent = raw.length - trimmed.length;
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const assignment = envLine(trimmed);
    if (assignment !== undefined) {
      const name = assignment.name;
      let value = assignment.value;
      const quoted = /^(['"])(.*)\1$/.exec(value);
      if (quoted !== null) value = quoted[2] as string;
      const entry: EnvEntry = {
        name,
        source: value === "" ? "empty" : "literal",
        value,
        location: at(line, indent + 1),
      };
      env.push(entry);
      vars.set(name, value);
      continue;
    }
    // The schedule: `@name` or five fields; then a user in a system crontab; then the command.
    const words: { text: string; start: number }[] = [];
    const wanted = (trimmed.startsWith("@") ? 1 : 5) + (system ? 1 : 0);
    const pattern = /[^ \t]+/g;
    let match = pattern.exec(raw);
    while (match !== null && words.length < wanted) {
      words.push({ text: match[0], start: match.index });
      match = pattern.exec(raw);
    }
    const timeFields = words.slice(0, trimmed.startsWith("@") ? 1 : 5);
    const odd = timeFields.find((w) => !(w.text.startsWith("@") || FIELD.test(w.text)));
    if (words.length < wanted || match === null || odd !== undefined) {
      problems.push({
        location: at(line, (odd?.start ?? indent) + 1),
        message:
          odd !== undefined
            ? `${JSON.stringify(odd.text)} is not a cron time field: a job line is five fields (minute hour day-of-month month day-of-week) or @daily-style, then the command`
            : "this crontab line is neither a job (five time fields or @daily-style, then the command), an environment setting (NAME=value) nor a comment",
      });
      continue;
    }
    const cron = timeFields.map((w) => w.text).join(" ");
    const runs = cronRuns(cron);
    if ("problem" in runs) {
      problems.push({
        location: at(line, (timeFields[0]?.start ?? indent) + 1),
        message: `cron cannot run this schedule: ${runs.problem}`,
      });
      continue;
    }
    const commandStart = match.index;
    const { command, stdin, offsets } = cronCommand(raw.slice(commandStart));
    const home = vars.get("HOME");
    const fallbackHome = options.env?.HOME;
    const state: ShellState = {
      cwd: home ?? fallbackHome ?? UNKNOWN_HOME,
      cwdKnown: home?.startsWith("/") === true,
      env: [...env],
      vars: new Map(vars),
      scriptPath: undefined,
      inheritsLoginEnv: false,
      homes: [],
    };
    const name = `${basename(options.file)}:${line}`;
    const source: ScheduleSource = { kind: "crontab", file: options.file, name };
    const events = readShell(
      {
        text: command,
        at: (offset) => at(line, commandStart + (offsets[offset] ?? offset) + 1),
        file: options.file,
      },
      state,
      { root: options.root, source, problems, files, ...(stdin === undefined ? {} : { stdin }) },
    );
    const frequency =
      "never" in runs
        ? undefined
        : { cron, runsPerMonth: runs.runsPerMonth, location: at(line, indent + 1) };
    for (const run of runsOf(events)) {
      invocations.push(frequency === undefined ? run : { ...run, frequency });
    }
  }
  return { invocations, problems, files };
}

/**
 * A crontab command as cron runs it: up to the first unescaped `%`; `\%` is `%`; what follows the
 * `%` is standard input with each further `%` a newline. `offsets[i]` is where character `i` of
 * `command` is in the text given.
 */
export function cronCommand(text: string): { command: string; stdin?: string; offsets: number[] } {
  let command = "";
  const offsets: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "\\" && text[i + 1] === "%") {
      offsets.push(i + 1);
      command += "%";
      i++;
      continue;
    }
    if (c === "%") {
      return { command, stdin: `${text.slice(i + 1).replace(/%/g, "\n")}\n`, offsets };
    }
    offsets.push(i);
    command += c;
  }
  return { command, offsets };
}
