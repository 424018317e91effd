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

export interface ListSkillsViaAppServerOptions {
  bin: string;
  cwd: string;
  codexHome?: string;
  home?: string;
  timeoutMs?: number;
  repoRoot?: string;
}

const INITIALIZE_ID = 1;
const SKILLS_LIST_ID = 2;

interface JsonRpcMessage {
  id?: unknown;
  result?: unknown;
  error?: { message?: unknown };
}

/**
 * Asks `codex app-server` (JSON-RPC over stdio) for `skills/list` at `cwd`. It sees every skill
 * Codex loaded, including those kept off the model's list (`allow_implicit_invocation: false`,
 * the listing budget), with exact names. No model request is made.
 */
export function listSkillsViaAppServer(
  options: ListSkillsViaAppServerOptions,
): Promise<AppServerSkillsList> {
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
    const finish = (outcome: { list?: AppServerSkillsList; error?: Error }): void => {
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
      if (outcome.list !== undefined) resolve(outcome.list);
      else reject(outcome.error ?? new Error("app-server ended without an answer"));
    };
    const timer = setTimeout(
      () =>
        finish({ error: new Error(`app-server gave no skills/list answer in ${timeoutMs} ms`) }),
      timeoutMs,
    );
    const send = (message: Record<string, unknown>): void => {
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
    };
    const onMessage = (message: JsonRpcMessage): void => {
      if (message.id === INITIALIZE_ID) {
        send({ method: "initialized" });
        send({
          id: SKILLS_LIST_ID,
          method: "skills/list",
          params: { cwds: [options.cwd], forceReload: true },
        });
        return;
      }
      if (message.id !== SKILLS_LIST_ID) return;
      if (message.error !== undefined) {
        finish({ error: new Error(`skills/list failed: ${String(message.error.message)}`) });
        return;
      }
      const data = (message.result as { data?: AppServerSkillsList[] } | undefined)?.data;
      const entry = data?.[0];
      if (entry === undefined) {
        finish({ error: new Error("skills/list answered without an entry") });
        return;
      }
      finish({ list: { cwd: entry.cwd, skills: entry.skills ?? [], errors: entry.errors ?? [] } });
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
