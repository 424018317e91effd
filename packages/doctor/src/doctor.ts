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
import { findSchedules, type IsIgnored, readSchedule } from "./schedules/index.js";

export interface DoctorOptions {
  /** The working directory; the repository is the git repository around it (or `root`). */
  cwd: string;
  /** The repository root, when the caller knows it. */
  root: string;
  /**
   * Schedule files or folders; none: every schedule `findSchedules` finds in the repository,
   * and those of `schedules`.
   */
  inputs?: readonly string[];
  /** Files or folders (absolute) read besides those found when no input is given. */
  schedules?: readonly string[];
  /** What the config's `ignores` drop: never read, found or given (see `ignoredInputs`). */
  isIgnored?: IsIgnored;
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
  const { files, ignoredInputs } = scheduleFiles(options);
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
  return {
    runs,
    problems,
    schedulesRead: files,
    ...(ignoredInputs.length > 0 ? { ignoredInputs } : {}),
  };
}

/**
 * The schedule files a run reads: those of the inputs, in their order; with none (and no
 * command line), those `findSchedules` finds in the repository and those of `schedules`,
 * sorted. `ignores` drop files wherever they come from; an input whose every schedule they
 * drop is named in `ignoredInputs`.
 */
export function scheduleFiles(
  options: Pick<
    DoctorOptions,
    "cwd" | "root" | "inputs" | "schedules" | "isIgnored" | "commandLine"
  >,
): { files: string[]; ignoredInputs: string[] } {
  const isIgnored = options.isIgnored ?? (() => false);
  const search = !options.inputs?.length && options.commandLine === undefined;
  const given = options.inputs?.length
    ? options.inputs.map((input) => resolve(options.cwd, input))
    : search
      ? (options.schedules ?? [])
      : [];
  const files = new Set<string>();
  const ignoredInputs: string[] = [];
  for (const input of given) {
    const all = expandInput(input, isIgnored);
    const kept = all.filter((file) => !isIgnored(file));
    if (kept.length === 0 && (all.length > 0 || isIgnored(input))) ignoredInputs.push(input);
    for (const file of kept) files.add(file);
  }
  if (search) for (const file of findSchedules(options.root, isIgnored)) files.add(file);
  return { files: search ? [...files].sort() : [...files], ignoredInputs };
}

/**
 * A folder given: the schedules `findSchedules` finds in it, and the workflows right in it (a
 * folder of workflows kept outside `.github/workflows/`); a file: itself.
 */
function expandInput(path: string, isIgnored: IsIgnored): string[] {
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
  return [...new Set([...findSchedules(path, isIgnored), ...workflows])].sort();
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
