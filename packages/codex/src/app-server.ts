import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { codexEnvironment, makeRunDirectory } from "./exec.js";

/** One skill as `codex app-server`'s `skills/list` reports it (fields we use). */
export interface AppServerSkill {
  name: string;
  description: string;
  path: string;
  scope: string;
  enabled: boolean;
  /** `agents/openai.yaml` policy; absent when the skill has none. */
  policy?: { allowImplicitInvocation?: boolean | null } | null;
  [key: string]: unknown;
}

export interface AppServerSkillError {
  path: string;
  message: string;
}

export interface AppServerSkillsList {
  cwd: string;
  skills: AppServerSkill[];
  errors: AppServerSkillError[];
}

/** One hook as `codex app-server`'s `hooks/list` reports it (fields we use). */
export interface AppServerHook {
  /** `<config file>:<event>:<group>:<handler>`, the key of its `hooks.state` trust entry. */
  key: string;
  eventName: string;
  handlerType: string;
  matcher?: string | null;
  command?: string | null;
  timeoutSec?: number | null;
  async?: boolean;
  statusMessage?: string | null;
  /** The hash a `trusted_hash` must equal for Codex to run the hook. */
  currentHash: string;
  [key: string]: unknown;
}

export interface AppServerHooksList {
  hooks: AppServerHook[];
  warnings: string[];
  errors: Array<string | { message: string }>;
}

export interface AppServerOptions {
  bin: string;
  cwd: string;
  /** A fresh directory is made under `runsCacheDir()` when omitted. */
  codexHome?: string;
  /** An empty directory is made under `runsCacheDir()` when omitted. */
  home?: string;
  timeoutMs?: number;
  repoRoot?: string;
}

export interface AppServerRequest extends AppServerOptions {
  method: string;
  params: Record<string, unknown>;
}

const INITIALIZE_ID = 1;
const REQUEST_ID = 2;

interface JsonRpcMessage {
  id?: unknown;
  result?: unknown;
  error?: { message?: unknown };
}

/**
 * Sends one request to `codex app-server` (JSON-RPC over stdio) after the `initialize`
 * handshake, in a fresh `CODEX_HOME` unless one is given, and resolves with its `result`. The
 * server is killed as soon as it answers. No model request is made.
 */
export function requestAppServer(options: AppServerRequest): Promise<unknown> {
  let runDir: string | undefined;
  const ensureRunDir = (): string => {
    runDir ??= makeRunDirectory("app-server", options.repoRoot);
    return runDir;
  };
  const codexHome = options.codexHome ?? join(ensureRunDir(), "codex-home");
  const home = options.home ?? join(ensureRunDir(), "home");
  mkdirSync(codexHome, { recursive: true });
  mkdirSync(home, { recursive: true });
  const timeoutMs = options.timeoutMs ?? 60_000;

  return new Promise((resolve, reject) => {
    const child = spawn(options.bin, ["app-server"], {
      cwd: options.cwd,
      env: codexEnvironment(codexHome, home),
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    let settled = false;
    let buffered = "";
    let stderr = "";
    const finish = (outcome: { result?: unknown; error?: Error }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdin.end();
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          child.kill("SIGKILL");
        }
      }
      if (outcome.error === undefined) resolve(outcome.result);
      else reject(outcome.error);
    };
    const timer = setTimeout(
      () =>
        finish({
          error: new Error(`app-server gave no ${options.method} answer in ${timeoutMs} ms`),
        }),
      timeoutMs,
    );
    const send = (message: Record<string, unknown>): void => {
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
    };
    const onMessage = (message: JsonRpcMessage): void => {
      if (message.id === INITIALIZE_ID) {
        send({ method: "initialized" });
        send({ id: REQUEST_ID, method: options.method, params: options.params });
        return;
      }
      if (message.id !== REQUEST_ID) return;
      if (message.error !== undefined) {
        finish({ error: new Error(`${options.method} failed: ${String(message.error.message)}`) });
        return;
      }
      finish({ result: message.result });
    };
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      let newline = buffered.indexOf("\n");
      while (newline !== -1) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf("\n");
        if (line.trim() === "") continue;
        try {
          onMessage(JSON.parse(line) as JsonRpcMessage);
        } catch {
          // Not JSON-RPC; the app server only writes JSON lines to stdout.
        }
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.stdin.on("error", () => {
      // The server may exit before reading everything; `close` reports that.
    });
    child.on("error", (error) => finish({ error }));
    child.on("close", (code) =>
      finish({
        error: new Error(`app-server exited ${code} before answering: ${stderr.slice(-2000)}`),
      }),
    );
    send({
      id: INITIALIZE_ID,
      method: "initialize",
      params: {
        clientInfo: { name: "ops-skill", title: null, version: "0.0.0" },
        capabilities: null,
      },
    });
  });
}

/** The first entry of a `{ data: [...] }` result (one per `cwds` entry asked for). */
function firstEntry<T>(result: unknown, method: string): T {
  const entry = (result as { data?: T[] } | undefined)?.data?.[0];
  if (entry === undefined) throw new Error(`${method} answered without an entry`);
  return entry;
}

/**
 * `skills/list` at `cwd`: every skill Codex loaded, including those kept off the model's list
 * (`allow_implicit_invocation: false`, the listing budget), with exact names.
 */
export async function listSkillsViaAppServer(
  options: AppServerOptions,
): Promise<AppServerSkillsList> {
  const result = await requestAppServer({
    ...options,
    method: "skills/list",
    params: { cwds: [options.cwd], forceReload: true },
  });
  const entry = firstEntry<AppServerSkillsList>(result, "skills/list");
  return { cwd: entry.cwd, skills: entry.skills ?? [], errors: entry.errors ?? [] };
}

/**
 * `hooks/list` at `cwd`: every hook Codex sees for the project and the user config, with the
 * hash its trust entry must carry. The project must be trusted for its hooks to be listed.
 */
export async function listHooksViaAppServer(
  options: AppServerOptions,
): Promise<AppServerHooksList> {
  const result = await requestAppServer({
    ...options,
    method: "hooks/list",
    params: { cwds: [options.cwd] },
  });
  const entry = (result as { data?: Partial<AppServerHooksList>[] } | undefined)?.data?.[0] ?? {};
  return { hooks: entry.hooks ?? [], warnings: entry.warnings ?? [], errors: entry.errors ?? [] };
}
