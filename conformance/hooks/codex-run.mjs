// Running the pinned Codex offline for the config and hooks recorders: a Responses API stub with a
// scripted turn, `codex exec --json` with the stub provider flags of the reference (§1), and
// `codex app-server`'s `hooks/list`. Self-contained (node: modules only).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CODEX_VERSION = "0.169.0";
export const CODEX_BIN = join(REPO_ROOT, ".cache/codex/node_modules/.bin/codex");
/**
 * Where runs happen. Codex treats a git worktree's projects differently from the main checkout's
 * (in a worktree, `hooks/list` and `codex exec` see no project hooks even with the project
 * trusted), so when the repository is a worktree, point this outside it with
 * OPS_SKILL_RUNS_DIR (not under the system temp dir: Codex warns there).
 */
export const RUNS_DIR_ENV = "OPS_SKILL_RUNS_DIR";
export const RUNS_DIR = process.env[RUNS_DIR_ENV] || join(REPO_ROOT, ".cache/runs");
/** What the scripted model asks the shell to run; harmless and easy to find. */
export const PROBE_COMMAND = "echo ops-skill-probe";

export function requireCodex() {
  if (!existsSync(CODEX_BIN)) {
    throw new Error(
      `no Codex at ${CODEX_BIN}: npm i --prefix .cache/codex @openai/codex@${CODEX_VERSION}`,
    );
  }
}

/** A fresh, empty directory (removed first if a previous run left it). */
export function freshDir(path) {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path, { recursive: true });
  return path;
}

const sse = (type, payload) => `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;

/**
 * A Responses API stub: the first request is answered with one `exec_command` call of
 * PROBE_COMMAND (when `shellCall` is set), the next ones with the items of `calls` (one array
 * of output items per request), every later one with the message "done".
 */
export async function startStub({ shellCall = false, calls = [] } = {}) {
  const requests = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      const index = requests.length;
      try {
        requests.push(JSON.parse(body));
      } catch {
        requests.push(undefined);
      }
      const id = `resp_${index}`;
      const scripted = shellCall ? calls[index - 1] : calls[index];
      const items =
        shellCall && index === 0
          ? [
              {
                type: "function_call",
                name: "exec_command",
                arguments: JSON.stringify({ cmd: PROBE_COMMAND }),
                call_id: "call_probe",
              },
            ]
          : (scripted ?? [
              {
                type: "message",
                role: "assistant",
                id: `msg_${index}`,
                content: [{ type: "output_text", text: "done" }],
              },
            ]);
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.end(
        sse("response.created", { response: { id } }) +
          items
            .map((item, i) => sse("response.output_item.done", { output_index: i, item }))
            .join("") +
          sse("response.completed", {
            response: { id, usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 } },
          }),
      );
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function stubArgs(url, model = "gpt-5.4") {
  return [
    "-c",
    "model_provider=stub",
    "-c",
    `model_providers.stub={name="stub",base_url=${JSON.stringify(url)},wire_api="responses",env_key="STUB_KEY",request_max_retries=0,stream_max_retries=0}`,
    "-m",
    model,
  ];
}

function environment(codexHome, home) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name === "RUST_BACKTRACE" || name === "RUST_LOG") continue;
    if (name.startsWith("CODEX_") || name.startsWith("OPENAI_")) continue;
    env[name] = value;
  }
  return { ...env, HOME: home, CODEX_HOME: codexHome, STUB_KEY: "stub-key" };
}

/** The user unprivileged runs switch to when the recorder runs as root (permission bits bind it). */
export const UNPRIVILEGED_UID = 65534;

function run(args, { cwd, codexHome, home, input, timeoutMs = 120_000, unprivileged = false }) {
  // As root, permission bits bind nobody: an unprivileged run is uid 65534 through setpriv.
  const [command, commandArgs] =
    unprivileged && process.getuid?.() === 0
      ? [
          "setpriv",
          [
            `--reuid=${UNPRIVILEGED_UID}`,
            `--regid=${UNPRIVILEGED_UID}`,
            "--clear-groups",
            CODEX_BIN,
            ...args,
          ],
        ]
      : [CODEX_BIN, args];
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, {
      cwd,
      env: environment(codexHome, home),
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    if (input !== undefined) input(child);
  });
}

/**
 * `codex exec --json` offline (`json: false`: the human-readable log); stdin is /dev/null.
 * `calls`: tool calls the model makes after the probe; `model`: the model to name;
 * `unprivileged`: as uid 65534 when the recorder is root (the caller opens its folders to it).
 */
export async function runExec({
  cwd,
  codexHome,
  home,
  args = [],
  shellCall = false,
  calls = [],
  model,
  json = true,
  timeoutMs,
  unprivileged = false,
}) {
  const stub = await startStub({ shellCall, calls });
  try {
    const result = await run(
      [
        "exec",
        ...(json ? ["--json"] : []),
        "--skip-git-repo-check",
        ...stubArgs(stub.url, model),
        ...args,
        "Run the probe.",
      ],
      { cwd, codexHome, home, unprivileged, ...(timeoutMs ? { timeoutMs } : {}) },
    );
    const events = [];
    for (const line of result.stdout.split("\n")) {
      if (!line.trim()) continue;
      try {
        events.push(JSON.parse(line));
      } catch {}
    }
    return { ...result, events, requests: stub.requests };
  } finally {
    await stub.close();
  }
}

/**
 * Codex's status for each hook run, in the order its human-readable log prints them
 * (`hook: PreToolUse Completed|Failed|Blocked`).
 */
export function hookStatuses(stderr) {
  const statuses = [];
  for (const line of stderr.split("\n")) {
    const match = /^hook: (\w+) (\w+)$/.exec(line.trim());
    if (match) statuses.push({ event: match[1], status: match[2] });
  }
  return statuses;
}

/**
 * Runs a hook command the way Codex 0.169.0 does (`$SHELL -lc <command>` in the session's
 * working directory, the event's JSON on stdin, stdout and stderr read until both close, killed
 * at the timeout) and returns what it left: exit code, stdout, stderr, or why it has no exit code.
 */
export function runHookCommand({ command, cwd, codexHome, home, input, timeoutSec }) {
  return new Promise((resolve) => {
    const env = environment(codexHome, home);
    const child = spawn(env.SHELL || "/bin/sh", ["-lc", command], {
      cwd,
      env,
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.stdin.on("error", () => {});
    child.stdin.end(input);
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }, timeoutSec * 1000);
    child.on("error", () => {
      clearTimeout(timer);
      resolve({ exitCode: null, stdout: "", stderr: "", failure: "spawn" });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (timedOut) resolve({ exitCode: null, stdout: "", stderr: "", failure: "timeout" });
      else if (code === null) resolve({ exitCode: null, stdout, stderr, failure: "signal" });
      else resolve({ exitCode: code, stdout, stderr });
    });
  });
}

/** Messages of the `error` items Codex prints as warnings. */
export function errorItems(events) {
  return events
    .filter((e) => e.type === "item.completed" && e.item?.type === "error")
    .map((e) => e.item.message);
}

/** The output the model got for the probe call, from the request after it. */
export function probeCallOutput(requests) {
  return callOutput(requests, "call_probe");
}

/** The output the model got for a call, from the first request that carries it. */
export function callOutput(requests, callId) {
  for (const request of requests) {
    for (const item of request?.input ?? []) {
      if (
        (item.type === "function_call_output" || item.type === "custom_tool_call_output") &&
        item.call_id === callId
      ) {
        return typeof item.output === "string" ? item.output : JSON.stringify(item.output);
      }
    }
  }
  return undefined;
}

/** `codex app-server`'s `hooks/list` for `cwd`: every hook Codex sees, with its hash. */
export function listHooks({ cwd, codexHome, home }) {
  let buffered = "";
  return new Promise((resolve, reject) => {
    run(["app-server"], {
      cwd,
      codexHome,
      home,
      timeoutMs: 60_000,
      input: (child) => {
        const send = (message) =>
          child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
        child.stdout.on("data", (chunk) => {
          buffered += chunk;
          let newline = buffered.indexOf("\n");
          while (newline !== -1) {
            const line = buffered.slice(0, newline);
            buffered = buffered.slice(newline + 1);
            newline = buffered.indexOf("\n");
            let message;
            try {
              message = JSON.parse(line);
            } catch {
              continue;
            }
            if (message.id === 1) {
              send({ method: "initialized" });
              send({ id: 2, method: "hooks/list", params: { cwds: [cwd] } });
            } else if (message.id === 2) {
              child.stdin.end();
              try {
                process.kill(-child.pid, "SIGKILL");
              } catch {}
              if (message.error) reject(new Error(`hooks/list: ${message.error.message}`));
              else resolve(message.result?.data?.[0] ?? { hooks: [], errors: [], warnings: [] });
            }
          }
        });
        send({
          id: 1,
          method: "initialize",
          params: { clientInfo: { name: "ops-skill", title: null, version: "0.0.0" } },
        });
      },
    }).then(
      (result) => reject(new Error(`app-server ended early: ${result.stderr.slice(-1000)}`)),
      reject,
    );
  });
}

/** Replaces run-specific paths with placeholders so verdicts are stable. */
export function normalize(text, replacements) {
  let out = text;
  for (const [from, to] of replacements) out = out.split(from).join(to);
  return out.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g, "<ts>");
}

/**
 * Writes a JSON file the way the repository's formatter (biome) leaves it, so a re-recording is
 * byte-identical to what `biome check` accepts.
 */
export function writeJson(path, value) {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  const biome = join(REPO_ROOT, "node_modules/.bin/biome");
  if (existsSync(biome)) {
    const result = spawnSync(biome, ["format", "--write", path], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`biome format ${path}: ${result.stderr}`);
  }
}
