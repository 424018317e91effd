/**
 * The readable checklist: each run under its schedule, one line per verdict (works, breaks,
 * cannot tell), the reason and the fix under each that is not "works", and a summary that
 * says what was checked, so a clean result is never a silent one.
 */
import { isAbsolute, relative } from "node:path";
import { findSecrets } from "@ops-skill/core/secrets";
import { visibleLine } from "@ops-skill/lint/visible";
import { quoteShellWord } from "@ops-skill/mock-codex";
import { createColors } from "picocolors";
import type { DoctorResult, Location, Verdict, VerdictStatus } from "../model.js";

export interface TextOptions {
  cwd: string;
  color: boolean;
}

const MARK: Record<VerdictStatus, string> = { works: "✔", breaks: "✖", "cannot-tell": "?" };
/**
 * The command line as it is shown: each credential in it (a key in `-c`, in the prompt) replaced
 * by what may be shown of it (a known prefix, a length), sure or only possible.
 */
function withoutSecrets(command: string): string {
  let shown = "";
  let at = 0;
  for (const secret of findSecrets(command)) {
    if (secret.index < at) continue;
    shown += `${command.slice(at, secret.index)}[${secret.redacted}]`;
    at = secret.index + secret.length;
  }
  return shown + command.slice(at);
}

export function shownPath(cwd: string, file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel === "" ? "." : rel.startsWith("..") && rel.split("/").length > 4 ? file : rel;
}

function where(cwd: string, location: Location): string {
  return `${visibleLine(shownPath(cwd, location.file))}:${location.line}:${location.column}`;
}

export function doctorText(result: DoctorResult, { cwd, color }: TextOptions): string {
  const c = createColors(color);
  const paint: Record<VerdictStatus, (text: string) => string> = {
    works: c.green,
    breaks: c.red,
    "cannot-tell": c.yellow,
  };
  const out: string[] = [];
  for (const problem of result.problems)
    out.push(
      `${c.red(MARK.breaks)} ${where(cwd, problem.location)}: ${visibleLine(problem.message)}`,
      "",
    );
  for (const { invocation, verdicts } of result.runs) {
    out.push(
      c.bold(`${visibleLine(invocation.source.name)} (${where(cwd, invocation.location)})`),
      c.dim(
        `  codex ${visibleLine(withoutSecrets(invocation.argv.map(quoteShellWord).join(" ")))}`,
      ),
    );
    for (const { verdict, titles } of grouped(verdicts)) {
      out.push(
        `  ${paint[verdict.status](`${MARK[verdict.status]} ${verdict.check.padEnd(11)}`)} ${visibleLine(titles.join("; "))}`,
      );
      if (verdict.status !== "works") out.push(...details(verdict, cwd, c.dim));
    }
    out.push("");
  }
  out.push(summary(result));
  return `${out.join("\n")}\n`;
}

/**
 * Verdicts of one check that say the same why and fix (each forbidden command a hook lets
 * run, say) are one entry of the checklist, their titles joined. A "works" line shows its
 * title alone, so works verdicts of one check with one title (the jq paths of each later read
 * of the report, each with its own fields) are one line: the checklist never prints a line
 * twice. The lint formats keep each verdict, with its reason and place.
 */
function grouped(verdicts: readonly Verdict[]): { verdict: Verdict; titles: string[] }[] {
  const groups: { verdict: Verdict; titles: string[] }[] = [];
  const byKey = new Map<string, { verdict: Verdict; titles: string[] }>();
  for (const verdict of verdicts) {
    const key =
      verdict.status === "works"
        ? JSON.stringify([verdict.check, verdict.status, verdict.title])
        : JSON.stringify([verdict.check, verdict.status, verdict.reason, verdict.fix]);
    const same = byKey.get(key);
    if (same) {
      if (!same.titles.includes(verdict.title)) same.titles.push(verdict.title);
      continue;
    }
    const group = { verdict, titles: [verdict.title] };
    groups.push(group);
    byKey.set(key, group);
  }
  return groups;
}

/** A text of several lines (a profile to write), each line under the first, indented. */
function block(text: string, pad: string): string {
  return text
    .split("\n")
    .map((line, index) =>
      index === 0 ? visibleLine(line) : line === "" ? "" : `${pad}      ${visibleLine(line)}`,
    )
    .join("\n")
    .trimEnd();
}

function details(verdict: Verdict, cwd: string, dim: (text: string) => string): string[] {
  const pad = " ".repeat(16);
  return [
    `${pad}${dim("why:")} ${block(verdict.reason, pad)}`,
    ...(verdict.fix === undefined ? [] : [`${pad}${dim("fix:")} ${block(verdict.fix, pad)}`]),
    `${pad}${dim("at:")}  ${where(cwd, verdict.location)}${verdict.fixes?.length ? dim(" (ops-skill doctor --fix applies it)") : ""}`,
  ];
}

/** Counts by status; says what was read, so "every check works" is only said of something. */
export function summary(result: DoctorResult): string {
  const verdicts = result.runs.flatMap((run) => run.verdicts);
  const count = (status: VerdictStatus) => verdicts.filter((v) => v.status === status).length;
  const breaks = count("breaks") + result.problems.length;
  const unknown = count("cannot-tell");
  const runs = result.runs.length;
  const schedules = result.schedulesRead.length;
  const read = `${schedules === 0 ? "a command line" : plural(schedules, "schedule")}, ${plural(runs, "codex exec run")}`;
  const works = count("works");
  const parts = [
    breaks > 0 ? `${breaks} ${breaks === 1 ? "breaks" : "break"}` : undefined,
    unknown > 0 ? `${unknown} cannot tell` : undefined,
    `${works} ${works === 1 ? "works" : "work"}`,
  ].filter((part) => part !== undefined);
  const verdict =
    breaks > 0
      ? "the scheduled run will not do its job"
      : verdicts.length === 0
        ? "nothing was checked"
        : unknown > 0
          ? "nothing breaks; some checks could not tell"
          : "every check works";
  return `${read}: ${parts.join(", ")} — ${verdict}.`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
