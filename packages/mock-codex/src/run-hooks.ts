/**
 * The hooks of one `mock-codex exec` run, at its edge: the flags that change them, the config
 * files read where `codex exec` reads them, and each hook run as a process the way Codex runs
 * it (`runHookCommand` of `@ops-skill/codex/hook-command`: `$SHELL -lc` in the session's
 * directory, the event's JSON on stdin, killed with its process group at its timeout). The
 * decisions are hooks.ts's and hook-config.ts's.
 */
import { resolve } from "node:path";
import type { Session } from "./cassette.js";
import { flagValue, flagValues, hasFlag, type ParsedExec } from "./flags.js";
import type { HookConfig, HookFlags } from "./hook-config.js";
import { anyHookFile, noHookConfig } from "./hook-files.js";
import type { HookReplay, RunHook } from "./hooks.js";

/** The hook flags of a parsed `codex exec` command line. */
export function hookFlagsOf(parsed: ParsedExec): HookFlags {
  return {
    bypassTrust: hasFlag(parsed, "dangerously-bypass-hook-trust"),
    trustProject: hasFlag(parsed, "trust"),
    enable: flagValues(parsed, "enable"),
    disable: flagValues(parsed, "disable"),
    config: flagValues(parsed, "config"),
  };
}

/** Each hook run as a process, with the environment `codex exec` got. */
export function processHookRunner(options: {
  cwd: string;
  codexHome: string;
  env: Record<string, string | undefined>;
}): RunHook {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(options.env))
    if (value !== undefined) env[name] = value;
  return async (hook, input) => {
    const { runHookCommand } = await import("@ops-skill/codex/hook-command");
    return runHookCommand({
      command: hook.command ?? "",
      cwd: options.cwd,
      codexHome: options.codexHome,
      home: env.HOME ?? "",
      input,
      timeoutSec: hook.timeoutSec,
      env,
    });
  };
}

export type RunHooksSetup =
  | {
      ok: true;
      config: HookConfig;
      /** What Codex prints on stderr while loading its config (an untrusted project). */
      stderr: string;
      /** Runs the session's calls through their hooks. */
      replay: (
        session: Session,
        call: { threadId: string; turnId: string; model: string; file: string },
      ) => Promise<HookReplay>;
    }
  /** Codex refuses the config: its message, exit 1. */
  | { ok: false; stderr: string };

/**
 * Codex loads its config, hooks included, before anything else of the run (before the prompt
 * is read): a config it refuses stops the run here, and an untrusted project's config is left
 * unloaded with a warning.
 */
export async function setUpRunHooks(
  parsed: ParsedExec,
  context: { cwd: string; env: Record<string, string | undefined> },
): Promise<RunHooksSetup> {
  const cwd = resolve(context.cwd, flagValue(parsed, "cd") ?? ".");
  // No file Codex reads hooks from: no hook code loads (a replay starts as fast as without).
  const hookModules = anyHookFile(cwd, context.env)
    ? await Promise.all([import("./hook-config.js"), import("./hooks.js")])
    : undefined;
  const config = hookModules
    ? await hookModules[0].readHookConfig({ cwd, env: context.env, flags: hookFlagsOf(parsed) })
    : noHookConfig(cwd, context.env);
  if (config.fatal !== undefined) return { ok: false, stderr: `${config.fatal}\n\n` };
  const runHook = processHookRunner({ cwd, codexHome: config.codexHome, env: context.env });
  return {
    ok: true,
    config,
    stderr:
      hookModules && config.projectConfigIgnored
        ? `${hookModules[0].UNTRUSTED_PROJECT_WARNING}\n`
        : "",
    replay: async (session, call) => {
      // A cassette that lists blocked calls needs the hooks' verdict even with no hook.
      if (hookModules === undefined && !session.steps.some((step) => step.kind === "blocked"))
        return { ok: true, session, stderr: "", decisions: [] };
      const { replayHooks } = hookModules?.[1] ?? (await import("./hooks.js"));
      return replayHooks(session, {
        config,
        runHook,
        cwd,
        threadId: call.threadId,
        turnId: call.turnId,
        model: call.model,
        file: call.file,
      });
    },
  };
}
