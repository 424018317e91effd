/**
 * The schedules of a repository, for `ops-skill doctor` with no argument: the workflows of
 * `.github/workflows/` (`*.yml`, `*.yaml`), the files of a top-level `cron/` folder, `*.cron`,
 * `*.crontab` and `crontab` files, and the shell scripts (`*.sh`, `*.bash`) that run `codex exec` (a script
 * another schedule found here runs is read through that schedule, not again on its own). The
 * walk never enters the folders the linter never enters either (`node_modules`, `.git`), nor
 * `vendor`, test data (`fixtures`, `__fixtures__`, `testdata`) or another folder whose name
 * starts with a dot; it skips what the config's `ignores` drop (the linter's matcher, given as
 * `isIgnored`), goes at most `MAX_FIND_DEPTH` folders deep and looks at no more than
 * `MAX_FIND_ENTRIES` entries.
 */
import { type Dirent, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { readRegularText } from "@ops-skill/core";
import { DEFAULT_IGNORED_FOLDERS } from "@ops-skill/lint/config";
import { readSchedule } from "./index.js";

export const MAX_FIND_ENTRIES = 20_000;
/** Folders of other people's code or of test data, never schedules of the repository. */
const SKIPPED = new Set([
  ...DEFAULT_IGNORED_FOLDERS,
  "vendor",
  "fixtures",
  "__fixtures__",
  "testdata",
]);
export const MAX_FIND_DEPTH = 8;
/** Scripts larger than this are not searched for `codex exec`. */
const MAX_SCRIPT_BYTES = 1024 * 1024;
/** Characters that may stand before a command's name in a word (`$(codex`, `"codex`). */
const BEFORE_COMMAND = "$;&|(`\"'{";

/** Whether a word names Codex: `codex`, `/path/codex`, `@openai/codex`, `@openai/codex@1.2`. */
function isCodexWord(word: string): boolean {
  let start = 0;
  while (start < word.length && BEFORE_COMMAND.includes(word[start] as string)) start++;
  const name = word.slice(start);
  return name === "codex" || name.endsWith("/codex") || name.split("@")[1] === "openai/codex";
}

/** Whether a line of a script names `codex` and then `exec` (or its alias `e`) as words. */
function runsCodex(text: string): boolean {
  for (const line of text.split("\n")) {
    if (!line.includes("codex")) continue;
    const words = line.split(/[ \t]+/);
    const at = words.findIndex(isCodexWord);
    if (at >= 0 && words.slice(at + 1).some((w) => w === "exec" || w === "e")) return true;
  }
  return false;
}

function list(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Whether the config's `ignores` drop a path (absolute; a folder drops all below it). */
export type IsIgnored = (path: string) => boolean;

const NOTHING_IGNORED: IsIgnored = () => false;

/** Absolute paths of the schedules under `root`, sorted. Never throws. */
export function findSchedules(root: string, isIgnored: IsIgnored = NOTHING_IGNORED): string[] {
  const top = resolve(root);
  const found = new Set<string>();
  const scripts: string[] = [];
  const workflows = join(top, ".github", "workflows");
  for (const entry of isIgnored(workflows) ? [] : list(workflows)) {
    const path = join(workflows, entry.name);
    if (entry.isFile() && /\.ya?ml$/i.test(entry.name) && !isIgnored(path)) found.add(path);
  }
  let seen = 0;
  const walk = (dir: string, depth: number, inCron: boolean) => {
    for (const entry of list(dir)) {
      if (++seen > MAX_FIND_ENTRIES) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (SKIPPED.has(entry.name) || entry.name.startsWith(".") || isIgnored(path)) continue;
        if (depth < MAX_FIND_DEPTH) walk(path, depth + 1, inCron);
        continue;
      }
      if (!entry.isFile() || isIgnored(path)) continue;
      if (inCron || /\.(?:cron|crontab)$/i.test(entry.name) || entry.name === "crontab")
        found.add(path);
      else if (/\.(?:sh|bash)$/i.test(entry.name)) scripts.push(path);
    }
  };
  for (const entry of list(top)) {
    if (!entry.isDirectory() || entry.name !== "cron" || isIgnored(join(top, "cron"))) continue;
    walk(join(top, "cron"), 1, true);
  }
  walk(top, 0, false);
  // Scripts the schedules found run are read through them.
  const followed = new Set<string>();
  for (const file of found) {
    for (const read of readSchedule(file, { root: top }).files ?? []) {
      if (read !== file) followed.add(read);
    }
  }
  const runners: string[] = [];
  for (const script of scripts) {
    if (found.has(script) || followed.has(script)) continue;
    const read = readRegularText(script, { maxBytes: MAX_SCRIPT_BYTES, listedAsFile: true });
    if (read.ok && read.text.includes("codex") && runsCodex(read.text)) runners.push(script);
  }
  // A script another one found runs is read through that one.
  for (const script of runners) {
    for (const read of readSchedule(script, { root: top }).files ?? []) {
      if (read !== script) followed.add(read);
    }
  }
  for (const script of runners) if (!followed.has(script)) found.add(script);
  return [...found].sort();
}
