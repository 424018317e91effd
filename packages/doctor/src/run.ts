/** `ops-skill doctor` as a function: read, judge, fix, format, and the exit code. */
import { dirname, isAbsolute, resolve } from "node:path";
import {
  describeWriteFailure,
  findProjectRoot,
  makeFolders,
  writeFailure,
  writeFileSafely,
} from "@ops-skill/core";
import { ConfigError, formatters, ignoreMatcher, type LoadedConfig } from "@ops-skill/lint";
import { visibleLine } from "@ops-skill/lint/visible";
import { runDoctor } from "./doctor.js";
import { applyDoctorFixes } from "./fix.js";
import type { DoctorResult, DoctorSettings } from "./model.js";
import { doctorLintResult } from "./report/lint-result.js";
import { doctorText, shownPath } from "./report/text.js";

/** `text` (the checklist) and every lint format but stylish. */
export const DOCTOR_FORMATS = [
  "text",
  "json",
  "json-with-metadata",
  "sarif",
  "github",
  "junit",
] as const;

export interface RunDoctorOptions {
  cwd: string;
  inputs: readonly string[];
  commandLine?: string;
  format?: string;
  color?: boolean;
  fix?: boolean;
  /** Consent for fixes outside the repository (the trust entries of the user's Codex home). */
  trust?: boolean;
  outputFile?: string;
  root?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * The config (`loadConfig` of `@ops-skill/lint`, the one the linter reads): its `ignores`
   * drop schedules as they drop files to lint, `doctor.schedules` adds places to look, and
   * `doctor.monthlyTokenBudget` is the default of `settings`.
   */
  config?: LoadedConfig;
  settings?: DoctorSettings;
}

export interface RunDoctorOutcome {
  output: string;
  errorOutput: string;
  exitCode: 0 | 1 | 2;
  result?: DoctorResult;
}

export async function runDoctorCommand(options: RunDoctorOptions): Promise<RunDoctorOutcome> {
  const format = options.format ?? "text";
  if (!(DOCTOR_FORMATS as readonly string[]).includes(format))
    return usage(`unknown format "${format}"; choose one of ${DOCTOR_FORMATS.join(", ")}`);
  if (options.trust && !options.fix) return usage("--trust is the consent for --fix: give both");
  const root = options.root ?? (await findProjectRoot(options.cwd));
  const loaded = options.config;
  let isIgnored: ((path: string) => boolean) | undefined;
  try {
    if (loaded) isIgnored = await ignoreMatcher(loaded);
  } catch (error) {
    if (error instanceof ConfigError) return usage(visibleLine(error.message));
    throw error;
  }
  const { schedules, ...configured } = loaded?.config.doctor ?? {};
  const settings = options.settings ?? configured;
  const doctorOptions = {
    cwd: options.cwd,
    root,
    inputs: options.inputs,
    ...(options.commandLine === undefined ? {} : { commandLine: options.commandLine }),
    ...(options.env ? { env: options.env } : {}),
    settings,
    ...(isIgnored ? { isIgnored } : {}),
    ...(loaded && schedules
      ? { schedules: schedules.map((path) => resolve(loaded.baseDir, path)) }
      : {}),
  };
  let result = await runDoctor(doctorOptions);
  // As the linter says of a path whose every file `ignores` drops: named, and exit 2.
  const ignored = (result.ignoredInputs ?? []).map(
    (input) =>
      `ops-skill doctor: every schedule in ${visibleLine(shownPath(options.cwd, input))} is ignored by "ignores" in ${visibleLine(loaded?.filepath ?? "the config")}\n`,
  );
  if (result.runs.length === 0 && result.problems.length === 0)
    return ignored.length > 0
      ? { output: "", errorOutput: ignored.join(""), exitCode: 2 }
      : usage(
          options.inputs.length === 0 && options.commandLine === undefined
            ? `no schedule that runs codex exec in ${visibleLine(root)} (looked in .github/workflows/, cron/, *.cron${schedules?.length ? `, the doctor.schedules of ${visibleLine(loaded?.filepath ?? "the config")}` : ""} and the scripts that call codex exec); name one, or give --command "codex exec ..."`
            : `no codex exec run in ${options.inputs.map((i) => visibleLine(i)).join(", ") || "the command line"}: nothing was checked`,
        );
  const notes: string[] = [...ignored];
  if (options.fix) {
    const fixed = await applyDoctorFixes(result, { root, consent: options.trust ?? false });
    for (const change of fixed.changed)
      notes.push(
        `ops-skill doctor: fixed ${visibleLine(shownPath(options.cwd, change.path))}: ${change.descriptions.map(visibleLine).join("; ")}\n`,
      );
    for (const skip of fixed.skipped)
      notes.push(
        `ops-skill doctor: not fixed ${visibleLine(shownPath(options.cwd, skip.path))}: ${visibleLine(skip.description)} (${visibleLine(skip.why)})\n`,
      );
    if (fixed.failure)
      return {
        output: "",
        errorOutput: `${notes.join("")}ops-skill doctor: ${visibleLine(fixed.failure)}\n`,
        exitCode: 2,
      };
    // What the fixes changed is judged again: the report says what holds now.
    if (fixed.changed.length > 0) result = await runDoctor(doctorOptions);
  }
  const formatted =
    format === "text"
      ? doctorText(result, { cwd: options.cwd, color: options.color ?? false })
      : (formatters[format]?.(doctorLintResult(result), { cwd: options.cwd, color: false }) ?? "");
  const breaks =
    result.problems.length > 0 ||
    result.runs.some((run) => run.verdicts.some((v) => v.status === "breaks"));
  if (options.outputFile !== undefined) {
    const path = isAbsolute(options.outputFile)
      ? options.outputFile
      : resolve(options.cwd, options.outputFile);
    let written: Awaited<ReturnType<typeof writeFileSafely>>;
    try {
      makeFolders(dirname(path));
      written = await writeFileSafely(path, formatted, { root: dirname(path) });
    } catch (error) {
      written = writeFailure(path, error, "cannot create the report's folder");
    }
    if (!written.ok)
      return {
        output: "",
        errorOutput: `${notes.join("")}ops-skill doctor: ${visibleLine(describeWriteFailure(written, options.outputFile))}\n`,
        exitCode: 2,
      };
  }
  return {
    output: options.outputFile === undefined ? formatted : "",
    errorOutput: notes.join(""),
    exitCode: ignored.length > 0 ? 2 : breaks ? 1 : 0,
    result,
  };
}

function usage(message: string): RunDoctorOutcome {
  return { output: "", errorOutput: `ops-skill doctor: ${message}\n`, exitCode: 2 };
}
