/**
 * Tool shims: a folder of executables put first on PATH, one per shimmed tool, each answering
 * from the scenario's recorded calls through the one shared program `shim/runtime.cjs`; a home
 * folder whose login profile and `BASH_ENV` put the shims back first on PATH after the system
 * profile reset it (Codex runs every command as `/bin/bash -lc`); the frozen clock; and the log
 * of every call, read back to list unused records and forbidden commands.
 */
import { accessSync, chmodSync, constants, mkdirSync, writeFileSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { RecordedBytes, ToolRecording } from "./recordings.js";
import type { FrozenClock } from "./scenario.js";

/** The program every shim runs (shipped beside `dist/` and `src/`). */
export const SHIM_RUNTIME = fileURLToPath(new URL("../shim/runtime.cjs", import.meta.url));

/** The PATH after the shims unless the caller gives one: where the tools scripts need live. */
export const DEFAULT_BASE_PATH = "/usr/local/bin:/usr/bin:/bin";

export interface ShimOptions {
  /** An empty folder the shims are written to (it must not hold `:` or a newline). */
  dir: string;
  /** The scenario folder: side files are relative to it. */
  scenarioDir: string;
  recordings: readonly ToolRecording[];
  /** Every tool to shim (recorded or not: an unrecorded call fails closed). */
  tools: readonly string[];
  clock: FrozenClock;
  /** The folders after the shims on PATH. */
  basePath?: string;
  /** More variables for the run (the scenario's `env`). */
  env?: Record<string, string>;
  /** The node the shims run on (default: this one). */
  node?: string;
  /**
   * How long a shim waits for stdin to close when a record compares it (default 10 s); then
   * the call fails closed instead of hanging.
   */
  stdinTimeoutMs?: number;
}

export interface ShimSetup {
  dir: string;
  /** The folder put first on PATH. */
  binDir: string;
  /** The HOME of the run. */
  home: string;
  /** The file `BASH_ENV` and the login profiles source. */
  rcFile: string;
  /** One JSON line per call. */
  logFile: string;
  /** The whole environment of the run (nothing of the caller's is inherited). */
  env: Record<string, string>;
}

/** One line of the call log. */
export interface CallLogEntry {
  seq: number;
  tool: string;
  args: string[];
  cwd: string;
  /** Null when stdin was not read (no record compares it). */
  stdin: { bytes: number } | { timedOut: true } | null;
  /** The index of the record that answered, or null. */
  record: number | null;
  exit?: number;
  /** Set when `date` printed the frozen clock. */
  clock?: true;
  /** Why the call failed closed. */
  problem?: string;
}

/** A word for a POSIX shell, single-quoted. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, "'\\''")}'`;
}

function findProgram(name: string, path: string): string | undefined {
  for (const folder of path.split(delimiter)) {
    if (folder === "") continue;
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

function tableBytes(bytes: RecordedBytes | undefined, scenarioDir: string): unknown {
  if (bytes === undefined) return null;
  if (bytes.kind === "text") return { text: bytes.text };
  if (bytes.kind === "base64") return { base64: bytes.base64 };
  return { file: resolve(scenarioDir, bytes.path) };
}

function shimFile(node: string, tool: string, tableFile: string): string {
  const call = `require(${JSON.stringify(SHIM_RUNTIME)}).main(${JSON.stringify(tool)}, ${JSON.stringify(tableFile)});\n`;
  // A `#!` line holds one path without blanks, and Linux reads 255 bytes of it.
  if (/^[^\s]+$/.test(node) && node.length < 200) return `#!${node}\n${call}`;
  return `#!/bin/sh\nexec ${shellQuote(node)} ${shellQuote(SHIM_RUNTIME)} ${shellQuote(tool)} ${shellQuote(tableFile)} "$@"\n`;
}

/** Writes the shims, their table, the home and the profile; returns the run's environment. */
export function installShims(options: ShimOptions): ShimSetup {
  const dir = resolve(options.dir);
  if (/[:\n]/.test(dir)) {
    throw new Error(`the shim folder ${JSON.stringify(dir)} cannot go on PATH (it holds ":")`);
  }
  const binDir = join(dir, "bin");
  const home = join(dir, "home");
  const rcFile = join(dir, "shims.sh");
  const logFile = join(dir, "calls.log.jsonl");
  const tableFile = join(dir, "table.json");
  const basePath = options.basePath ?? DEFAULT_BASE_PATH;
  const node = options.node ?? process.execPath;
  mkdirSync(binDir, { recursive: true });
  mkdirSync(home, { recursive: true });

  const scenarioDir = resolve(options.scenarioDir);
  const table = {
    version: 1,
    dir,
    log: logFile,
    calls: options.recordings[0]?.file ?? "calls.jsonl",
    clock: { epoch: options.clock.epoch, tz: options.clock.tz },
    realDate: findProgram("date", basePath) ?? null,
    stdinTimeoutMs: options.stdinTimeoutMs ?? 10_000,
    recordings: options.recordings.map((record, id) => ({
      id,
      source: `${record.file}:${record.line}`,
      tool: record.tool,
      args: record.args,
      stdin: tableBytes(record.stdin, scenarioDir),
      stdout: tableBytes(record.stdout, scenarioDir),
      stderr: tableBytes(record.stderr, scenarioDir),
      exit: record.exitCode,
      repeat: record.repeat,
    })),
  };
  writeFileSync(tableFile, JSON.stringify(table));
  writeFileSync(logFile, "");
  // The shims are CommonJS whatever package.json is above the folder.
  writeFileSync(join(dir, "package.json"), '{"type":"commonjs"}\n');
  for (const tool of new Set(options.tools)) {
    const file = join(binDir, tool);
    writeFileSync(file, shimFile(node, tool, tableFile));
    chmodSync(file, 0o755);
  }

  const epoch = String(options.clock.epoch);
  // Sourced by the login profile of the home below and by BASH_ENV, which bash reads after the
  // profiles, even in a login shell: whatever /etc/profile did to PATH, the shims come first.
  writeFileSync(
    rcFile,
    [
      "# ops-skill test: the recorded tools first on PATH, the clock frozen.",
      `PATH=${shellQuote(binDir)}:"$PATH"`,
      `TZ=${shellQuote(options.clock.tz)}`,
      `SOURCE_DATE_EPOCH=${shellQuote(epoch)}`,
      "export PATH TZ SOURCE_DATE_EPOCH",
      "",
    ].join("\n"),
  );
  const profile = `. ${shellQuote(rcFile)}\n`;
  for (const name of [".bash_profile", ".profile"]) writeFileSync(join(home, name), profile);

  const env: Record<string, string> = {
    ...options.env,
    PATH: `${binDir}:${basePath}`,
    HOME: home,
    BASH_ENV: rcFile,
    ENV: rcFile,
    TZ: options.clock.tz,
    SOURCE_DATE_EPOCH: epoch,
    LANG: options.env?.LANG ?? "C.UTF-8",
    LC_ALL: options.env?.LC_ALL ?? "C.UTF-8",
    OPS_SKILL_SHIMS: dir,
  };
  return { dir, binDir, home, rcFile, logFile, env };
}
