/**
 * The Codex home a scheduled run gets, and the `HOME` it starts with, as far as the schedule
 * and this machine tell: a folder here (the schedule's `CODEX_HOME`, or `~/.codex`), the home
 * `ops-skill codex-home` writes from the repository's `schedule/` (a workflow's
 * `CODEX_HOME: ${{ runner.temp }}/codex-home`), a fresh runner's empty home, or unknown.
 */
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  CODEX_HOME_MARKER,
  readScheduleHome,
  SCHEDULE_DIR,
  type ScheduleHomeFiles,
} from "@ops-skill/testing";
import type { DoctorContext, Invocation } from "../model.js";
import { envEntry as entry } from "./_run.js";

export type RunHome =
  /** A folder on this machine (it may not exist: then Codex starts with an empty home). */
  | { kind: "dir"; dir: string; how: string }
  /** What `ops-skill codex-home` writes from `schedule/` (the schedule sets CODEX_HOME to a folder made at run time). */
  | { kind: "schedule"; schedule: ScheduleHomeFiles; root: string; how: string }
  /** A runner that starts with no Codex home at all (a hosted runner's `~/.codex`). */
  | { kind: "fresh"; how: string }
  | { kind: "unknown"; how: string };

/** The run's `HOME`, when it is known on this machine. */
export function runHomeDir(invocation: Invocation, context: DoctorContext): string | undefined {
  const home = entry(invocation, "HOME");
  if (home?.source === "literal" && home.value) return resolve(invocation.cwd, home.value);
  if (home !== undefined && home.source !== "inherited") return undefined;
  // A workflow's runner has a HOME of its own; cron and scripts run as this machine's user.
  if (invocation.source.kind === "workflow") return undefined;
  return context.env.HOME || undefined;
}

/** Where the run's Codex home is. */
export function runHome(invocation: Invocation, context: DoctorContext): RunHome {
  if (invocation.codexHome !== undefined)
    return { kind: "dir", dir: invocation.codexHome, how: `CODEX_HOME=${invocation.codexHome}` };
  const set = entry(invocation, "CODEX_HOME");
  if (set?.source === "literal" && set.value)
    return {
      kind: "dir",
      dir: resolve(invocation.cwd, set.value),
      how: `CODEX_HOME=${set.value}`,
    };
  if (set !== undefined && set.source !== "empty" && set.source !== "inherited") {
    const written = set.value ?? (set.secret ? `secrets.${set.secret}` : "an expression");
    if (existsSync(join(context.root, SCHEDULE_DIR))) {
      const root = realRoot(context.root);
      const schedule = readScheduleHome({ root, profiles: "all", firstLine: CODEX_HOME_MARKER });
      return {
        kind: "schedule",
        schedule,
        root,
        how: `CODEX_HOME (${written}) made by \`ops-skill codex-home\` from ${SCHEDULE_DIR}/`,
      };
    }
    return { kind: "unknown", how: `CODEX_HOME is ${written}, which the doctor cannot follow` };
  }
  if (invocation.source.kind === "workflow" && entry(invocation, "HOME")?.source !== "literal")
    return { kind: "fresh", how: "the runner's own ~/.codex, which a fresh runner does not have" };
  const inherited = invocation.inheritsLoginEnv ? context.env.CODEX_HOME : undefined;
  if (inherited) return { kind: "dir", dir: resolve(inherited), how: `CODEX_HOME=${inherited}` };
  const home = runHomeDir(invocation, context);
  if (home === undefined) return { kind: "unknown", how: "the run's HOME is not known" };
  return { kind: "dir", dir: join(home, ".codex"), how: `${join(home, ".codex")} (HOME/.codex)` };
}

function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return resolve(root);
  }
}

/**
 * The home as a folder Codex's readers can read: the folder itself, or a temporary copy of
 * what `ops-skill codex-home` would write (removed by `done`). Undefined when unknown.
 */
export function homeOnDisk(home: RunHome): { dir: string; done: () => void } | undefined {
  if (home.kind === "dir") return { dir: home.dir, done: () => {} };
  if (home.kind === "unknown") return undefined;
  const dir = mkdtempSync(join(tmpdir(), "ops-skill-doctor-home-"));
  if (home.kind === "schedule")
    for (const file of home.schedule.files) writeFileSync(join(dir, file.name), file.text);
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}
