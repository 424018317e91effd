/**
 * The doctor domain: schedules as users write them (a crontab, a workflow, a script, a bare
 * command line), each run with the real Codex exactly as the schedule runs it, and whether the
 * run really did its job. The ground truth `ops-skill doctor` is held to.
 *
 * A case's `run` is what its schedule runs: the words after `codex`, the working directory, the
 * variables the schedule sets, where `CODEX_HOME` is and whether the environment is a login's
 * (workflow, script) or cron's bare one. The recorder materializes the project (a git
 * repository), writes the case's `codex-home/` files into the run's Codex home and points
 * Codex's default provider at the stub in its `config.toml` (`openai_base_url`: the run sends
 * the key the default provider takes, `CODEX_API_KEY`, as a user's run does), starts the
 * case's stand-ins (loopback servers the skill's commands reach) and a Responses stub playing
 * the model (`turns`: one shell call per turn, then the report), runs
 * `codex` with the schedule's own arguments, and records measured facts: the exit code, the
 * skills listed, each command's outcome and the stand-ins it reached, the report file the next
 * step reads, Codex's own error lines. `jobDone` compares those facts with the case's `job`.
 *
 * The stub plays two of the API's own verdicts: a request whose output schema
 * `strictModeRejection` rejects is answered HTTP 400 `invalid_json_schema`, and a request whose
 * `Authorization: Bearer` is missing or not the secret's test value (`TEST_API_KEY`) HTTP 401,
 * as the API answers them. It speaks HTTPS only: a WebSocket request gets HTTP 426, and Codex
 * falls back to HTTPS at once.
 *
 * Placeholders: `/srv/ops` in `run`, in `codex-home/` and in `home/` (the user's home files,
 * such as `.profile`) stands for the project root; `{{NAME}}` in the project's
 * files and the model's commands for a stand-in's `host:port` (`{{NAME.host}}`, `{{NAME.port}}`
 * for its parts: `fillStandIns`).
 */
import { execFileSync, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { createServer as createTcpServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { createServer as createTlsServer } from "node:tls";
import {
  assistantMessage,
  formatServerSentEvent,
  parseListedSkills,
  type ResponseOutputItem,
  shellCall,
  stripAnsi,
  toolCallOutput,
} from "@ops-skill/codex";
import { strictModeRejection } from "@ops-skill/schema/strict";
import {
  type CaseManifest,
  type CorpusCase,
  casesDirOf,
  materializeCase,
  materializeCodexHome,
} from "../lib/corpus.js";
import { type Domain, replacePaths } from "../lib/recorder.js";

/** The user's home files of a case (`~/.profile`), copied into the run's `HOME`. */
export const HOME_FOLDER = "home";

/** Copies a folder's entries into another (made when missing); nothing when it is absent. */
function copyFolder(source: string, destination: string): void {
  if (!existsSync(source)) return;
  cpSync(source, destination, { recursive: true, verbatimSymlinks: true });
}

/** The project root as the cases' schedules, `run` and home files write it. */
export const PROJECT_ROOT = "/srv/ops";
/** The model the stub provider serves (the user's config names it). */
export const STUB_MODEL = "gpt-5.4";
/** The value a case gives the API key secret; the stub, as the API, refuses any other key. */
export const TEST_API_KEY = "test-key";

/**
 * The API's answer (HTTP 401) to a request with a key it does not know, or with none
 * (`undefined`: no `Authorization: Bearer`), as the API words them.
 */
export function invalidApiKey(key: string | undefined): string {
  if (key === undefined)
    return JSON.stringify({
      error: {
        message:
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
        type: "invalid_request_error",
        param: null,
        code: null,
      },
    });
  const shown = key.length > 8 ? `${key.slice(0, 3)}*****${key.slice(-4)}` : key;
  return JSON.stringify({
    error: {
      message: `Incorrect API key provided: ${shown}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      type: "invalid_request_error",
      param: null,
      code: "invalid_api_key",
    },
  });
}

/** A workflow's `${{ runner.temp }}`: the run's folder (the Codex home is made in it). */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression.
export const RUNNER_TEMP = "${{ runner.temp }}";

/** Cron's environment: nothing but these (HOME and LOGNAME added per run). */
export const CRON_ENV = { PATH: "/usr/bin:/bin", SHELL: "/bin/sh" } as const;
/** A login's or runner's environment (workflow, script), fixed so recordings do not vary. */
export const LOGIN_ENV = {
  PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  SHELL: "/bin/bash",
  LANG: "C.UTF-8",
} as const;

export type StandInKind = "http" | "tls" | "tcp";

export interface StandIn {
  /** `http`: a cluster or cloud API; `tls`: a TLS endpoint (openssl s_client); `tcp`: raw TCP (dig +tcp). */
  kind: StandInKind;
  /** 127.0.0.1 (default), or 127.0.0.2 for a host no allowlist names. */
  host?: "127.0.0.1" | "127.0.0.2";
}

/** One turn of the stub model: a shell call (`exec`, with its call id) or the final report. */
export type DoctorTurn = { exec: string; id: string } | { report: unknown } | { text: string };

/** The run a schedule makes. */
export interface ScheduledRun {
  /** Where Codex runs: posix, relative to the project; `~` for the home folder (cron's default). */
  cwd: string;
  /** The words after `codex` (global options, `exec`, its options, the prompt). */
  args: string[];
  /** The variables the schedule sets (`/srv/ops` for the project, `$PATH`/`$HOME` expanded). */
  env: Record<string, string>;
  /** `CODEX_HOME` as the schedule sets it, or null: Codex's default `$HOME/.codex`. */
  codexHome: string | null;
  /** True for a login's or runner's environment (workflow, script); false for cron's bare one. */
  inheritsLoginEnv: boolean;
}

/** What "did its job" means for the case. */
export interface Job {
  /** Shell calls that must run with `exitCode` (default 0) and reach `reaches` (stand-in names). */
  commands: { call: string; exitCode?: number; reaches?: string[] }[];
  /** Shell calls a hook must block (a command the skill forbids). */
  blocked?: string[];
  /** The file the next step parses (relative to the run's cwd) and the jq path it reads. */
  report?: { file: string; jq: string };
}

export interface DoctorCaseManifest extends CaseManifest {
  /** The schedule file in `project/` (posix), as the user wrote it. */
  schedule?: string;
  /** A bare command line instead of a schedule file. */
  commandLine?: string;
  run: ScheduledRun;
  /** The skills the prompt names; each must be listed for the run to do its job. */
  skills: string[];
  turns: DoctorTurn[];
  standIns?: Record<string, StandIn>;
  job: Job;
  /** The doctor check expected to break (`CHECK_IDS` of `@ops-skill/doctor`), null when the schedule works. */
  cause: string | null;
}

export type CommandOutcome = "ran" | "blocked-by-hook" | "stopped-by-sandbox" | "not-run";

export interface CommandFact {
  call: string;
  command: string;
  outcome: CommandOutcome;
  exitCode?: number;
  /** Stand-ins the command reached (got a connection or a request), by name. */
  reached: string[];
  /** The first lines the model got back (normalised), for a command that failed or did not run. */
  output: string[];
}

export interface ReportFact {
  file: string;
  exists: boolean;
  json: boolean;
  jq: string;
  /** `jq -e PATH FILE` succeeded (the path holds a value that is not null or false). */
  hasPath: boolean;
}

export interface DoctorFacts {
  exitCode: number | null;
  /** Skills of the project and the user listed to the model (the built-in ones left out). */
  listedSkills: string[];
  commands: CommandFact[];
  report?: ReportFact;
  /** Codex's error and warning lines (stderr, and `--json` error items), normalised. */
  codexErrors: string[];
}

export interface DoctorVerdict extends DoctorFacts {
  description: string;
  schedule: string;
  cause: string | null;
  jobDone: boolean;
  /** What the job lacked, one line each (empty when done). */
  missed: string[];
}

/**
 * Whether the run did its job: Codex exited 0, listed each skill the prompt names, ran each of
 * the job's commands with the expected exit code reaching its stand-ins, a hook blocked each
 * forbidden command, and the report the next step reads exists, is JSON and has its jq path.
 * Pure; returns what was missed (empty: done).
 */
export function missedJob(facts: DoctorFacts, job: Job, skills: readonly string[]): string[] {
  const missed: string[] = [];
  if (facts.exitCode !== 0) missed.push(`codex exited ${facts.exitCode}`);
  for (const skill of skills)
    if (!facts.listedSkills.includes(skill)) missed.push(`skill ${skill} not listed`);
  const byCall = new Map(facts.commands.map((command) => [command.call, command]));
  for (const wanted of job.commands) {
    const fact = byCall.get(wanted.call);
    const exitCode = wanted.exitCode ?? 0;
    if (fact === undefined || fact.outcome !== "ran") {
      missed.push(`${wanted.call} ${fact?.outcome ?? "not-run"}`);
      continue;
    }
    if (fact.exitCode !== exitCode)
      missed.push(`${wanted.call} exited ${fact.exitCode} (wanted ${exitCode})`);
    for (const standIn of wanted.reaches ?? [])
      if (!fact.reached.includes(standIn)) missed.push(`${wanted.call} did not reach ${standIn}`);
  }
  for (const call of job.blocked ?? []) {
    const fact = byCall.get(call);
    if (fact?.outcome !== "blocked-by-hook")
      missed.push(`${call} not blocked (${fact?.outcome ?? "not-run"})`);
  }
  if (job.report !== undefined) {
    const report = facts.report;
    if (report === undefined || !report.exists) missed.push(`${job.report.file} not written`);
    else if (!report.json) missed.push(`${job.report.file} is not JSON`);
    else if (!report.hasPath) missed.push(`${job.report.file} has no ${job.report.jq}`);
  }
  return missed;
}

interface RunningStandIn {
  name: string;
  host: string;
  port: number;
  server: Server;
}

const TLS_SUBJECT = "/CN=ops-skill stand-in";

/** A self-signed certificate for the TLS stand-ins (made once per case, in its run folder). */
function makeCertificate(dir: string): { key: string; cert: string } {
  const key = join(dir, "stand-in.key");
  const cert = join(dir, "stand-in.crt");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "2",
      "-subj",
      TLS_SUBJECT,
      "-keyout",
      key,
      "-out",
      cert,
    ],
    { stdio: "ignore" },
  );
  return { key: readFileSync(key, "utf8"), cert: readFileSync(cert, "utf8") };
}

async function startStandIns(
  standIns: Record<string, StandIn>,
  runDir: string,
  hits: Map<string, number>,
): Promise<RunningStandIn[]> {
  const running: RunningStandIn[] = [];
  let certificate: { key: string; cert: string } | undefined;
  for (const name of Object.keys(standIns).sort()) {
    const { kind, host = "127.0.0.1" } = standIns[name] as StandIn;
    hits.set(name, 0);
    const hit = () => hits.set(name, (hits.get(name) ?? 0) + 1);
    let server: Server;
    if (kind === "http") {
      server = createHttpServer((request: IncomingMessage, response: ServerResponse) => {
        hit();
        request.resume();
        request.on("end", () => {
          response.writeHead(200, { "content-type": "application/json" });
          response.end(
            `${JSON.stringify({ kind: "Status", status: "Success", path: request.url })}\n`,
          );
        });
      });
    } else if (kind === "tls") {
      certificate ??= makeCertificate(runDir);
      // The handshake, a greeting, then the client closes (s_client at the end of its stdin).
      server = createTlsServer(certificate, (socket) => {
        socket.on("error", () => {});
        socket.write("ok\n");
      });
      server.on("connection", hit);
    } else {
      server = createTcpServer((socket: Socket) => {
        hit();
        socket.on("error", () => {});
        socket.once("data", () => socket.end("10.0.0.7\n"));
      });
    }
    server.on("tlsClientError", () => {});
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, host, () => resolve());
    });
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    running.push({ name, host, port, server });
  }
  return running;
}

function closeServer(server: Server & { closeAllConnections?: () => void }): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}

/** The stub model: the case's turns in order, strict mode as the API enforces it. */
async function startModel(
  turns: readonly DoctorTurn[],
  hits: Map<string, number>,
): Promise<{
  url: string;
  requests: unknown[];
  snapshots: Map<string, number>[];
  close: () => Promise<void>;
}> {
  const requests: unknown[] = [];
  const snapshots: Map<string, number>[] = [];
  const server = createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.method === "GET" && String(request.url).startsWith("/v1/responses")) {
        response.writeHead(426).end();
        return;
      }
      if (request.method !== "POST" || !String(request.url).startsWith("/v1/responses")) {
        response.writeHead(404).end();
        return;
      }
      const index = requests.length;
      snapshots.push(new Map(hits));
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        body = undefined;
      }
      requests.push(body);
      const bearer = /^Bearer (.*)$/.exec(request.headers.authorization ?? "")?.[1];
      const key = bearer === "" ? undefined : bearer;
      if (key !== TEST_API_KEY) {
        response.writeHead(401, { "content-type": "application/json" });
        response.end(invalidApiKey(key));
        return;
      }
      const schema = (body as { text?: { format?: { schema?: unknown } } } | undefined)?.text
        ?.format?.schema;
      const rejected = schema === undefined ? undefined : strictModeRejection(schema);
      if (rejected !== undefined) {
        response.writeHead(400, { "content-type": "application/json" });
        response.end(rejected);
        return;
      }
      const turn = turns[index];
      const item: ResponseOutputItem =
        turn === undefined
          ? assistantMessage("done", `msg_${index}`)
          : "exec" in turn
            ? shellCall(turn.exec, turn.id)
            : "report" in turn
              ? assistantMessage(JSON.stringify(turn.report), `msg_${index}`)
              : assistantMessage(turn.text, `msg_${index}`);
      const id = `resp_${index}`;
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.end(
        formatServerSentEvent("response.created", { response: { id } }) +
          formatServerSentEvent("response.output_item.done", { output_index: 0, item }) +
          formatServerSentEvent("response.completed", {
            response: { id, usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 } },
          }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    snapshots,
    close: () => closeServer(server),
  };
}

/**
 * The user config with Codex's default provider pointed at the stub: `openai_base_url` and the
 * model first, the user's own config after them. No provider of the recorder's own: the key the
 * run sends is the one Codex's default provider takes (`CODEX_API_KEY`, or a `codex login`).
 */
export function withStubBaseUrl(config: string, url: string): string {
  const top = `openai_base_url = ${JSON.stringify(url)}\nmodel = ${JSON.stringify(STUB_MODEL)}\n`;
  const body = config === "" || config.endsWith("\n") ? config : `${config}\n`;
  return body === "" ? top : `${top}\n${body}`;
}

/** A stand-in as the placeholders name it: `{{NAME}}` is `host:port`. */
export interface StandInAddress {
  name: string;
  host: string;
  port: number;
}

/** Replaces `{{NAME}}` by a stand-in's `host:port`, `{{NAME.host}}` and `{{NAME.port}}` by its parts. Pure. */
export function fillStandIns(text: string, standIns: readonly StandInAddress[]): string {
  let out = text;
  for (const s of standIns)
    out = out
      .split(`{{${s.name}}}`)
      .join(`${s.host}:${s.port}`)
      .split(`{{${s.name}.host}}`)
      .join(s.host)
      .split(`{{${s.name}.port}}`)
      .join(String(s.port));
  return out;
}

/** Rewrites every text file under `dir` (`.git` left out) with `fill`; a file it leaves alone is not written. */
export function fillPlaceholders(dir: string, fill: (text: string) => string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== ".git") fillPlaceholders(path, fill);
    } else if (entry.isFile()) {
      const text = readFileSync(path, "utf8");
      const filled = fill(text);
      if (filled !== text) writeFileSync(path, filled);
    }
  }
}

/** A line of Codex's stderr that says something went wrong (or may go wrong). */
const CODEX_ERROR_LINE = /^(Error|ERROR|warning|WARNING)\b|\s(ERROR|WARN)\s|^\S+:\d+:\d+: /;
const TIMESTAMP_PREFIX = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z\s+/;

/** What the model got back for a call: its outcome, exit code and first output lines. */
export function commandOutcome(output: string | undefined): {
  outcome: CommandOutcome;
  exitCode?: number;
  lines: string[];
} {
  if (output === undefined) return { outcome: "not-run", lines: [] };
  if (output.startsWith("Command blocked by PreToolUse hook"))
    return { outcome: "blocked-by-hook", lines: [output.split("\n")[0] ?? ""] };
  const exit = /^Process exited with code (-?\d+)$/m.exec(output);
  if (exit === null)
    return { outcome: "stopped-by-sandbox", lines: output.split("\n").slice(0, 3) };
  const at = output.indexOf("\nOutput:\n");
  const text = at < 0 ? "" : output.slice(at + "\nOutput:\n".length);
  return {
    outcome: "ran",
    exitCode: Number(exit[1]),
    lines: text
      .split("\n")
      .filter((line) => line.trim() !== "")
      .slice(0, 3),
  };
}

function runCodex(
  bin: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    }, 90_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
  });
}

function validate(corpusCase: CorpusCase<DoctorCaseManifest>): void {
  const m = corpusCase.manifest;
  const where = `doctor case ${corpusCase.id}`;
  if ((m.schedule === undefined) === (m.commandLine === undefined))
    throw new Error(`${where}: give schedule or commandLine`);
  if (!m.run || !Array.isArray(m.run.args) || typeof m.run.cwd !== "string")
    throw new Error(`${where}: run needs cwd and args`);
  if (!Array.isArray(m.turns) || !m.job || !Array.isArray(m.job.commands))
    throw new Error(`${where}: turns and job.commands are required`);
  if (!Array.isArray(m.skills)) throw new Error(`${where}: skills must be a list`);
  if (m.cause !== null && typeof m.cause !== "string") throw new Error(`${where}: cause`);
}

/** Expands `$PATH`, `${PATH}`, `$HOME`, `${HOME}` in a value the schedule sets. */
function expand(value: string, base: Record<string, string>): string {
  return value.replace(/\$\{?(PATH|HOME)\}?/g, (_, name: string) => base[name] ?? "");
}

export interface DoctorRecorded {
  verdict: DoctorVerdict;
}

export const doctorDomain: Domain<DoctorCaseManifest, DoctorRecorded> = {
  name: "doctor",
  validate,
  concurrency: 2,
  outputs: [{ file: "verdicts.json", select: (recorded) => recorded.verdict }],
  describe: ({ verdict }) =>
    `exit ${verdict.exitCode}, ${verdict.jobDone ? "did its job" : `missed: ${verdict.missed.join("; ")}`}`,
  async record(corpusCase, { bin, runDir }) {
    const m = corpusCase.manifest;
    const { projectDir: project } = materializeCase(
      corpusCase.id,
      join(runDir, "project"),
      casesDirOf("doctor"),
      { git: "init" },
    );
    const home = join(runDir, "home");
    mkdirSync(home, { recursive: true });
    copyFolder(join(corpusCase.dir, HOME_FOLDER), home);
    const codexHome = m.run.codexHome === null ? join(home, ".codex") : join(runDir, "codex-home");
    mkdirSync(codexHome, { recursive: true });
    materializeCodexHome(corpusCase.dir, codexHome);

    const hits = new Map<string, number>();
    const standIns = await startStandIns(m.standIns ?? {}, runDir, hits);
    const fill = (text: string) => fillStandIns(text, standIns);
    const model = await startModel(
      m.turns.map((turn) => ("exec" in turn ? { ...turn, exec: fill(turn.exec) } : turn)),
      hits,
    );
    const replacements: [string, string][] = [
      ...standIns.map((s) => [`${s.host}:${s.port}`, `{{${s.name}}}`] as [string, string]),
      [model.url, "<stub-url>"],
      [codexHome, "<codex-home>"],
      [project, "<project>"],
      [home, "<home>"],
      [runDir, "<run>"],
    ];
    try {
      fillPlaceholders(project, fill);
      const configPath = join(codexHome, "config.toml");
      const userConfig = existsSync(configPath) ? readFileSync(configPath, "utf8") : "";
      const toProject = (text: string) => text.split(PROJECT_ROOT).join(project);
      fillPlaceholders(home, toProject);
      if (m.run.codexHome !== null) fillPlaceholders(codexHome, toProject);
      writeFileSync(configPath, withStubBaseUrl(toProject(userConfig), model.url));

      const base: Record<string, string> = m.run.inheritsLoginEnv
        ? { ...LOGIN_ENV, HOME: home, USER: "root", LOGNAME: "root" }
        : { ...CRON_ENV, HOME: home, LOGNAME: "root" };
      const env: Record<string, string> = { ...base };
      for (const [name, value] of Object.entries(m.run.env)) {
        env[name] = toProject(expand(value.split(RUNNER_TEMP).join(runDir), env));
        // The workflow's setup step makes the temporary folder it gives the run.
        if (name === "TMPDIR" && value.startsWith(RUNNER_TEMP))
          mkdirSync(env[name] as string, { recursive: true });
      }
      if (m.run.codexHome !== null) env.CODEX_HOME = codexHome;
      const cwd = m.run.cwd === "~" ? home : join(project, m.run.cwd);
      const args = m.run.args.map(toProject);
      const result = await runCodex(bin, args, cwd, env);
      const endHits = new Map(hits);
      writeFileSync(join(runDir, "requests.json"), `${JSON.stringify(model.requests, null, 2)}\n`);
      writeFileSync(join(runDir, "stdout.txt"), result.stdout);
      writeFileSync(join(runDir, "stderr.txt"), result.stderr);
      // After `host:port`, a stand-in's port alone (`port N`, `/dev/tcp/HOST/N`, `HOST#N`).
      const ports = (text: string) =>
        standIns.reduce(
          (out, s) => out.replace(new RegExp(`\\b${s.port}\\b`, "g"), `{{${s.name}.port}}`),
          text,
        );
      const normal = (text: string) =>
        ports(replacePaths(stripAnsi(text), replacements))

          .replace(TIMESTAMP_PREFIX, "")
          .replace(/after \d+ ms/g, "after <n> ms")
          .replace(/^[0-9A-F]{8,16}:error:/, "<thread>:error:")
          .replace(/\b\d+(\.\d+)? ?m?s\b/g, "<duration>");

      const listedSkills = [
        ...new Set(
          parseListedSkills(model.requests[0])
            .filter((skill) => !skill.file.includes("/skills/.system/"))
            .map((skill) => skill.name),
        ),
      ].sort();
      const commands: CommandFact[] = [];
      m.turns.forEach((turn, index) => {
        if (!("exec" in turn)) return;
        const got = toolCallOutput(model.requests, turn.id);
        const { outcome, exitCode, lines } = commandOutcome(got);
        const before = model.snapshots[index] ?? endHits;
        const after = model.snapshots[index + 1] ?? endHits;
        const reached =
          model.snapshots[index] === undefined
            ? []
            : standIns
                .filter((s) => (after.get(s.name) ?? 0) > (before.get(s.name) ?? 0))
                .map((s) => s.name);
        commands.push({
          call: turn.id,
          command: turn.exec,
          outcome,
          ...(exitCode === undefined ? {} : { exitCode }),
          reached,
          // The evidence of a failure; a success's output (an interleaving of its stdout and
          // stderr) is left out, so recordings do not vary.
          output: outcome === "ran" && exitCode === 0 ? [] : lines.map(normal),
        });
      });
      let report: ReportFact | undefined;
      if (m.job.report !== undefined) {
        const file = join(cwd, m.job.report.file);
        const exists = existsSync(file) && statSync(file).isFile();
        let json = false;
        let hasPath = false;
        if (exists) {
          try {
            JSON.parse(readFileSync(file, "utf8"));
            json = true;
          } catch {}
          if (json)
            try {
              execFileSync("jq", ["-e", m.job.report.jq, file], { stdio: "ignore" });
              hasPath = true;
            } catch {}
        }
        report = { file: m.job.report.file, exists, json, jq: m.job.report.jq, hasPath };
      }
      // Codex's error and warning lines; when it refused to start a session (no header with a
      // session id), everything it printed.
      const refusedAtStart = result.code !== 0 && !/^session id: /m.test(result.stderr);
      const codexErrors = [
        ...new Set(
          stripAnsi(result.stderr)
            .split("\n")
            .filter((line) => line.trim() !== "" && !line.startsWith("Reading additional input"))
            .filter((line) => refusedAtStart || CODEX_ERROR_LINE.test(line))
            .filter((line) => !line.includes("Model metadata for"))
            // The stub speaks HTTPS only: it refuses the WebSocket (426) and Codex falls back.
            .filter((line) => !line.includes("responses_websocket"))
            .map(normal),
        ),
      ];
      const facts: DoctorFacts = {
        exitCode: result.code,
        listedSkills,
        commands,
        ...(report === undefined ? {} : { report }),
        codexErrors,
      };
      const missed = missedJob(facts, m.job, m.skills);
      return {
        verdict: {
          description: m.description,
          schedule: m.schedule ?? "commandLine",
          cause: m.cause,
          jobDone: missed.length === 0,
          missed,
          ...facts,
        },
      };
    } finally {
      await model.close();
      for (const s of standIns) await closeServer(s.server);
    }
  },
};
