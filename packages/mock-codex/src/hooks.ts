/**
 * Hooks in a replayed session, as `codex exec` 0.169.0 runs them (reference §5,
 * `conformance/hooks/`): before each shell call, the PreToolUse hooks of `$CODEX_HOME` and of
 * a trusted project that fire for `Bash` run with the event's JSON on stdin; only the three
 * blocking forms block, everything else lets the call run, as the shared hook-output judge
 * (`@ops-skill/codex/hook-judge`) decides. A blocked call makes no item and takes no item id.
 *
 * What is decided here is pure: the hooks that fire (`hooksForTool`), the input they get, what
 * their outputs come to, and whether the replay agrees with the cassette. Running a hook is the
 * caller's `RunHook` (the process edge: `runHookCommand` of `@ops-skill/codex/hook-command`,
 * `$SHELL -lc` in the session's directory, killed with its process group at its timeout).
 *
 * The cassette's next turn is replayed as recorded, so the replay cannot go on when the hooks
 * disagree with the recording: a call the cassette records as run that a hook now blocks, or a
 * call it records as blocked that no hook blocks now, stops mock-codex (exit 1) naming the call,
 * its cassette line and the hook.
 */
import {
  blockedCallOutput,
  combineHookVerdicts,
  type HookRunOutput,
  type HookVerdict,
  judgeHookOutput,
} from "@ops-skill/codex/hook-judge";
import type { Session, SessionStep } from "./cassette.js";
import {
  type ConfiguredHook,
  type HookConfig,
  type HookSkip,
  hooksForTool,
} from "./hook-config.js";
import { displayCommand } from "./shell-quote.js";

/** The tool name Codex gives its shell in hook input and matching. */
export const SHELL_TOOL = "Bash";

/** Runs one hook with the event's JSON on stdin: the process edge. */
export type RunHook = (hook: ConfiguredHook, input: string) => Promise<HookRunOutput>;

/** What a shell call's PreToolUse hooks get besides the command. */
export interface HookCallContext {
  /** The thread id (`session_id`). */
  threadId: string;
  /** The turn's id (one turn per `codex exec`). */
  turnId: string;
  /** The session's working directory. */
  cwd: string;
  model: string;
}

/** One shell call as its hooks see it. */
export interface ShellCall {
  /** The raw command the model asked for. */
  command: string;
  callId: string;
}

export interface HookRun {
  hook: ConfiguredHook;
  output: HookRunOutput;
  verdict: HookVerdict;
}

/** What the PreToolUse hooks made of one shell call. */
export interface CallDecision {
  call: ShellCall;
  runs: HookRun[];
  skipped: { hook: ConfiguredHook; why: HookSkip | "matcher" }[];
  /**
   * `block` (with the hook that blocked), `rewrite`, `refuse` (the call fails, nothing runs), or
   * `run` (no hook, or none that blocks).
   */
  outcome:
    | { action: "block"; reason: string; by: ConfiguredHook; message: string }
    | { action: "rewrite"; command: string; by: ConfiguredHook }
    | { action: "refuse"; message: string; by: ConfiguredHook }
    | { action: "run" };
}

/**
 * The PreToolUse event's JSON for a shell call, fields in Codex's order. `transcript_path` is
 * null: mock-codex keeps no session transcript.
 */
export function preToolUseInput(call: ShellCall, context: HookCallContext): string {
  return JSON.stringify({
    session_id: context.threadId,
    turn_id: context.turnId,
    transcript_path: null,
    cwd: context.cwd,
    hook_event_name: "PreToolUse",
    model: context.model,
    permission_mode: "bypassPermissions",
    tool_name: SHELL_TOOL,
    tool_input: { command: call.command },
    tool_use_id: call.callId,
  });
}

/**
 * The PostToolUse event's JSON for a shell call that ran (measured: the PreToolUse fields, with
 * `tool_response`, the command's aggregated output, before `tool_use_id`).
 */
export function postToolUseInput(
  call: ShellCall,
  response: string,
  context: HookCallContext,
): string {
  return JSON.stringify({
    session_id: context.threadId,
    turn_id: context.turnId,
    transcript_path: null,
    cwd: context.cwd,
    hook_event_name: "PostToolUse",
    model: context.model,
    permission_mode: "bypassPermissions",
    tool_name: SHELL_TOOL,
    tool_input: { command: call.command },
    tool_response: response,
    tool_use_id: call.callId,
  });
}

/**
 * Runs the PostToolUse hooks that fire for a shell call that ran, and returns the human log's
 * lines for them. What they print changes only what the model reads next (measured: a
 * `{"decision":"block","reason":...}` replaces the output the model reads with the reason and
 * logs the router's error; the command's item stays), and the cassette's next turn is replayed
 * as recorded. Their status is the PreToolUse judge's reading of the output, which the measured
 * forms share.
 */
export async function runPostToolUse(
  config: HookConfig,
  call: ShellCall,
  response: string,
  context: HookCallContext,
  runHook: RunHook,
  now: () => Date,
): Promise<{ log: string[]; errors: string[] }> {
  const { fire } = hooksForTool(config, "PostToolUse", SHELL_TOOL);
  if (fire.length === 0) return { log: [], errors: [] };
  const input = postToolUseInput(call, response, context);
  const verdicts = await Promise.all(
    fire.map(async (hook) => judgeHookOutput("PreToolUse", await runHook(hook, input))),
  );
  const block = verdicts.find((verdict) => verdict.action === "block");
  const errors = block?.action === "block" ? [routerErrorLine(block.reason, now())] : [];
  return {
    log: [
      ...fire.map(() => "hook: PostToolUse"),
      ...errors,
      ...verdicts.map((verdict) => `hook: PostToolUse ${verdict.status}`),
    ],
    errors,
  };
}

/** What the outputs of the hooks that ran come to (pure). */
export function decideFromRuns(
  call: ShellCall,
  runs: readonly HookRun[],
  skipped: CallDecision["skipped"],
): CallDecision {
  const combined = combineHookVerdicts(runs.map((run) => run.verdict));
  const by = runs.find((run) => run.verdict === combined)?.hook as ConfiguredHook;
  let outcome: CallDecision["outcome"] = { action: "run" };
  if (combined?.action === "block")
    outcome = {
      action: "block",
      reason: combined.reason,
      by,
      message: blockedCallOutput(combined.reason, { toolName: SHELL_TOOL, command: call.command }),
    };
  else if (combined?.action === "rewrite")
    outcome = { action: "rewrite", command: combined.command, by };
  else if (combined?.action === "refuse")
    outcome = { action: "refuse", message: combined.message, by };
  return { call, runs: [...runs], skipped, outcome };
}

/** Runs the PreToolUse hooks that fire for a shell call (at once, as Codex does) and decides. */
export async function decideCall(
  config: HookConfig,
  call: ShellCall,
  context: HookCallContext,
  runHook: RunHook,
): Promise<CallDecision> {
  const { fire, skipped } = hooksForTool(config, "PreToolUse", SHELL_TOOL);
  const input = preToolUseInput(call, context);
  const runs = await Promise.all(
    fire.map(async (hook) => {
      const output = await runHook(hook, input);
      return { hook, output, verdict: judgeHookOutput("PreToolUse", output) };
    }),
  );
  return decideFromRuns(call, runs, skipped);
}

/** Codex's log line for a call the router refused, as `codex exec` prints it on stderr. */
export function routerErrorLine(message: string, now: Date): string {
  const stamp = now.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
  return `${stamp} ERROR codex_core::tools::router: error=${message}`;
}

/** The human log's lines for a call's hooks: each start, the router's error, each status. */
export function hookLogLines(decision: CallDecision, errorLine: string | undefined): string[] {
  if (decision.runs.length === 0) return [];
  return [
    ...decision.runs.map(() => "hook: PreToolUse"),
    ...(errorLine === undefined ? [] : [errorLine]),
    ...decision.runs.map((run) => `hook: PreToolUse ${run.verdict.status}`),
  ];
}

export interface HookReplayContext extends HookCallContext {
  config: HookConfig;
  runHook: RunHook;
  /** The cassette's path, for messages. */
  file: string;
  now?: () => Date;
}

export type HookReplay =
  | {
      ok: true;
      /** The session as this run shows it: blocked calls gone, rewritten commands shown. */
      session: Session;
      /** What Codex logs on stderr in `--json` mode (the router's errors). */
      stderr: string;
      decisions: CallDecision[];
    }
  | { ok: false; message: string; mismatch?: HookMismatch };

/**
 * A call the hooks decide otherwise than the cassette records, which stops the replay: the
 * call, how the cassette records it, and what the hooks decided now.
 */
export interface HookMismatch {
  callId: string;
  command: string;
  /** The cassette's line of the call. */
  line: number | undefined;
  recorded: "blocked" | "run";
  decision: CallDecision;
}

type CommandStep = Extract<SessionStep, { kind: "command" }>;
type BlockedStep = Extract<SessionStep, { kind: "blocked" }>;

const hookName = (hook: ConfiguredHook) =>
  `${hook.event} hook \`${hook.command ?? ""}\` (${hook.key})`;

function where(file: string, line: number | undefined): string {
  return line === undefined ? file : `${file}:${line}`;
}

function describeRun(decision: CallDecision): string {
  if (decision.runs.length === 0) {
    const why = decision.skipped.map(({ hook, why }) => `${hookName(hook)}: ${why}`);
    return why.length === 0 ? "no PreToolUse hook fires for it" : `no hook ran (${why.join("; ")})`;
  }
  return decision.runs
    .map(({ hook, verdict }) =>
      verdict.action === "run" ? `${hookName(hook)} lets it run: ${verdict.ignored.detail}` : "",
    )
    .filter(Boolean)
    .join("; ");
}

/**
 * Runs each recorded shell call's PreToolUse hooks and shows the session as this run makes it:
 * a call a hook blocks has no item (and the router's error goes to stderr), a rewritten call
 * shows the new command, a refused call has no item. Fails when the hooks disagree with the
 * cassette. With no hooks that could fire, the session is returned as it is, nothing run.
 */
export async function replayHooks(
  session: Session,
  context: HookReplayContext,
): Promise<HookReplay> {
  const now = context.now ?? (() => new Date());
  // Hooks that may run for a shell call (skipped ones never do).
  const anyHook = context.config.hooks.some(
    (hook) =>
      hook.skip === undefined && (hook.event === "PreToolUse" || hook.event === "PostToolUse"),
  );
  const hasBlocked = session.steps.some((step) => step.kind === "blocked");
  if (!anyHook && !hasBlocked) return { ok: true, session, stderr: "", decisions: [] };
  const steps: SessionStep[] = [];
  const decisions: CallDecision[] = [];
  let stderr = "";
  let synthetic = 0;
  for (const step of session.steps) {
    if (step.kind !== "command" && step.kind !== "blocked") {
      steps.push(step);
      continue;
    }
    const command = step.cmd;
    if (command === undefined) {
      if (!anyHook) {
        steps.push(step);
        continue;
      }
      return {
        ok: false,
        message: `${where(context.file, step.line)}: the command ${JSON.stringify((step as CommandStep).command)} cannot be read back into the command the model asked for, so its PreToolUse hooks cannot be run; record a cassette file for this session`,
      };
    }
    const call: ShellCall = { command, callId: step.callId ?? `call_${synthetic++}` };
    const decision = await decideCall(context.config, call, context, context.runHook);
    decisions.push(decision);
    const outcome = decision.outcome;
    const errorLine =
      outcome.action === "block" || outcome.action === "refuse"
        ? routerErrorLine(outcome.message, now())
        : undefined;
    const hookLog = hookLogLines(decision, errorLine);
    if (step.kind === "blocked") {
      if (outcome.action !== "block") {
        return {
          ok: false,
          message: `${where(context.file, step.line)}: the cassette records call ${call.callId} (${JSON.stringify(command)}) as blocked by a PreToolUse hook, but no hook blocks it now: ${describeRun(decision) || outcome.action}`,
          mismatch: { ...call, line: step.line, recorded: "blocked", decision },
        };
      }
      stderr += `${errorLine}\n`;
      steps.push({ ...(step as BlockedStep), hookLog });
      continue;
    }
    if (outcome.action === "block") {
      return {
        ok: false,
        message: `${where(context.file, step.line)}: the cassette records call ${call.callId} (${JSON.stringify(command)}) as run, but the ${hookName(outcome.by)} now blocks it: ${outcome.reason}`,
        mismatch: { ...call, line: step.line, recorded: "run", decision },
      };
    }
    if (outcome.action === "refuse") {
      if (step.completed) {
        return {
          ok: false,
          message: `${where(context.file, step.line)}: the cassette records call ${call.callId} (${JSON.stringify(command)}) as run, but the ${hookName(outcome.by)} now makes it fail: ${outcome.message}`,
        };
      }
      stderr += `${errorLine}\n`;
      steps.push({
        kind: "blocked",
        cmd: command,
        callId: call.callId,
        output: outcome.message,
        line: step.line ?? 0,
        hookLog,
      });
      continue;
    }
    const shown: CommandStep = {
      ...step,
      ...(outcome.action === "rewrite" ? { command: displayCommand(outcome.command) } : {}),
    };
    if (hookLog.length > 0) shown.hookLog = hookLog;
    steps.push(shown);
    if (shown.completed) {
      const ran = outcome.action === "rewrite" ? { ...call, command: outcome.command } : call;
      const post = await runPostToolUse(
        context.config,
        ran,
        shown.output,
        context,
        context.runHook,
        now,
      );
      if (post.log.length > 0) shown.postHookLog = post.log;
      for (const line of post.errors) stderr += `${line}\n`;
    }
  }
  return { ok: true, session: { ...session, steps }, stderr, decisions };
}
