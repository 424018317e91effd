/**
 * `ops-skill doctor` as a function of its inputs: read the schedules, run every check on each
 * `codex exec` they run, and keep what could not be read as a `breaks` of the `schedule`
 * check. One bad schedule never hides the others.
 */
import { type Dirent, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { CHECKS } from "./checks/index.js";
import {
  CHECK_IDS,
  type DoctorContext,
  type DoctorResult,
  type DoctorSettings,
  type Invocation,
  type ScheduleProblem,
  type Verdict,
} from "./model.js";
import { findSchedules, readSchedule } from "./schedules/index.js";

export interface DoctorOptions {
  /** The working directory; the repository is the git repository around it (or `root`). */
  cwd: string;
  /** The repository root, when the caller knows it. */
  root: string;
  /** Schedule files or folders; none: every schedule `findSchedules` finds in the repository. */
  inputs?: readonly string[];
  /** A bare `codex exec ...` command line (`--command`). */
  commandLine?: string;
  env?: Readonly<Record<string, string | undefined>>;
  settings?: DoctorSettings;
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorResult> {
  const context: DoctorContext = {
    root: options.root,
    settings: options.settings ?? {},
    env: options.env ?? process.env,
  };
  const files =
    options.inputs && options.inputs.length > 0
      ? options.inputs.flatMap((input) => expandInput(resolve(options.cwd, input)))
      : options.commandLine === undefined
        ? findSchedules(context.root)
        : [];
  const reads = [
    ...files.map((file) => readSchedule(file, { root: context.root, env: context.env })),
    ...(options.commandLine === undefined
      ? []
      : [
          readSchedule(
            { commandLine: options.commandLine },
            { root: context.root, env: context.env, cwd: options.cwd },
          ),
        ]),
  ];
  const problems: ScheduleProblem[] = reads.flatMap((read) => read.problems);
  const runs: DoctorResult["runs"] = [];
  for (const invocation of reads.flatMap((read) => read.invocations))
    runs.push({ invocation, verdicts: await judge(invocation, context) });
  return { runs, problems, schedulesRead: files };
}

/**
 * A folder given: the schedules `findSchedules` finds in it, and the workflows right in it (a
 * folder of workflows kept outside `.github/workflows/`); a file: itself.
 */
function expandInput(path: string): string[] {
  let entries: Dirent[] | undefined;
  try {
    if (statSync(path).isDirectory()) entries = readdirSync(path, { withFileTypes: true });
  } catch {
    // Missing or unreadable: the reader says so, naming it.
  }
  if (entries === undefined) return [path];
  const workflows = entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name))
    .map((entry) => join(path, entry.name));
  return [...new Set([...findSchedules(path), ...workflows])].sort();
}

/** Every check on one run, in the checklist's order; a check that throws is its own `breaks`. */
async function judge(invocation: Invocation, context: DoctorContext): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  for (const id of CHECK_IDS) {
    const check = CHECKS[id];
    if (!check) continue;
    try {
      verdicts.push(...(await check(invocation, context)));
    } catch (error) {
      verdicts.push({
        check: id,
        status: "cannot-tell",
        title: `the ${id} check could not finish`,
        reason: `ops-skill doctor failed inside this check: ${(error as Error)?.message ?? String(error)}`,
        fix: "report it with the schedule that caused it",
        location: invocation.location,
      });
    }
  }
  return verdicts;
}
