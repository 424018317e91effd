/**
 * Tool shims: a folder of executables put first on PATH, one per shimmed tool, each a thin
 * client of the test's call server (call-server.ts), which answers from the scenario's recorded
 * calls and keeps the log of every call in memory; a home folder whose login profile and
 * `BASH_ENV` put the shims back first on PATH after the system profile reset it (Codex runs
 * every command as `/bin/bash -lc`); and the frozen clock. Nothing is written during a run, so
 * the shims answer under Codex's read-only sandbox too.
 */
import { accessSync, chmodSync, constants, mkdirSync, writeFileSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import type { CallTable, TableBytes } from "./call-answer.js";
import { type CallServer, startCallServer } from "./call-server.js";
import type { RecordedBytes, ToolRecording } from "./recordings.js";
import type { FrozenClock } from "./scenario.js";

/** The PATH after the shims unless the caller gives one: where the tools scripts need live. */
export const DEFAULT_BASE_PATH = "/usr/local/bin:/usr/bin:/bin";

/** The shell every shim runs on (Codex's own: it runs every command in `/bin/bash -lc`). */
export const SHIM_SHELL = "/bin/bash";

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
  /**
   * How long a call waits for stdin to close when a record compares it (default 10 s); then
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
  /** The port of the call server on 127.0.0.1. */
  port: number;
  /** Every call so far, in the order the server decided them (the call log). */
  calls: CallLogEntry[];
  /** The whole environment of the run (nothing of the caller's is inherited). */
  env: Record<string, string>;
  /** Stops the call server: a shim called afterwards fails closed. */
  close(): Promise<void>;
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

function tableBytes(bytes: RecordedBytes | undefined, scenarioDir: string): TableBytes {
  if (bytes === undefined) return null;
  if (bytes.kind === "text") return { text: bytes.text };
  if (bytes.kind === "base64") return { base64: bytes.base64 };
  return { file: resolve(scenarioDir, bytes.path) };
}

/**
 * One shim: bash connects to the call server with its `/dev/tcp` (no program to start), sends
 * the call, and writes the answer back; stdin goes on a second connection when the server asks
 * for it. A server it cannot reach, or one that hangs up, makes the call fail closed (127).
 * Under a profile whose allowlist Codex's network proxy enforces (`CODEX_NETWORK_PROXY_ACTIVE`),
 * raw connections are refused, so the shim opens an HTTP CONNECT tunnel through that proxy
 * (its `HTTP_PROXY`) to the call server, whose host the tests' Codex home allows.
 */
export function shimScript(tool: string, port: number, key: string): string {
  return `#!${SHIM_SHELL}
# ops-skill test: the shim of ${tool}. The test's call server answers each call (docs/testing.md).
t=${shellQuote(tool)} p=${port} k=${key}
n() { printf 'ops-skill test: %s: not answered: %s, and a call the test does not see is not answered\\n' "$t" "$1" >&2; exit 127; }
c() {
  if [[ \${CODEX_NETWORK_PROXY_ACTIVE-} == 1 && -n \${HTTP_PROXY-} ]]; then
    local a=\${HTTP_PROXY#*://} l; a=\${a%%/*}
    eval "exec $1<>/dev/tcp/\${a%:*}/\${a##*:}" || return 1
    printf 'CONNECT 127.0.0.1:%s HTTP/1.1\\r\\nHost: 127.0.0.1:%s\\r\\n\\r\\n' "$p" "$p" >&"$1"
    IFS= read -r l <&"$1" && [[ $l == HTTP/1.[01]\\ 200* ]] || return 1
    while IFS= read -r l <&"$1" && [[ -n \${l%$'\\r'} ]]; do :; done
  else
    eval "exec $1<>/dev/tcp/127.0.0.1/$p"
  fi
}
c 3 || n "the call server at 127.0.0.1:$p cannot be reached"
printf 'ops-skill-call 1\\0%s\\0%s\\0%s\\0%s\\0' "$k" "$t" "$PWD" $# >&3
(($#)) && printf '%s\\0' "$@" >&3
read -r w e o r <&3 || n "the call server hung up"
if [[ $w == stdin ]]; then
  c 4 || n "the call server at 127.0.0.1:$p cannot be reached"
  printf 'ops-skill-stdin 1\\0%s\\0%s\\0' "$k" "$e" >&4
  exec 5<&0
  cat <&5 >&4 & s=$!
  exec 4>&- 5<&-
  read -r w e o r <&3 || n "the call server hung up"
  kill "$s" 2>/dev/null
fi
[[ $w == answer ]] || n "the call server answered $w"
if ((r)); then
  ((o)) && head -c "$o" <&3
  cat <&3 >&2
elif ((o)); then
  cat <&3
fi
exit "$e"
`;
}

/**
 * Starts the call server, writes the shims, the home and the profile; returns the run's
 * environment and the live call log. Close it when the run is over.
 */
export async function installShims(options: ShimOptions): Promise<ShimSetup> {
  const dir = resolve(options.dir);
  if (/[:\n]/.test(dir)) {
    throw new Error(`the shim folder ${JSON.stringify(dir)} cannot go on PATH (it holds ":")`);
  }
  const binDir = join(dir, "bin");
  const home = join(dir, "home");
  const rcFile = join(dir, "shims.sh");
  const basePath = options.basePath ?? DEFAULT_BASE_PATH;
  mkdirSync(binDir, { recursive: true });
  mkdirSync(home, { recursive: true });

  const scenarioDir = resolve(options.scenarioDir);
  const table: CallTable = {
    calls: options.recordings[0]?.file ?? "calls.jsonl",
    clock: { epoch: options.clock.epoch, tz: options.clock.tz },
    realDate: findProgram("date", basePath) ?? null,
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
  const server: CallServer = await startCallServer(table, {
    ...(options.stdinTimeoutMs === undefined ? {} : { stdinTimeoutMs: options.stdinTimeoutMs }),
  });
  // The server listens from here on: if a file of the shims cannot be written (a full disk),
  // it is closed again, or the run would never end.
  const epoch = String(options.clock.epoch);
  try {
    for (const tool of new Set(options.tools)) {
      const file = join(binDir, tool);
      writeFileSync(file, shimScript(tool, server.port, server.key));
      chmodSync(file, 0o755);
    }

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
  } catch (error) {
    await server.close();
    throw new Error(`the tool shims cannot be written in ${dir}: ${(error as Error).message}`);
  }

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
  return {
    dir,
    binDir,
    home,
    rcFile,
    port: server.port,
    calls: server.calls,
    env,
    close: server.close,
  };
}
