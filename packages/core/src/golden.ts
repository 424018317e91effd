/**
 * Golden files: what a run printed or generated, compared with the files that hold what it
 * must print, and rewritten only when asked (`update`, the `UPDATE_GOLDENS=1` of our tests, the
 * `--update` of a test runner). The one way every golden in the project is read and written:
 * through core's reader and its writer.
 */
import { type Dirent, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { type WriteFailure, writeFileSafely } from "./fs.js";
import { readRegularText } from "./read-file.js";

export type GoldenVerdict =
  | { name: string; status: "same" }
  | { name: string; status: "differs"; expected: string }
  | { name: string; status: "missing" }
  /** A golden no output claims (only with `orphans`). */
  | { name: string; status: "orphan" };

export interface GoldenOptions {
  /** Write what differs or is missing, and remove orphans, instead of reporting them. */
  update: boolean;
  /** Added to each output's name to name its golden file (`.golden`). */
  suffix?: string;
  /** Whether every file of `dir` ending in `suffix` is a golden, so one no output claims is an orphan. */
  orphans?: boolean;
}

export interface GoldenReport {
  /** One per output (by name), then the orphans; after an update, what was found before it. */
  verdicts: GoldenVerdict[];
  /** Goldens written or removed by an update. */
  changed: string[];
  /** Writes an update could not make (the golden is as it was). */
  failures: WriteFailure[];
}

/** Compares each output of `actual` (name → text) with `<dir>/<name><suffix>`. */
export async function checkGoldens(
  dir: string,
  actual: ReadonlyMap<string, string>,
  options: GoldenOptions,
): Promise<GoldenReport> {
  const suffix = options.suffix ?? "";
  const verdicts: GoldenVerdict[] = [];
  for (const [name, text] of actual) {
    const read = readRegularText(join(dir, `${name}${suffix}`));
    if (!read.ok) verdicts.push({ name, status: "missing" });
    else if (read.text === text) verdicts.push({ name, status: "same" });
    else verdicts.push({ name, status: "differs", expected: read.text });
  }
  if (options.orphans)
    for (const name of goldenNames(dir, suffix))
      if (!actual.has(name)) verdicts.push({ name, status: "orphan" });
  const report: GoldenReport = { verdicts, changed: [], failures: [] };
  if (!options.update) return report;
  for (const verdict of verdicts) {
    if (verdict.status === "same") continue;
    const path = join(dir, `${verdict.name}${suffix}`);
    if (verdict.status === "orphan") {
      rmSync(path, { force: true });
      report.changed.push(verdict.name);
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    const written = await writeFileSafely(path, actual.get(verdict.name) as string, { root: dir });
    if (written.ok) report.changed.push(verdict.name);
    else report.failures.push(written);
  }
  return report;
}

/** Names (relative, `/`-separated, without `suffix`) of the files below `dir` ending in it. */
function goldenNames(dir: string, suffix: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .map((name) => name.slice(0, name.length - suffix.length))
    .sort();
}
