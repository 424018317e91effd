import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { runsCacheDir } from "./binary.js";

/** Name of the model provider the offline flags define; its key comes from `STUB_KEY`. */
export const STUB_PROVIDER_ID = "stub";
export const STUB_KEY_ENV = "STUB_KEY";
/** Any model name works against the stub; this one draws a "Model metadata ... not found" warning item. */
export const DEFAULT_STUB_MODEL = "gpt-5.4";
export const DEFAULT_EXEC_TIMEOUT_MS = 120_000;

/** One line of `codex exec --json` output. */
export interface ExecEvent {
  type: string;
  [key: string]: unknown;
}

export interface RunCodexExecOptions {
  bin: string;
  /** Where Codex runs; also where it looks for the project root and `.agents/skills`. */
  cwd: string;
  prompt: string;
  /** The stub's base URL, e.g. `http://127.0.0.1:PORT/v1`. */
  serverUrl: string;
  /** Arguments put after the offline flags and before the prompt. */
  extraArgs?: string[];
  /** A fresh directory is made under `runsCacheDir()` when omitted. */
  codexHome?: string;
  /** An empty directory is made under `runsCacheDir()` when omitted. */
  home?: string;
  model?: string;
  /** `--skip-git-repo-check`, on by default. */
  skipGitRepoCheck?: boolean;
  /** `--json`, on by default; off, stderr holds Codex's human-readable log (hook statuses). */
  json?: boolean;
  timeoutMs?: number;
  /** Extra environment variables, applied last. */
  env?: Record<string, string>;
  repoRoot?: string;
  /**
   * Run Codex as this user (and group) through `setpriv` when the caller is root, whom
   * permission bits do not stop; the caller opens `codexHome`, `home` and `cwd` to it.
   */
  unprivilegedUid?: number;
}

export interface CodexExecResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** Every stdout line that parsed as JSON, in order. */
  events: ExecEvent[];
  /** Stdout lines that were not JSON (none are expected in `--json` mode). */
  nonJsonLines: string[];
  codexHome: string;
  home: string;
}

/** TOML inline table for the stub provider; retries are off so a broken stub fails fast. */
export function stubProviderTable(serverUrl: string): string {
  return (
    `{name="${STUB_PROVIDER_ID}",base_url=${JSON.stringify(serverUrl)},wire_api="responses",` +
    `env_key="${STUB_KEY_ENV}",request_max_retries=0,stream_max_retries=0}`
  );
}

/** The `-c`/`-m` flags that point Codex at the stub instead of OpenAI. */
export function offlineProviderArgs(serverUrl: string, model = DEFAULT_STUB_MODEL): string[] {
  return [
    "-c",
    `model_provider=${STUB_PROVIDER_ID}`,
    "-c",
    `model_providers.${STUB_PROVIDER_ID}=${stubProviderTable(serverUrl)}`,
    "-m",
    model,
  ];
}

/** Splits `--json` stdout into parsed events and anything that was not a JSON object. */
export function parseExecJsonLines(stdout: string): {
  events: ExecEvent[];
  nonJsonLines: string[];
} {
  const events: ExecEvent[] = [];
  const nonJsonLines: string[] = [];
  for (const line of stdout.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (parsed !== null && typeof parsed === "object" && "type" in parsed) {
        events.push(parsed as ExecEvent);
      } else {
        nonJsonLines.push(line);
      }
    } catch {
      nonJsonLines.push(line);
    }
  }
  return { events, nonJsonLines };
}

/**
 * Messages of the `error` items (`item.completed` with `item.type === "error"`): Codex's
 * non-fatal warnings, such as the skills context budget or unknown model metadata.
 */
export function errorItemMessages(events: readonly ExecEvent[]): string[] {
  const messages: string[] = [];
  for (const event of events) {
    if (event.type !== "item.completed") continue;
    const item = event.item as { type?: unknown; message?: unknown } | undefined;
    if (item?.type === "error" && typeof item.message === "string") messages.push(item.message);
  }
  return messages;
}

/** A new, empty, uniquely named directory under `runsCacheDir()`. */
export function makeRunDirectory(label: string, repoRoot?: string): string {
  const unique = `${label}-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
  const dir = join(runsCacheDir(repoRoot), unique);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Variables that would change what Codex does or prints, dropped from the inherited env. */
function isInterferingVariable(name: string): boolean {
  return (
    name === "RUST_BACKTRACE" ||
    name === "RUST_LOG" ||
    name.startsWith("CODEX_") ||
    name.startsWith("OPENAI_")
  );
}

export function codexEnvironment(
  codexHome: string,
  home: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!isInterferingVariable(name)) env[name] = value;
  }
  env.HOME = home;
  env.CODEX_HOME = codexHome;
  env[STUB_KEY_ENV] = "stub-key";
  return { ...env, ...extra };
}

/**
 * Runs `codex exec --json` offline against the stub: fresh CODEX_HOME and empty HOME outside the
 * system temp dir, `RUST_BACKTRACE` unset, stdin at /dev/null, and a hard timeout that kills
 * the whole process group.
 */
export function runCodexExec(options: RunCodexExecOptions): Promise<CodexExecResult> {
  let runDir: string | undefined;
  const ensureRunDir = (): string => {
    runDir ??= makeRunDirectory("exec", options.repoRoot);
    return runDir;
  };
  const codexHome = options.codexHome ?? join(ensureRunDir(), "codex-home");
  const home = options.home ?? join(ensureRunDir(), "home");
  mkdirSync(codexHome, { recursive: true });
  mkdirSync(home, { recursive: true });

  const args = [
    "exec",
    ...(options.json === false ? [] : ["--json"]),
    ...(options.skipGitRepoCheck === false ? [] : ["--skip-git-repo-check"]),
    ...offlineProviderArgs(options.serverUrl, options.model),
    ...(options.extraArgs ?? []),
    options.prompt,
  ];
  const timeoutMs = options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;

  const uid = options.unprivilegedUid;
  const [command, commandArgs] =
    uid !== undefined && process.getuid?.() === 0
      ? ["setpriv", [`--reuid=${uid}`, `--regid=${uid}`, "--clear-groups", options.bin, ...args]]
      : [options.bin, args];

  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, {
      cwd: options.cwd,
      env: codexEnvironment(codexHome, home, options.env),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const stdoutChunks: Buffer[] = [];
    const stderrChunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdoutChunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderrChunks.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          child.kill("SIGKILL");
        }
      }
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(stdoutChunks).toString("utf8");
      const stderr = Buffer.concat(stderrChunks).toString("utf8");
      resolve({
        exitCode,
        signal,
        timedOut,
        stdout,
        stderr,
        ...parseExecJsonLines(stdout),
        codexHome,
        home,
      });
    });
  });
}
