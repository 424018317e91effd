/**
 * How often a cron expression runs: its runs in 30 days, counted by `@ops-skill/testing`'s cost
 * model (cron-parser, UTC, over a year without a leap day), so `ops-skill test`'s projection and
 * the doctor's agree. Cron's `@daily`-style names are written out first; `@reboot` has no
 * frequency.
 */
import { runsPer30Days, runsPerYear } from "@ops-skill/testing";

/** Cron's named schedules as five fields (crontab(5)). */
export const CRON_NICKNAMES: Readonly<Record<string, string | undefined>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
  "@reboot": undefined,
};

export type CronRuns = { runsPerMonth: number } | { problem: string } | { never: true };

/** Runs per 30 days of a five-field expression or a nickname; `never` for `@reboot`. */
export function cronRuns(expression: string): CronRuns {
  const text = expression.trim();
  let fields = text;
  if (text.startsWith("@")) {
    if (!(text in CRON_NICKNAMES))
      return { problem: `${JSON.stringify(text)} is no cron schedule name (@daily, @hourly, ...)` };
    const expanded = CRON_NICKNAMES[text];
    if (expanded === undefined) return { never: true };
    fields = expanded;
  }
  const runs = runsPerYear(fields);
  if ("problem" in runs) return runs;
  return { runsPerMonth: runsPer30Days(runs.runsPerYear) };
}
