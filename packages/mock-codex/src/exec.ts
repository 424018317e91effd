/**
 * `mock-codex exec`: the steps `codex exec` 0.169.0 takes around a session, in its order
 * (measured, conformance/mock): the command line (clap, exit 2), the prompt and stdin, the
 * output schema file, the git repository check, then the session, replayed from a cassette.
 *
 * `runExec` reads the files it needs (schema, cassette) and returns what to print, what to write
 * to `-o`, and the exit code; the caller (cli.ts) does the printing. Tests and the bench call it
 * in-process.
 *
 * Around the replayed session it does what Codex and the API do for this invocation: the warning
 * items its flags draw, a schema strict mode rejects (the turn fails with the API's first error),
 * and the sandbox each recorded command meets (`replayCommand`, one command at a time). In
 * execute mode (`ExecContext.execute`) the commands the hooks let run are really run, through a
 * runner passed in (`run-command.ts`), and their results replace the recorded ones
 * (`executedCommand`).
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { CODEX_VERSION } from "@ops-skill/codex/version";
import { readRegularText } from "@ops-skill/core/read-file";
import {
  type CassetteResult,
  formatCassetteProblem,
  parseCassette,
  type Session,
  type SessionStep,
} from "./cassette.js";
import { flagValue, flagValues, hasFlag, type ParsedExec, parseExecArgs } from "./flags.js";
import { gitRepositoryRoot } from "./git-root.js";
import { EXEC_HELP, EXEC_HELP_SHORT } from "./help.js";
import type { HookConfig } from "./hook-config.js";
import type { CallDecision, HookMismatch } from "./hooks.js";
import { renderSession } from "./render.js";
import type { CommandRun, RunCommand } from "./run-command.js";
import { setUpRunHooks } from "./run-hooks.js";
import { serdeJsonError } from "./serde-json.js";

export const CASSETTE_ENV = "MOCK_CODEX_CASSETTE";
export const CASSETTES_DIR_ENV = "MOCK_CODEX_CASSETTES";
/** Fixes the thread id (otherwise a fresh UUIDv7, as Codex makes). */
export const THREAD_ID_ENV = "MOCK_CODEX_THREAD_ID";
/** The Codex release mock-codex imitates: the pinned one (the import-free entry, for a fast start). */
export const MOCKED_CODEX_VERSION = CODEX_VERSION;

export interface ExecContext {
  cwd: string;
  env: Record<string, string | undefined>;
  /** Piped stdin's text; undefined when stdin is a terminal. */
  stdin: string | undefined;
  /**
   * Execute mode: each recorded command the hooks let run is really run (`/bin/bash -lc <cmd>`
   * in the session's directory, with `env`), and its output and exit code replace the recorded
   * ones. Without it the recorded results are replayed and nothing runs.
   */
  execute?: ExecuteOptions;
}

export interface ExecuteOptions {
  /** The whole environment of each command (nothing of `ExecContext.env` is added). */
  env: Record<string, string | undefined>;
  /** Each command is killed, with its process group, after this long. */
  timeoutMs: number;
  /** Runs one command (default: a process, `run-command.ts`); for tests. */
  run?: RunCommand;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** `-o`: the file (resolved) and its content, when Codex would write it. */
  outputFile?: { path: string; content: string };
  /**
   * What the PreToolUse hooks decided, once the config was loaded: the hooks Codex has for the
   * run, each shell call's decision (none when no hook could fire), and the call the hooks
   * decided otherwise than the cassette records, when that stopped the replay.
   */
  hooks?: { config: HookConfig; decisions: CallDecision[]; mismatch?: HookMismatch };
}

const done = (stderr: string, exitCode: number, stdout = ""): ExecResult => ({
  stdout,
  stderr,
  exitCode,
});

/** A UUIDv7, the kind of thread id Codex 0.169.0 prints. */
export function uuidV7(now = Date.now()): string {
  const bytes = randomBytes(16);
  const time = BigInt(now);
  for (let k = 0; k < 6; k++) bytes[k] = Number((time >> BigInt(8 * (5 - k))) & 0xffn);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `-c key=value` overrides, the value's TOML string quotes removed. */
function configOverride(parsed: ParsedExec, key: string): string | undefined {
  let found: string | undefined;
  for (const entry of flagValues(parsed, "config")) {
    const eq = entry.indexOf("=");
    if (eq < 0 || entry.slice(0, eq).trim() !== key) continue;
    const raw = entry.slice(eq + 1).trim();
    found =
      /^"(.*)"$|^'(.*)'$/s
        .exec(raw)
        ?.slice(1)
        .find((v) => v !== undefined) ?? raw;
  }
  return found;
}

/** Codex's repository test: a `.git` file, or a `.git` directory holding HEAD, here or above. */
export function insideGitRepository(start: string): boolean {
  return gitRepositoryRoot(start) !== undefined;
}

function osError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "No such file or directory (os error 2)";
  if (code === "EISDIR") return "Is a directory (os error 21)";
  if (code === "EACCES") return "Permission denied (os error 13)";
  if (code === "ENOTDIR") return "Not a directory (os error 20)";
  return (error as Error).message;
}

/** A cassette (or a transcript with a 200 KB output or a thousand) stays well under this. */
const MAX_CASSETTE_BYTES = 256 * 1024 * 1024;

/** A cassette's text through the one reader: never a FIFO, a folder or a device. */
function readCassetteText(path: string): { text: string } | { problem: string } {
  const read = readRegularText(path, { maxBytes: MAX_CASSETTE_BYTES });
  return read.ok ? { text: read.text } : { problem: read.problem };
}

function loadCassetteFile(path: string): CassetteResult {
  const read = readCassetteText(path);
  if ("problem" in read) {
    return { ok: false, problem: { file: path, line: 0, message: read.problem } };
  }
  const base = dirname(path);
  return parseCassette(read.text, {
    file: path,
    readSideFile: (side) => {
      const sideRead = readCassetteText(resolve(base, side));
      return "text" in sideRead ? sideRead.text : undefined;
    },
  });
}

/**
 * Levenshtein distance between two strings (by character) or two word lists (by word), for
 * naming the nearest recorded prompt or call.
 */
export function editDistance<T extends string | readonly string[]>(a: T, b: T): number {
  let previous = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** The first line's recorded prompt of a cassette file, without parsing the rest. */
function recordedPrompt(path: string): string | undefined {
  const read = readCassetteText(path);
  if ("problem" in read) return undefined;
  try {
    const text = read.text;
    const end = text.indexOf("\n");
    const header = JSON.parse(end < 0 ? text : text.slice(0, end)) as {
      type?: unknown;
      invocation?: { prompt?: unknown };
    };
    const prompt = header.type === "cassette" ? header.invocation?.prompt : undefined;
    return typeof prompt === "string" ? prompt : undefined;
  } catch {
    return undefined;
  }
}

type Located = { ok: true; path: string } | { ok: false; message: string };

function locateCassette(parsed: ParsedExec, context: ExecContext, prompt: string): Located {
  const explicit = flagValue(parsed, "cassette") ?? context.env[CASSETTE_ENV];
  if (explicit !== undefined && explicit !== "") {
    return { ok: true, path: resolve(context.cwd, explicit) };
  }
  const dir = context.env[CASSETTES_DIR_ENV];
  if (dir === undefined || dir === "") {
    return {
      ok: false,
      message: `no cassette: pass --cassette FILE, or set ${CASSETTE_ENV} or ${CASSETTES_DIR_ENV}`,
    };
  }
  const root = resolve(context.cwd, dir);
  let names: string[];
  try {
    names = readdirSync(root)
      .filter((name) => name.endsWith(".jsonl"))
      .sort();
  } catch (error) {
    return { ok: false, message: `${CASSETTES_DIR_ENV}=${root}: ${osError(error)}` };
  }
  let nearest: { prompt: string; file: string; distance: number } | undefined;
  for (const name of names) {
    const file = join(root, name);
    const recorded = recordedPrompt(file);
    if (recorded === undefined) continue;
    if (recorded === prompt) return { ok: true, path: file };
    const distance = editDistance(recorded, prompt);
    if (nearest === undefined || distance < nearest.distance) {
      nearest = { prompt: recorded, file, distance };
    }
  }
  return {
    ok: false,
    message:
      nearest === undefined
        ? `no cassette in ${root} records a prompt`
        : `no cassette in ${root} records the prompt ${JSON.stringify(prompt)}; the nearest is ${JSON.stringify(nearest.prompt)} (${nearest.file})`,
  };
}

/** The warning item `--dangerously-bypass-hook-trust` draws (twice, as Codex prints it). */
export const HOOK_TRUST_BYPASS_WARNING =
  "`--dangerously-bypass-hook-trust` is enabled. Enabled hooks may run without review for this invocation.";
/** How the warning item about unknown config keys starts (its text names the keys and files). */
const UNKNOWN_CONFIG_WARNING = "Codex is ignoring ";

/**
 * The warning items before `turn.started`, as Codex 0.169.0 orders them (conformance/mock:
 * `warnings-combined`): the unknown-config warnings and the hook-trust bypass warning form one
 * group, printed twice, then the others (unknown model metadata...). The group's config
 * warnings come from the cassette (a transcript holds them twice, a cassette file once); the
 * bypass warning from the flag, whatever the cassette recorded. `--dangerously-bypass-approvals-
 * and-sandbox` draws none.
 */
export function invocationWarnings(
  recorded: readonly string[],
  bypassHookTrust: boolean,
): string[] {
  const group: string[] = [];
  const rest: string[] = [];
  for (const warning of recorded) {
    if (warning === HOOK_TRUST_BYPASS_WARNING) continue;
    if (!warning.startsWith(UNKNOWN_CONFIG_WARNING)) rest.push(warning);
    else if (!group.includes(warning)) group.push(warning);
  }
  if (bypassHookTrust) group.push(HOOK_TRUST_BYPASS_WARNING);
  return [...group, ...group, ...rest];
}

/** What a recorded command meets in this run. */
export interface ReplaySettings {
  /** `read-only`, `workspace-write` or `danger-full-access`. */
  sandbox: string;
}

type CommandStep = Extract<SessionStep, { kind: "command" }>;

/**
 * One recorded command as this run reports it, or undefined when it makes no item. Under a
 * read-only sandbox, a command the cassette says writes (`read_only`) fails as the sandbox makes
 * it fail. (A hook check runs before this step.)
 */
export function replayCommand(
  step: CommandStep,
  settings: ReplaySettings,
): CommandStep | undefined {
  if (step.readOnly === undefined || settings.sandbox !== "read-only") return step;
  return {
    ...step,
    exitCode: step.readOnly.exitCode,
    output: step.readOnly.output,
    status: undefined,
  };
}

/** The session this run replays: its warnings, each command through `replayCommand`. */
function sessionForRun(
  session: Session,
  parsed: ParsedExec,
  settings: ReplaySettings,
  rejection: string | undefined,
): Session {
  const warnings = invocationWarnings(
    session.warnings,
    hasFlag(parsed, "dangerously-bypass-hook-trust"),
  );
  // A schema strict mode rejects fails the first request: nothing of the session happens.
  if (rejection !== undefined) {
    return {
      ...session,
      warnings,
      steps: [{ kind: "error", message: rejection }],
      end: { kind: "failed", message: rejection },
    };
  }
  const steps: SessionStep[] = [];
  for (const step of session.steps) {
    if (step.kind !== "command") steps.push(step);
    else {
      const replayed = replayCommand(step, settings);
      if (replayed !== undefined) steps.push(replayed);
    }
  }
  return { ...session, warnings, steps };
}

/** The exit code execute mode gives a command killed at its timeout (as `timeout(1)` does). */
export const TIMEOUT_EXIT_CODE = 124;

/**
 * A command as execute mode reports it: what it really printed and exited with, its status from
 * that exit code; a command killed at its timeout exits 124 with a line saying so.
 */
export function executedCommand(
  step: CommandStep,
  ran: CommandRun,
  timeoutMs: number,
): CommandStep {
  const { readOnly: _recorded, ...rest } = step;
  return {
    ...rest,
    output: ran.timedOut
      ? `${ran.output}mock-codex: command timed out after ${timeoutMs} ms and was killed\n`
      : ran.output,
    exitCode: ran.timedOut ? TIMEOUT_EXIT_CODE : ran.exitCode,
    durationMs: ran.durationMs,
    status: undefined,
  };
}

type Executed = { ok: true; session: Session } | { ok: false; message: string };

/**
 * Execute mode over the session the hooks left (blocked calls are gone): each completed command
 * run in order through `run`, its result through `executedCommand`. A command still running
 * when the recorded turn ended is shown as recorded and not run.
 */
export async function executeSession(
  session: Session,
  run: RunCommand,
  timeoutMs: number,
  file: string,
): Promise<Executed> {
  const steps: SessionStep[] = [];
  for (const step of session.steps) {
    if (step.kind !== "command" || !step.completed) {
      steps.push(step);
      continue;
    }
    if (step.cmd === undefined) {
      return {
        ok: false,
        message: `${file}${step.line === undefined ? "" : `:${step.line}`}: the command ${JSON.stringify(step.command)} cannot be read back into the command the model asked for, so it cannot be executed; record a cassette file for this session`,
      };
    }
    steps.push(executedCommand(step, await run(step.cmd), timeoutMs));
  }
  return { ok: true, session: { ...session, steps } };
}

/** Whether the help asked for is clap's summary (`-h`) rather than the long form (`--help`). */
function wantsShortHelp(argv: readonly string[]): boolean {
  const asked = argv.find(
    (arg) =>
      arg === "--help" || (arg.startsWith("-") && !arg.startsWith("--") && arg.includes("h")),
  );
  return asked !== undefined && asked !== "--help";
}

/**
 * The API's answer to a schema, judged by the schema toolkit's strict-mode checks; loaded only
 * for a run with `--output-schema`, so a plain replay starts without them.
 */
async function judgeSchema(schema: unknown): Promise<string | undefined> {
  const { strictModeRejection } = await import("@ops-skill/schema/strict");
  return strictModeRejection(schema);
}

/** The session as the run shows it: replayed as it is, or its commands executed. */
async function executeIfAsked(
  session: Session,
  execute: ExecuteOptions | undefined,
  cwd: string,
  file: string,
): Promise<Executed> {
  if (execute === undefined) return { ok: true, session };
  const run =
    execute.run ??
    (await import("./run-command.js")).processCommandRunner({
      cwd,
      env: execute.env,
      timeoutMs: execute.timeoutMs,
    });
  return executeSession(session, run, execute.timeoutMs, file);
}

/** Runs `codex exec <argv>` against a cassette. */
export async function runExec(argv: readonly string[], context: ExecContext): Promise<ExecResult> {
  const parse = parseExecArgs(argv);
  if (!parse.ok) return done(parse.stderr, parse.exitCode);
  const parsed = parse.parsed;
  if (hasFlag(parsed, "help"))
    return done("", 0, wantsShortHelp(argv) ? EXEC_HELP_SHORT : EXEC_HELP);
  if (hasFlag(parsed, "version")) return done("", 0, `codex-cli-exec ${MOCKED_CODEX_VERSION}\n`);
  if (parsed.subcommand !== undefined) {
    return done(
      `mock-codex: \`codex exec ${parsed.subcommand}\` is not replayed: mock-codex replays recorded \`codex exec\` sessions only\n`,
      2,
    );
  }

  // Codex loads its config, hooks included, first (run-hooks.ts).
  const hooks = await setUpRunHooks(parsed, context);
  if (!hooks.ok) return done(hooks.stderr, 1);

  // The prompt: the argument, `-` (all of stdin), or stdin when there is no argument.
  let stderr = hooks.stderr;
  let prompt: string;
  if (parsed.prompt === undefined || parsed.prompt === "-") {
    if (parsed.prompt === undefined) stderr += "Reading prompt from stdin...\n";
    const text = context.stdin ?? "";
    if (text.trim() === "") return done(`${stderr}No prompt provided via stdin.\n`, 1);
    prompt = text;
  } else {
    prompt = parsed.prompt;
    if (context.stdin !== undefined) {
      stderr += "Reading additional input from stdin...\n";
      if (context.stdin.trim() !== "") prompt = `${prompt}\n\n<stdin>\n${context.stdin}\n</stdin>`;
    }
  }

  const schemaPath = flagValue(parsed, "output-schema");
  let rejection: string | undefined;
  if (schemaPath !== undefined) {
    let text: string;
    try {
      text = readFileSync(resolve(context.cwd, schemaPath), "utf8");
    } catch (error) {
      return done(
        `${stderr}Failed to read output schema file ${schemaPath}: ${osError(error)}\n`,
        1,
      );
    }
    const problem = serdeJsonError(text);
    if (problem !== undefined) {
      return done(`${stderr}Output schema file ${schemaPath} is not valid JSON: ${problem}\n`, 1);
    }
    rejection = await judgeSchema(JSON.parse(text));
  }

  const sessionCwd = resolve(context.cwd, flagValue(parsed, "cd") ?? ".");
  if (!hasFlag(parsed, "skip-git-repo-check") && !insideGitRepository(sessionCwd)) {
    return done(
      `${stderr}Not inside a trusted directory and --skip-git-repo-check was not specified.\n`,
      1,
    );
  }

  const located = locateCassette(parsed, context, parsed.prompt ?? prompt);
  if (!located.ok) return done(`${stderr}mock-codex: ${located.message}\n`, 1);
  const loaded = loadCassetteFile(located.path);
  if (!loaded.ok) return done(`${stderr}mock-codex: ${formatCassetteProblem(loaded.problem)}\n`, 1);

  const sandbox = hasFlag(parsed, "dangerously-bypass-approvals-and-sandbox")
    ? "danger-full-access"
    : (flagValue(parsed, "sandbox") ?? configOverride(parsed, "sandbox_mode") ?? "read-only");
  const threadId = context.env[THREAD_ID_ENV] || uuidV7();
  const model = flagValue(parsed, "model") ?? configOverride(parsed, "model") ?? "gpt-6.1-sol";
  // Each recorded call through its PreToolUse hooks (hooks.ts): blocked calls make no item.
  const session = sessionForRun(loaded.session, parsed, { sandbox }, rejection);
  const hooked = await hooks.replay(session, {
    threadId,
    turnId: uuidV7(),
    model,
    file: located.path,
  });
  if (!hooked.ok) {
    return {
      ...done(`${stderr}mock-codex: ${hooked.message}\n`, 1),
      hooks: {
        config: hooks.config,
        decisions: hooked.mismatch ? [hooked.mismatch.decision] : [],
        ...(hooked.mismatch ? { mismatch: hooked.mismatch } : {}),
      },
    };
  }
  const hookDecisions = { config: hooks.config, decisions: hooked.decisions };
  const ran = await executeIfAsked(hooked.session, context.execute, sessionCwd, located.path);
  if (!ran.ok) return { ...done(`${stderr}mock-codex: ${ran.message}\n`, 1), hooks: hookDecisions };
  const json = hasFlag(parsed, "json");
  const rendered = renderSession(ran.session, {
    json,
    threadId,
    codexVersion: MOCKED_CODEX_VERSION,
    cwd: sessionCwd,
    model,
    provider: configOverride(parsed, "model_provider") ?? "openai",
    sandbox,
    prompt,
  });
  const result: ExecResult = {
    stdout: rendered.stdout,
    stderr: stderr + (json ? hooked.stderr : "") + rendered.stderr,
    exitCode: rendered.exitCode,
    hooks: hookDecisions,
  };
  const output = flagValue(parsed, "output-last-message");
  if (output !== undefined) {
    result.outputFile = { path: resolve(context.cwd, output), content: rendered.lastMessage };
  }
  return result;
}
