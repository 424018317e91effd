/**
 * Invocations built by hand for the schema, report-file, environment, tools and cost checks'
 * tests: a `codex exec` line (read by `invocationOf`) in a fixture project under
 * `fixtures/checks-b/`.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type {
  DoctorContext,
  DoctorSettings,
  EnvEntry,
  Invocation,
  Location,
  ReportUse,
  ScheduleKind,
} from "../src/model.js";
import { invocationOf } from "./invocation.js";

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "checks-b");

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
  const file = join(project, "schedule.txt");
  const at = (line: number): Location => ({ file, line, column: 1 });
  return invocationOf({
    command: line,
    start: resolve(project, options.cwd ?? "."),
    file,
    kind: options.kind ?? "workflow",
    name: `${options.project}:1`,
    env: (options.env ?? []).map((entry) => ({ location: at(1), ...entry })),
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
  });
}

export function context(
  project: string,
  settings: DoctorSettings = {},
  env: Record<string, string | undefined> = {},
): DoctorContext {
  return { root: resolve(FIXTURES, project), settings, env };
}
