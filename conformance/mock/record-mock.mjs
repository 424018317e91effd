#!/usr/bin/env node
// Records scripted `codex exec` sessions of the real, pinned Codex for mock-codex's fidelity test
// (conformance/mock/cases/<session>/). Offline: a Responses API stub on 127.0.0.1 plays the
// model; each session says what the model does turn by turn (shell calls, a final message, an
// HTTP error), which flags Codex gets, what the project holds, and what stdin carries.
//
// Per session the recorder writes:
//   case.json        the session: description, args (the stub's URL as <stub-url>), prompt,
//                    stdin, git, files, the model's turns; and what Codex did: exitCode
//   stdout           Codex's stdout, byte for byte, with the random thread id replaced by
//                    THREAD_ID_PLACEHOLDER (in --json mode this file is a raw transcript, which
//                    mock-codex reads as a cassette as it is)
//   stderr           Codex's stderr with paths, timestamps, ids and timings replaced
//   last-message     the `-o` file, when the session passes `-o` and Codex created it
//   transcript.jsonl for a human-mode session, the stdout of the same session run with --json
// Nothing random or machine-specific stays, so re-recording without a change is byte-identical.
//
// Usage: node conformance/mock/record-mock.mjs [--check] [session ...]
// Runs happen under $OPS_SKILL_RUNS_DIR (default <repo>/.cache/runs); in a git worktree point it
// outside any repository, since some sessions need to run outside git.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CODEX_NPM_PACKAGE, CODEX_VERSION } from "@ops-skill/codex/version";

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CODEX_BIN_ENV = "OPS_SKILL_CODEX_BIN";
const RUNS_DIR_ENV = "OPS_SKILL_RUNS_DIR";
const CODEX_BIN =
  process.env[CODEX_BIN_ENV] || join(REPO_ROOT, ".cache/codex/node_modules/.bin/codex");
const RUNS_DIR = process.env[RUNS_DIR_ENV] || join(REPO_ROOT, ".cache/runs");
const CASES_DIR = join(REPO_ROOT, "conformance/mock/cases");
export const THREAD_ID_PLACEHOLDER = "00000000-0000-7000-8000-000000000000";

const message = (text, id = "msg_final") => ({
  type: "message",
  role: "assistant",
  id,
  content: [{ type: "output_text", text }],
});
const shell = (cmd, callId) => ({
  type: "function_call",
  name: "exec_command",
  arguments: JSON.stringify({ cmd }),
  call_id: callId,
});
const usage = (input, output) => ({
  input_tokens: input,
  output_tokens: output,
  total_tokens: input + output,
});

const REPORT_SCHEMA = {
  type: "object",
  properties: { status: { type: "string", enum: ["ok", "drift"] }, summary: { type: "string" } },
  required: ["status", "summary"],
  additionalProperties: false,
};

/** The scripted sessions. `turns[i]` answers request i: `{items, usage}` or `{status, body}`. */
const SESSIONS = [
  {
    name: "command-succeeds",
    description: "One shell command that exits 0, then a final message.",
    args: ["--json", "--skip-git-repo-check"],
    prompt: "Run the check.",
    turns: [
      { items: [shell("echo hello", "call_1")], usage: usage(120, 7) },
      { items: [message("All good.")], usage: usage(150, 4) },
    ],
  },
  {
    name: "command-fails",
    description:
      "Commands that exit non-zero (2 and 3), with quoting that needs single and double quotes.",
    args: ["--json"],
    prompt: "Run the failing checks.",
    turns: [
      {
        items: [shell("ls /definitely-missing-dir", "call_1")],
        usage: usage(100, 10),
      },
      {
        items: [shell('echo "it\'s broken" >&2; exit 3', "call_2")],
        usage: usage(110, 11),
      },
      { items: [message("Two checks failed.")], usage: usage(120, 12) },
    ],
  },
  {
    name: "parallel-commands",
    description: "Two shell calls in one model turn, usage summed over three requests.",
    args: ["--json", "--skip-git-repo-check"],
    prompt: "Check both.",
    turns: [
      {
        items: [shell("printf 'a\\nb\\n'", "call_a"), shell("pwd >/dev/null && echo ok", "call_b")],
        usage: usage(200, 20),
      },
      { items: [shell("true", "call_c")], usage: usage(210, 21) },
      { items: [message("Both ran.")], usage: usage(220, 22) },
    ],
  },
  {
    name: "big-output",
    description: "A command that prints 200 KB (Codex passes aggregated_output through whole).",
    args: ["--json", "--skip-git-repo-check"],
    prompt: "Dump the log.",
    turns: [
      {
        items: [shell("for i in $(seq 1 4096); do printf '%049d\\n' $i; done", "call_1")],
        usage: usage(10, 1),
      },
      { items: [message("Dumped.")], usage: usage(10, 1) },
    ],
  },
  {
    name: "schema-final-json",
    description: "A final JSON message under --output-schema, written verbatim by -o.",
    args: ["--json", "--output-schema", "report.schema.json", "-o", "report.json"],
    prompt: "Report drift as JSON.",
    files: { "report.schema.json": `${JSON.stringify(REPORT_SCHEMA, null, 2)}\n` },
    outputFile: "report.json",
    turns: [
      { items: [shell("echo no drift", "call_1")], usage: usage(300, 30) },
      {
        items: [message('{"status":"ok","summary":"no drift"}')],
        usage: usage(330, 33),
      },
    ],
  },
  {
    name: "failed-turn",
    description: "The API answers 400: an error event, turn.failed, exit 1, -o created empty.",
    args: ["--json", "--skip-git-repo-check", "-o", "last.txt"],
    prompt: "Run the check.",
    outputFile: "last.txt",
    turns: [
      {
        status: 400,
        body: '{"error":{"message":"Invalid schema for response_format \'codex_output_schema\': In context=(), \'additionalProperties\' is required to be supplied and to be false.","type":"invalid_request_error","param":"text.format.schema","code":"invalid_json_schema"}}',
      },
    ],
  },
  {
    name: "human-mode",
    description: "No --json: stdout is only the final message; the log goes to stderr.",
    args: ["--skip-git-repo-check", "-o", "last.txt"],
    prompt: "Run the check.",
    outputFile: "last.txt",
    turns: [
      { items: [shell("echo hello; exit 1", "call_1")], usage: usage(120, 7) },
      { items: [message("One check failed.\nSee above.")], usage: usage(150, 4) },
    ],
  },
  {
    name: "prompt-from-stdin",
    description: "The prompt is `-`: read from stdin.",
    args: ["--json", "--skip-git-repo-check", "-"],
    stdin: "Run the check from stdin.\n",
    turns: [{ items: [message("Read it.")], usage: usage(5, 1) }],
  },
  {
    name: "prompt-and-stdin",
    description: "A prompt argument and piped stdin: stdin is appended.",
    args: ["--json", "--skip-git-repo-check"],
    prompt: "Summarise this.",
    stdin: "line one\nline two\n",
    turns: [{ items: [message("Summarised.")], usage: usage(5, 1) }],
  },
  {
    name: "no-prompt",
    description: "No prompt and empty stdin: exit 1.",
    args: ["--json", "--skip-git-repo-check"],
    stdin: "",
    turns: [],
  },
  {
    name: "not-a-git-repo",
    description: "Outside a git repository without --skip-git-repo-check: exit 1.",
    args: ["--json"],
    git: false,
    prompt: "Run the check.",
    turns: [],
  },
  {
    name: "schema-missing",
    description: "--output-schema names a missing file: exit 1, nothing sent.",
    args: ["--json", "--skip-git-repo-check", "--output-schema", "missing.json", "-o", "out.txt"],
    prompt: "Run the check.",
    outputFile: "out.txt",
    turns: [],
  },
  {
    name: "schema-directory",
    description: "--output-schema names a directory: exit 1.",
    args: ["--json", "--skip-git-repo-check", "--output-schema", "schemas"],
    files: { "schemas/.keep": "" },
    prompt: "Run the check.",
    turns: [],
  },
  {
    name: "schema-not-json",
    description: "--output-schema names a file that is not JSON: serde_json's message, exit 1.",
    args: ["--json", "--skip-git-repo-check", "--output-schema", "report.schema.json"],
    files: { "report.schema.json": '{\n  "type": "object",\n  "properties": {}\n' },
    prompt: "Run the check.",
    turns: [],
  },
  {
    name: "unknown-flag",
    description: "A flag codex exec does not have: clap's message, exit 2.",
    args: ["--json", "--full-auto"],
    prompt: "Run the check.",
    turns: [],
  },
  {
    name: "bad-sandbox-value",
    description: "A value outside --sandbox's possible values: clap's message, exit 2.",
    args: ["--sandbox", "read-write"],
    prompt: "Run the check.",
    turns: [],
  },
  {
    name: "similar-flag",
    description: "A misspelt flag: clap's tip names the similar one, exit 2.",
    args: ["--jsn"],
    prompt: "Run the check.",
    turns: [],
  },
  {
    name: "repeated-flag",
    description: "-m given twice (the stub flags name a model already): exit 2.",
    args: ["-m", "gpt-5.5"],
    prompt: "Run the check.",
    turns: [],
  },
  {
    name: "switch-with-value",
    description: "A switch given a value (--json=1): exit 2.",
    args: ["--json=1"],
    prompt: "Run the check.",
    turns: [],
  },
  {
    name: "missing-value",
    description: "-o with no file after it: exit 2.",
    args: ["--json", "-o"],
    turns: [],
  },
];

const sse = (type, payload) => `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;

async function startStub(turns) {
  let count = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const index = count++;
      const turn = turns[index] ?? { items: [message("done", `msg_${index}`)], usage: usage(1, 1) };
      if (turn.status !== undefined) {
        response.writeHead(turn.status, { "content-type": "application/json" });
        response.end(turn.body);
        return;
      }
      const id = `resp_${index}`;
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.end(
        sse("response.created", { response: { id } }) +
          turn.items
            .map((item, i) => sse("response.output_item.done", { output_index: i, item }))
            .join("") +
          sse("response.completed", { response: { id, usage: turn.usage } }),
      );
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function stubArgs(url) {
  return [
    "-c",
    "model_provider=stub",
    "-c",
    `model_providers.stub={name="stub",base_url=${JSON.stringify(url)},wire_api="responses",env_key="STUB_KEY",request_max_retries=0,stream_max_retries=0}`,
    "-m",
    "gpt-5.4",
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

function run(args, { cwd, env, stdin }) {
  return new Promise((resolve, reject) => {
    const child = spawn(CODEX_BIN, args, { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (chunk) => out.push(chunk));
    child.stderr.on("data", (chunk) => err.push(chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
    child.stdin.end(stdin ?? "");
  });
}

function freshDir(path) {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path, { recursive: true });
  return path;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

function normalizeStderr(text, replacements) {
  let out = text;
  for (const [from, to] of replacements) out = out.split(from).join(to);
  return out
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g, "<ts>")
    .replace(UUID, "<uuid>")
    .replace(/ in \d+(\.\d+)?m?s:/g, " in <duration>:");
}

/** Replaces the thread id of a --json transcript (the only random part of Codex's stdout). */
function normalizeStdout(text) {
  return text.replace(
    /^(\{"type":"thread\.started","thread_id":")[^"]*"/m,
    `$1${THREAD_ID_PLACEHOLDER}"`,
  );
}

async function recordSession(session) {
  const base = freshDir(join(RUNS_DIR, "record-mock", session.name));
  const project = join(base, "project");
  const codexHome = freshDir(join(base, "codex-home"));
  const home = freshDir(join(base, "home"));
  mkdirSync(project);
  // Codex takes a `.git` file, or a `.git` directory holding HEAD, for a repository.
  if (session.git !== false) {
    mkdirSync(join(project, ".git"));
    writeFileSync(join(project, ".git/HEAD"), "ref: refs/heads/main\n");
  }
  for (const [path, content] of Object.entries(session.files ?? {})) {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), content);
  }
  const runOnce = async (extra) => {
    const stub = await startStub(session.turns);
    try {
      const prompt = session.prompt === undefined ? [] : [session.prompt];
      const result = await run(
        ["exec", ...stubArgs(stub.url), ...extra, ...session.args, ...prompt],
        { cwd: project, env: environment(codexHome, home), stdin: session.stdin },
      );
      return { ...result, url: stub.url };
    } finally {
      await stub.close();
    }
  };
  // A human-mode session is run a second time with --json first: that transcript is the
  // cassette mock-codex replays for it.
  const transcript =
    !session.args.includes("--json") && session.turns.length > 0
      ? normalizeStdout((await runOnce(["--json"])).stdout)
      : undefined;
  const result = await runOnce([]);
  const stub = { url: result.url };
  const replacements = [
    [stub.url, "<stub-url>"],
    [project, "<project>"],
    [codexHome, "<codex-home>"],
    [home, "<home>"],
  ];
  const files = {
    "case.json": `${JSON.stringify(
      {
        description: session.description,
        args: session.args,
        ...(session.prompt === undefined ? {} : { prompt: session.prompt }),
        ...(session.stdin === undefined ? {} : { stdin: session.stdin }),
        git: session.git !== false,
        ...(session.files ? { files: session.files } : {}),
        ...(session.outputFile ? { outputFile: session.outputFile } : {}),
        turns: session.turns,
        exitCode: result.code,
      },
      null,
      2,
    )}\n`,
    stdout: normalizeStdout(result.stdout),
    stderr: normalizeStderr(result.stderr, replacements),
  };
  if (transcript !== undefined) files["transcript.jsonl"] = transcript;
  if (session.outputFile && existsSync(join(project, session.outputFile))) {
    files["last-message"] = readFileSync(join(project, session.outputFile), "utf8");
  }
  return files;
}

async function main() {
  const argv = process.argv.slice(2);
  const check = argv.includes("--check");
  const names = argv.filter((arg) => arg !== "--check");
  if (!existsSync(CODEX_BIN)) {
    throw new Error(
      `no Codex at ${CODEX_BIN}: npm i --prefix .cache/codex ${CODEX_NPM_PACKAGE}@${CODEX_VERSION}`,
    );
  }
  const sessions = names.length === 0 ? SESSIONS : SESSIONS.filter((s) => names.includes(s.name));
  let differ = 0;
  for (const session of sessions) {
    const files = await recordSession(session);
    const dir = join(CASES_DIR, session.name);
    if (!check) freshDir(dir);
    for (const [name, content] of Object.entries(files)) {
      const path = join(dir, name);
      if (check) {
        const old = existsSync(path) ? readFileSync(path, "utf8") : undefined;
        if (old !== content) {
          differ++;
          process.stderr.write(`differs: ${session.name}/${name}\n`);
        }
      } else {
        writeFileSync(path, content);
      }
    }
    process.stderr.write(`${session.name}: exit ${JSON.parse(files["case.json"]).exitCode}\n`);
  }
  if (differ > 0) process.exit(1);
}

await main();
