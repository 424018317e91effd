/**
 * `ops-skill hooks probe`: runs each configured PreToolUse hook of a repository as `codex exec`
 * 0.169.0 would for a shell (`Bash`) call of each command given, and says per hook and command
 * whether Codex would block the call, and if not, why not (not trusted, the project not
 * trusted, hooks off, disabled, the matcher, an async or non-command handler, output Codex
 * ignores, the timeout) with the fix. It reads what `codex exec` reads (`$CODEX_HOME`, the
 * project around the working directory) and takes the flags of `codex exec` that change hooks.
 *
 * The hooks really run (the same runner as `mock-codex exec`): probing is running the
 * repository's scripts, which is why it is a command of its own and never part of `lint`.
 */
import type { HookVerdict } from "@ops-skill/codex/hook-judge";
import {
  type ConfiguredHook,
  type HookConfig,
  type HookFlags,
  type HookSkip,
  readHookConfig,
} from "./hook-config.js";
import { type CallDecision, decideCall, type RunHook } from "./hooks.js";
import { processHookRunner } from "./run-hooks.js";

/** A command to probe; `forbidden` when it must be blocked (the exit code depends on it). */
export interface ProbeCommand {
  command: string;
  forbidden: boolean;
  /** Where it comes from (the skill that forbids it), for the report. */
  source?: string;
}

export interface ProbeOptions {
  /** The working directory `codex exec` would run in. */
  cwd: string;
  env: Record<string, string | undefined>;
  flags: HookFlags;
  commands: readonly ProbeCommand[];
  /** Runs a hook (default: as a process, as Codex runs it). */
  runHook?: RunHook;
}

export type HookOutcome = "blocks" | "rewrites" | "refuses" | "lets-run" | "skipped";

export interface ProbeHook {
  /** `[hooks.state."<key>"]` key: `<file>:pre_tool_use:<group>:<handler>`. */
  key: string;
  file: string;
  matcher: string | null;
  command: string | null;
  outcome: HookOutcome;
  /** Why it does not block: a skip reason, `matcher`, or the judge's kind for ignored output. */
  why: HookSkip | "matcher" | string | null;
  /** What happened, in a sentence. */
  detail: string;
  /** How to make it block, when it does not. */
  fix: string | null;
  /** The block's reason, when it blocks. */
  reason: string | null;
  /** What the hook left, when it ran. */
  run: { exitCode: number | null; stdout: string; stderr: string; failure?: string } | null;
}

export interface ProbeResult {
  command: string;
  forbidden: boolean;
  source: string | null;
  blocked: boolean;
  /** What the model would read instead of the command's output, when blocked or refused. */
  reason: string | null;
  hooks: ProbeHook[];
}

export interface ProbeReport {
  codexHome: string;
  projectRoot: string;
  projectTrusted: boolean;
  hooksEnabled: boolean;
  /** A config Codex refuses (exit 1 before anything runs). */
  configError: string | null;
  commands: ProbeResult[];
}

const BLOCK_FORMS =
  'exit 2 with the reason on stderr, or exit 0 printing {"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"<reason>"}} or {"decision":"block","reason":"<reason>"}';

/** Why a hook is skipped, in a sentence, and the fix. */
function skipText(hook: ConfiguredHook, why: HookSkip | "matcher", config: HookConfig) {
  const store = `${config.codexHome}/config.toml`;
  switch (why) {
    case "hooks-off":
      return {
        detail:
          "hooks are off ([features] hooks = false, -c features.hooks=false or --disable hooks)",
        fix: "remove `hooks = false` from [features] (and --disable hooks from the command line)",
      };
    case "project-untrusted":
      return {
        detail: `the project ${config.projectRoot} is not trusted, so Codex does not load its config`,
        fix: `add [projects.${JSON.stringify(config.projectRoot)}] trust_level = "trusted" to ${store} (or run \`codex exec --trust\` once)`,
      };
    case "untrusted":
      return {
        detail: "the hook is not trusted: codex exec skips it without a word",
        fix: `add [hooks.state.${JSON.stringify(hook.key)}] trusted_hash = ${JSON.stringify(hook.hash)} to ${store} (editing the hook entry, even its timeout, changes the hash)`,
      };
    case "disabled":
      return {
        detail: `enabled = false in its [hooks.state] entry of ${store}`,
        fix: `remove \`enabled = false\` from [hooks.state.${JSON.stringify(hook.key)}]`,
      };
    case "invalid-matcher":
      return {
        detail: `its matcher ${JSON.stringify(hook.matcher)} is not a regex Codex compiles (${hook.matcherError ?? "invalid"}), so Codex skips the group`,
        fix: 'use `matcher = "Bash"` (or a valid regex)',
      };
    case "not-a-command":
      return {
        detail: `Codex runs only command handlers; this one is ${hook.type === undefined ? "untyped" : `\`${hook.type}\``}${hook.command === undefined ? " without a command" : ""}`,
        fix: 'use type = "command" with a command',
      };
    case "async":
      return {
        detail: "async = true: it does not run before the call, so it cannot block",
        fix: "remove `async = true`",
      };
    case "matcher":
      return {
        detail: `its matcher ${JSON.stringify(hook.matcher)} does not match the shell tool's name, Bash`,
        fix: 'use `matcher = "Bash"` (a plain name matches exactly and case-sensitively)',
      };
  }
}

function ranText(verdict: HookVerdict, hook: ConfiguredHook) {
  if (verdict.action === "block")
    return {
      outcome: "blocks" as const,
      why: null,
      detail: `blocks: ${verdict.reason}`,
      fix: null,
    };
  if (verdict.action === "rewrite")
    return {
      outcome: "rewrites" as const,
      why: "rewrite",
      detail: `rewrites the command to ${JSON.stringify(verdict.command)}, which runs`,
      fix: `to block instead: ${BLOCK_FORMS}`,
    };
  if (verdict.action === "refuse")
    return {
      outcome: "refuses" as const,
      why: "refuse",
      detail: `the call fails: ${verdict.message}`,
      fix: `to block: ${BLOCK_FORMS}`,
    };
  const kind = verdict.ignored.kind;
  return {
    outcome: "lets-run" as const,
    why: kind,
    detail: `Codex lets the call run: ${verdict.ignored.detail}`,
    fix:
      kind === "timeout"
        ? `make it finish within its timeout of ${hook.timeoutSec} s (stdout and stderr closed), or raise \`timeout\``
        : kind === "spawn"
          ? "make the command runnable from the project directory"
          : BLOCK_FORMS,
  };
}

/** One command's report from its decision (pure). */
export function probeResultOf(
  command: ProbeCommand,
  decision: CallDecision,
  config: HookConfig,
): ProbeResult {
  const hooks: ProbeHook[] = [];
  for (const hook of config.hooks.filter((h) => h.event === "PreToolUse")) {
    const base = {
      key: hook.key,
      file: hook.file,
      matcher: hook.matcher ?? null,
      command: hook.command ?? null,
    };
    const run = decision.runs.find((r) => r.hook === hook);
    if (run !== undefined) {
      const text = ranText(run.verdict, hook);
      hooks.push({
        ...base,
        ...text,
        reason: run.verdict.action === "block" ? run.verdict.reason : null,
        run: { ...run.output },
      });
      continue;
    }
    const skipped = decision.skipped.find((s) => s.hook === hook);
    const why = skipped?.why ?? "matcher";
    hooks.push({
      ...base,
      outcome: "skipped",
      why,
      ...skipText(hook, why, config),
      reason: null,
      run: null,
    });
  }
  const outcome = decision.outcome;
  return {
    command: command.command,
    forbidden: command.forbidden,
    source: command.source ?? null,
    blocked: outcome.action === "block",
    reason: outcome.action === "block" || outcome.action === "refuse" ? outcome.message : null,
    hooks,
  };
}

/** Probes each command against the repository's PreToolUse hooks, one command at a time. */
export async function probeHooks(options: ProbeOptions): Promise<ProbeReport> {
  const config = await readHookConfig({ cwd: options.cwd, env: options.env, flags: options.flags });
  const report: ProbeReport = {
    codexHome: config.codexHome,
    projectRoot: config.projectRoot,
    projectTrusted: config.projectTrusted,
    hooksEnabled: config.hooksEnabled,
    configError: config.fatal ?? null,
    commands: [],
  };
  const runHook =
    options.runHook ??
    processHookRunner({ cwd: options.cwd, codexHome: config.codexHome, env: options.env });
  let index = 0;
  for (const command of options.commands) {
    if (config.fatal !== undefined) {
      report.commands.push({
        command: command.command,
        forbidden: command.forbidden,
        source: command.source ?? null,
        blocked: false,
        reason: null,
        hooks: [],
      });
      continue;
    }
    const decision = await decideCall(
      config,
      { command: command.command, callId: `call_probe_${index++}` },
      {
        threadId: "00000000-0000-7000-8000-000000000000",
        turnId: "00000000-0000-7000-8000-000000000001",
        cwd: options.cwd,
        model: "gpt-6.1-sol",
      },
      runHook,
    );
    report.commands.push(probeResultOf(command, decision, config));
  }
  return report;
}

/** 1 when a forbidden command is not blocked (or Codex would refuse the config), else 0. */
export function probeExitCode(report: ProbeReport): 0 | 1 {
  if (report.configError !== null && report.commands.some((c) => c.forbidden)) return 1;
  return report.commands.some((c) => c.forbidden && !c.blocked) ? 1 : 0;
}

/** The report as text: per command, blocked or not, then each hook's part and fix. */
export function formatProbe(report: ProbeReport): string {
  const lines: string[] = [];
  if (report.configError !== null)
    lines.push(
      `codex exec would refuse the config and stop (exit 1): ${report.configError.replace(/\n/g, " ")}`,
      "",
    );
  if (report.commands.length === 0)
    lines.push("No command to probe: the skills forbid none; give one with --command.");
  for (const result of report.commands) {
    const mark = result.blocked ? "blocked" : result.forbidden ? "NOT BLOCKED" : "not blocked";
    lines.push(
      `${mark}: ${result.command}${result.source ? `  (forbidden in ${result.source})` : ""}`,
    );
    if (result.reason !== null) lines.push(`  the model reads: ${result.reason}`);
    if (result.hooks.length === 0 && report.configError === null)
      lines.push("  no PreToolUse hook is configured (in $CODEX_HOME or the project's .codex/)");
    for (const hook of result.hooks) {
      lines.push(
        `  hook ${hook.key}${hook.command === null ? "" : ` (${hook.command})`}: ${hook.detail}`,
      );
      if (hook.fix !== null && !result.blocked) lines.push(`    fix: ${hook.fix}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
