/**
 * The hooks domain: whether a hook blocks a tool call. The case's `project/` (its `.codex/`
 * files and hook scripts) is the session's working directory and project root. The scripted
 * model asks `exec_command` to run PROBE_COMMAND once, then makes the case's `calls`; the
 * case's hook means to block the probe. Blocked: no `command_execution` item, and the next
 * request's function_call_output reads `Command blocked by PreToolUse hook: ...`.
 *
 * Two outputs: `verdicts.json` (what Codex did) and `hook-runs.json`, per case Codex's own status
 * for every hook run (`hook: PreToolUse Completed|Failed|Blocked`, from a second run with the
 * human-readable log) and what each PreToolUse command hook prints when run the way Codex runs
 * it, with the probe's input on stdin: the inputs of the hook-output judge, and Codex's answer.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type AppServerHooksList,
  assistantMessage,
  type CodexExecResult,
  errorItemMessages,
  listHooksViaAppServer,
  parseHookStatuses,
  type ResponseOutputItem,
  runCodexExec,
  runHookCommand,
  shellCall,
  startResponsesServer,
  toolCallOutput,
} from "@ops-skill/codex";
import { type CaseManifest, type CorpusCase, casesDirOf, materializeCase } from "../lib/corpus.js";
import { type Domain, replacePaths } from "../lib/recorder.js";

/** Stands for the random thread id in a recorded `--json` stdout (mock-codex can print it). */
export const THREAD_ID_PLACEHOLDER = "00000000-0000-7000-8000-000000000000";

/**
 * Codex's `--json` stdout as the case keeps it: the thread id (the only random part) replaced
 * by THREAD_ID_PLACEHOLDER, run paths by `<project>`, `<codex-home>`, `<home>`.
 */
export function normalizeStdout(text: string, replacements: Replacements): string {
  return replacePaths(text, replacements).replace(
    /^(\{"type":"thread\.started","thread_id":")[^"]*"/m,
    `$1${THREAD_ID_PLACEHOLDER}"`,
  );
}

/** What the scripted model asks the shell to run; harmless and easy to find. */
export const PROBE_COMMAND = "echo ops-skill-probe";
export const PROBE_CALL_ID = "call_probe";
/** The model the stub names when a case does not say (models decide which tools Codex offers). */
export const DEFAULT_MODEL = "gpt-5.4";
export const PROMPT = "Run the probe.";

export interface HooksCaseManifest extends CaseManifest {
  /** `hash` (default): the hash `hooks/list` reports goes into `hooks.state`; `bypass`; `none`. */
  trust?: "hash" | "bypass" | "none";
  /** false leaves the project untrusted (default: trusted). */
  projectTrust?: boolean;
  /** Why the hook is expected not to block: reported below error level, or a rewrite. */
  notBlockedBecause?: "matcher" | "trust" | "rewrite";
  /** Extra `codex exec` arguments. */
  args?: string[];
  /** TOML added to the user config; `<project>` stands for the project path. */
  userConfig?: string;
  /** The model the stub names. */
  model?: string;
  /** Tool calls the model makes after the probe, one list of output items per turn. */
  calls?: ResponseOutputItem[][];
}

type Replacements = [string, string][];

export interface HooksRecorded {
  verdict: Record<string, unknown>;
  /** The case's own files: `stdout`, Codex's `--json` stdout normalised. */
  files: Record<string, string>;
  hookRuns: {
    statuses: { event: string; status: string }[];
    outputs: Record<string, unknown>[];
  };
}

interface Run {
  cwd: string;
  codexHome: string;
  home: string;
  args: string[];
  calls: ResponseOutputItem[][];
  model: string | undefined;
}

/** `codex exec` against a stub whose model calls the probe, then makes `calls`, then says done. */
async function runProbe(
  bin: string,
  run: Run,
  json = true,
): Promise<CodexExecResult & { requests: unknown[] }> {
  const server = await startResponsesServer({
    turns: ({ index }) => ({
      items:
        index === 0
          ? [shellCall(PROBE_COMMAND, PROBE_CALL_ID)]
          : (run.calls[index - 1] ?? [assistantMessage("done", `msg_${index}`)]),
    }),
  });
  try {
    const result = await runCodexExec({
      bin,
      cwd: run.cwd,
      prompt: PROMPT,
      serverUrl: server.url,
      extraArgs: run.args,
      codexHome: run.codexHome,
      home: run.home,
      json,
      ...(run.model === undefined ? {} : { model: run.model }),
    });
    return { ...result, requests: [...server.requests] };
  } finally {
    await server.close();
  }
}

/** What `hooks/list` reports with the project trusted (it lists no hooks of an untrusted one). */
async function listHooks(
  bin: string,
  project: string,
  runDir: string,
  home: string,
): Promise<AppServerHooksList & { failed?: string }> {
  const listHome = join(runDir, "list-codex-home");
  mkdirSync(listHome, { recursive: true });
  writeFileSync(
    join(listHome, "config.toml"),
    `[projects.${JSON.stringify(project)}]\ntrust_level = "trusted"\n`,
  );
  try {
    return await listHooksViaAppServer({ bin, cwd: project, codexHome: listHome, home });
  } catch (error) {
    return {
      hooks: [],
      warnings: [],
      errors: [],
      failed: String((error as Error).message).split("\n")[0],
    };
  }
}

/**
 * Codex's status for each hook run (a second run with the human-readable log, same config) and
 * what each PreToolUse command hook Codex lists prints for the probe when run as Codex runs it.
 */
async function observeHookRuns(
  bin: string,
  run: Run,
  runDir: string,
  listed: AppServerHooksList,
  replacements: Replacements,
): Promise<HooksRecorded["hookRuns"]> {
  const human = await runProbe(bin, run, false);
  writeFileSync(join(runDir, "exec-human-stderr.txt"), human.stderr);
  const input = JSON.stringify({
    session_id: "00000000-0000-0000-0000-000000000000",
    turn_id: "00000000-0000-0000-0000-000000000001",
    transcript_path: null,
    cwd: run.cwd,
    hook_event_name: "PreToolUse",
    model: run.model ?? DEFAULT_MODEL,
    permission_mode: "bypassPermissions",
    tool_name: "Bash",
    tool_input: { command: PROBE_COMMAND },
    tool_use_id: PROBE_CALL_ID,
  });
  const outputs: Record<string, unknown>[] = [];
  for (const hook of listed.hooks) {
    if (hook.eventName !== "preToolUse" || hook.handlerType !== "command" || hook.async) continue;
    const scratchHome = join(runDir, "hook-home");
    rmSync(scratchHome, { recursive: true, force: true });
    mkdirSync(scratchHome, { recursive: true });
    const output = await runHookCommand({
      command: String(hook.command),
      cwd: run.cwd,
      codexHome: run.codexHome,
      home: scratchHome,
      input,
      timeoutSec: Number(hook.timeoutSec),
    });
    outputs.push({
      key: replacePaths(hook.key, replacements),
      command: hook.command,
      exitCode: output.exitCode,
      stdout: replacePaths(output.stdout, replacements),
      stderr: replacePaths(output.stderr, replacements),
      ...(output.failure ? { failure: output.failure } : {}),
    });
  }
  return { statuses: parseHookStatuses(human.stderr), outputs };
}

/**
 * The user config (`$CODEX_HOME/config.toml`) of a case's run: the project trusted (unless
 * `projectTrust` is false), the case's `userConfig`, then a `trusted_hash` for each hook given
 * (those `hooks/list` reported, for `trust: "hash"`).
 */
export function caseUserConfig(
  manifest: HooksCaseManifest,
  project: string,
  trusted: readonly { key: string; currentHash: string }[],
): string {
  let user =
    manifest.projectTrust === false
      ? ""
      : `[projects.${JSON.stringify(project)}]\ntrust_level = "trusted"\n`;
  if (manifest.userConfig) user += `\n${manifest.userConfig.split("<project>").join(project)}`;
  for (const hook of trusted)
    user += `\n[hooks.state.${JSON.stringify(hook.key)}]\ntrusted_hash = ${JSON.stringify(hook.currentHash)}\n`;
  return user;
}

/** The `codex exec` arguments a case adds: the trust bypass, then its `args`. */
export function caseArgs(manifest: HooksCaseManifest): string[] {
  return [
    ...((manifest.trust ?? "hash") === "bypass" ? ["--dangerously-bypass-hook-trust"] : []),
    ...(manifest.args ?? []),
  ];
}

function validate(corpusCase: CorpusCase<HooksCaseManifest>): void {
  const { trust, calls } = corpusCase.manifest;
  if (trust !== undefined && !["hash", "bypass", "none"].includes(trust))
    throw new Error(`hooks case ${corpusCase.id}: trust must be hash, bypass or none`);
  if (calls !== undefined && !(Array.isArray(calls) && calls.every(Array.isArray)))
    throw new Error(`hooks case ${corpusCase.id}: calls must be a list of lists of output items`);
}

/** A scripted call's id and its tool's name as the verdict writes it (`namespace.name`). */
function callOf(item: ResponseOutputItem): { id: string; name: string } {
  if (item.type === "message") throw new Error("calls must be tool calls, not messages");
  const namespace = item.type === "function_call" ? item.namespace : undefined;
  return { id: item.call_id, name: namespace ? `${namespace}.${item.name}` : item.name };
}

/** The first line the model got back for the probe call (no chunk ids or timings). */
function probeOutputLine(output: string | undefined, blocked: boolean): string | null {
  if (output === undefined) return null;
  if (blocked) return output;
  const lines = output.split("\n");
  return lines.find((line) => line.startsWith("Process exited")) ?? lines[0] ?? "";
}

export const hooksDomain: Domain<HooksCaseManifest, HooksRecorded> = {
  name: "hooks",
  validate,
  outputs: [
    {
      file: "verdicts.json",
      header: { probeCommand: PROBE_COMMAND },
      select: (recorded) => recorded.verdict,
    },
    {
      file: "hook-runs.json",
      header: { probeCommand: PROBE_COMMAND },
      select: (recorded) => recorded.hookRuns,
    },
  ],
  caseFiles: (recorded) => recorded.files,
  caseFileNames: ["stdout"],
  describe: ({ verdict, hookRuns }) =>
    `exit ${verdict.exitCode}, ${verdict.blocked ? "blocked" : "ran"}, hooks ${
      hookRuns.statuses.map((s) => s.status).join(" ") || "none"
    }`,
  async record(corpusCase, { bin, runDir }) {
    const manifest = corpusCase.manifest;
    const { projectDir: project } = materializeCase(
      corpusCase.id,
      join(runDir, "project"),
      casesDirOf("hooks"),
      { git: false },
    );
    const codexHome = join(runDir, "codex-home");
    const home = join(runDir, "home");
    mkdirSync(codexHome, { recursive: true });
    mkdirSync(home, { recursive: true });
    const replacements: Replacements = [
      [project, "<project>"],
      [codexHome, "<codex-home>"],
      [home, "<home>"],
    ];
    const trust = manifest.trust ?? "hash";
    writeFileSync(join(codexHome, "config.toml"), caseUserConfig(manifest, project, []));

    // What Codex sees, with the hashes it expects, before anything is trusted.
    const listed = await listHooks(bin, project, runDir, home);
    const hooks = listed.hooks.map((h) => ({
      key: replacePaths(h.key, replacements),
      eventName: h.eventName,
      matcher: h.matcher,
      command: h.command,
      timeoutSec: h.timeoutSec,
      async: h.async,
      statusMessage: h.statusMessage,
      currentHash: h.currentHash,
    }));
    if (trust === "hash")
      writeFileSync(
        join(codexHome, "config.toml"),
        caseUserConfig(manifest, project, listed.hooks),
      );
    const calls = manifest.calls ?? [];
    const run: Run = {
      cwd: project,
      codexHome,
      home,
      args: caseArgs(manifest),
      calls,
      model: manifest.model,
    };
    const result = await runProbe(bin, run);
    writeFileSync(join(runDir, "requests.json"), `${JSON.stringify(result.requests, null, 2)}\n`);
    writeFileSync(join(runDir, "exec-stdout.jsonl"), result.stdout);
    writeFileSync(join(runDir, "exec-stderr.txt"), result.stderr);
    const output = toolCallOutput(result.requests, PROBE_CALL_ID);
    const ran = result.events.some((event) => {
      const item = event.item as { type?: unknown; command?: unknown } | undefined;
      return (
        event.type === "item.completed" &&
        item?.type === "command_execution" &&
        String(item.command).includes(PROBE_COMMAND)
      );
    });
    const blocked = output?.startsWith("Command blocked by PreToolUse hook") === true;
    const warnings = [
      ...new Set(
        errorItemMessages(result.events)
          .filter((message) => !message.startsWith("Model metadata for"))
          .map((message) => replacePaths(message, replacements)),
      ),
    ];
    const hookRuns = await observeHookRuns(bin, run, runDir, listed, replacements);
    const verdict = {
      case: corpusCase.id,
      description: manifest.description,
      trust,
      projectTrust: manifest.projectTrust !== false,
      ...(manifest.notBlockedBecause ? { notBlockedBecause: manifest.notBlockedBecause } : {}),
      ...(manifest.userConfig ? { userConfig: manifest.userConfig } : {}),
      exitCode: result.exitCode,
      ...(result.exitCode === 0
        ? {}
        : {
            stderr: replacePaths(
              result.stderr
                .split("\n")
                .filter((line) => line.trim() && !line.startsWith("Reading additional"))
                .slice(0, 2)
                .join("\n"),
              replacements,
            ),
          }),
      blocked,
      commandRan: ran,
      probeOutput: probeOutputLine(output, blocked),
      ...(calls.length > 0
        ? {
            model: manifest.model ?? DEFAULT_MODEL,
            // Per scripted call: the tool, and the first line the model got back.
            toolCalls: calls.flat().map((call) => {
              const { id, name } = callOf(call);
              const got = toolCallOutput(result.requests, id);
              return {
                call: name,
                output:
                  got === undefined ? null : replacePaths(got.split("\n")[0] ?? "", replacements),
              };
            }),
          }
        : {}),
      warnings,
      // Codex's own log lines about the run (project trust, blocked calls), timestamps removed.
      stderrNotes: result.stderr
        .split("\n")
        .filter((line) => /^warning:|\sERROR\s/.test(line))
        .map((line) => replacePaths(line, replacements)),
      hooks,
      listWarnings: listed.warnings.map((w) => replacePaths(w, replacements)),
      listErrors: listed.errors.map((e) =>
        replacePaths(typeof e === "string" ? e : e.message, replacements),
      ),
      ...(listed.failed ? { listFailed: replacePaths(listed.failed, replacements) } : {}),
    };
    return { verdict, hookRuns, files: { stdout: normalizeStdout(result.stdout, replacements) } };
  },
};
