#!/usr/bin/env node
// Records what the real Codex does with each hooks case (conformance/hooks/cases/<case>/) and
// writes conformance/hooks/verdicts.json. Offline: a scripted Responses API stub makes the
// model call `exec_command` with a harmless command (PROBE_COMMAND) once; the case's hook means
// to block it. Blocked: no `command_execution` item, and the next request's function_call_output
// is `Command blocked by PreToolUse hook: ...`.
//
// A case folder holds `project/` (copied as the session's working directory and project root,
// with its `.codex/` files) and `case.json`:
//   description        what the case probes
//   trust              "hash" (default: the hooks' trusted_hash, as `hooks/list` reports it, goes
//                      into the user config), "bypass" (--dangerously-bypass-hook-trust), "none"
//   projectTrust       false leaves the project untrusted (default: trusted)
//   notBlockedBecause  "matcher" | "trust": the hook is expected not to fire for this reason,
//                      which ops-skill reports below error level
//   args               extra `codex exec` arguments
//   userConfig         TOML added to the user config (`<project>` stands for the project path)
//   model              the model the stub names (default gpt-5.4); models decide which tools
//                      Codex offers (apply_patch, for one)
//   calls              tool calls the model makes after the probe, one array of Responses API
//                      output items per turn; what the model got back for each is recorded
//
// Beside verdicts.json, conformance/hooks/hook-runs.json gets, per case, Codex's own status for
// every hook run (`hook: PreToolUse Completed|Failed|Blocked`, from a second run with the
// human-readable log) and what each PreToolUse command hook prints when run the way Codex runs
// it, with the probe's input on stdin: the inputs of the hook-output judge, and Codex's answer.
//
// Usage: node conformance/record-hooks.mjs [case ...]
// In a git worktree, set OPS_SKILL_RUNS_DIR to a directory outside it (see codex-run.mjs).
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  CODEX_VERSION,
  callOutput,
  errorItems,
  freshDir,
  hookStatuses,
  listHooks,
  normalize,
  PROBE_COMMAND,
  probeCallOutput,
  REPO_ROOT,
  RUNS_DIR,
  requireCodex,
  runExec,
  runHookCommand,
  writeJson,
} from "./hooks/codex-run.mjs";

const CASES_DIR = join(REPO_ROOT, "conformance/hooks/cases");
const VERDICTS = join(REPO_ROOT, "conformance/hooks/verdicts.json");
const HOOK_RUNS = join(REPO_ROOT, "conformance/hooks/hook-runs.json");
/** Model name Codex uses in hook input for the stub's default model. */
const DEFAULT_MODEL = "gpt-5.4";

async function recordCase(name) {
  const manifest = JSON.parse(readFileSync(join(CASES_DIR, name, "case.json"), "utf8"));
  const base = freshDir(join(RUNS_DIR, "record-hooks", name));
  const project = join(base, "project");
  const codexHome = freshDir(join(base, "codex-home"));
  const home = freshDir(join(base, "home"));
  cpSync(join(CASES_DIR, name, "project"), project, { recursive: true });
  const replacements = [
    [project, "<project>"],
    [codexHome, "<codex-home>"],
    [home, "<home>"],
  ];
  const trust = manifest.trust ?? "hash";
  let user =
    manifest.projectTrust === false
      ? ""
      : `[projects.${JSON.stringify(project)}]\ntrust_level = "trusted"\n`;
  if (manifest.userConfig) user += `\n${manifest.userConfig.split("<project>").join(project)}`;
  writeFileSync(join(codexHome, "config.toml"), user);

  // What Codex sees, with the hashes it expects, before anything is trusted. hooks/list needs
  // the project trusted to read its hooks, so it is asked with a trusted project in every case.
  const listHome = freshDir(join(base, "list-codex-home"));
  writeFileSync(
    join(listHome, "config.toml"),
    `[projects.${JSON.stringify(project)}]\ntrust_level = "trusted"\n`,
  );
  let listed;
  try {
    listed = await listHooks({ cwd: project, codexHome: listHome, home });
  } catch (error) {
    listed = { hooks: [], warnings: [], errors: [], failed: String(error.message).split("\n")[0] };
  }
  const hooks = (listed.hooks ?? []).map((h) => ({
    key: normalize(h.key, replacements),
    eventName: h.eventName,
    matcher: h.matcher,
    command: h.command,
    timeoutSec: h.timeoutSec,
    async: h.async,
    statusMessage: h.statusMessage,
    currentHash: h.currentHash,
  }));
  if (trust === "hash") {
    for (const hook of listed.hooks ?? [])
      user += `\n[hooks.state.${JSON.stringify(hook.key)}]\ntrusted_hash = ${JSON.stringify(hook.currentHash)}\n`;
    writeFileSync(join(codexHome, "config.toml"), user);
  }
  const args = [
    ...(trust === "bypass" ? ["--dangerously-bypass-hook-trust"] : []),
    ...(manifest.args ?? []),
  ];
  const calls = manifest.calls ?? [];
  const run = {
    cwd: project,
    codexHome,
    home,
    args,
    shellCall: true,
    calls,
    model: manifest.model,
  };
  const result = await runExec(run);
  const output = probeCallOutput(result.requests);
  const ran = result.events.some(
    (e) =>
      e.type === "item.completed" &&
      e.item?.type === "command_execution" &&
      String(e.item.command).includes(PROBE_COMMAND),
  );
  const blocked = output?.startsWith("Command blocked by PreToolUse hook") === true;
  const warnings = [
    ...new Set(
      errorItems(result.events)
        .filter((m) => !m.startsWith("Model metadata for"))
        .map((m) => normalize(m, replacements)),
    ),
  ];
  const hookRuns = await observeHookRuns({ run, base, listed, replacements });
  const verdict = {
    case: name,
    description: manifest.description,
    trust,
    projectTrust: manifest.projectTrust !== false,
    ...(manifest.notBlockedBecause ? { notBlockedBecause: manifest.notBlockedBecause } : {}),
    ...(manifest.userConfig ? { userConfig: manifest.userConfig } : {}),
    exitCode: result.code,
    ...(result.code === 0
      ? {}
      : {
          stderr: normalize(
            result.stderr
              .split("\n")
              .filter((l) => l.trim() && !l.startsWith("Reading additional"))
              .slice(0, 2)
              .join("\n"),
            replacements,
          ),
        }),
    blocked,
    commandRan: ran,
    // The first line the model got back for the probe call (no chunk ids or timings).
    probeOutput:
      output === undefined
        ? null
        : blocked
          ? output
          : (output.split("\n").find((l) => l.startsWith("Process exited")) ??
            output.split("\n")[0]),
    ...(calls.length > 0
      ? {
          model: manifest.model ?? DEFAULT_MODEL,
          // Per scripted call: the tool, and the first line the model got back.
          toolCalls: calls.flat().map((call) => {
            const got = callOutput(result.requests, call.call_id);
            return {
              call: call.namespace ? `${call.namespace}.${call.name}` : call.name,
              output: got === undefined ? null : normalize(got.split("\n")[0], replacements),
            };
          }),
        }
      : {}),
    warnings,
    // Codex's own log lines about the run (project trust, blocked calls), timestamps removed.
    stderrNotes: result.stderr
      .split("\n")
      .filter((l) => /^warning:|\sERROR\s/.test(l))
      .map((l) => normalize(l, replacements)),
    hooks,
    listWarnings: (listed.warnings ?? []).map((w) => normalize(w, replacements)),
    listErrors: (listed.errors ?? []).map((e) =>
      normalize(typeof e === "string" ? e : e.message, replacements),
    ),
    ...(listed.failed ? { listFailed: normalize(listed.failed, replacements) } : {}),
  };
  return { verdict, hookRuns };
}

/**
 * Codex's status for each hook run (a second run with the human-readable log, same config) and
 * what each PreToolUse command hook Codex lists prints for the probe when run as Codex runs it.
 */
async function observeHookRuns({ run, base, listed, replacements }) {
  const human = await runExec({ ...run, json: false });
  const input = `${JSON.stringify({
    session_id: "00000000-0000-0000-0000-000000000000",
    turn_id: "00000000-0000-0000-0000-000000000001",
    transcript_path: null,
    cwd: run.cwd,
    hook_event_name: "PreToolUse",
    model: run.model ?? DEFAULT_MODEL,
    permission_mode: "bypassPermissions",
    tool_name: "Bash",
    tool_input: { command: PROBE_COMMAND },
    tool_use_id: "call_probe",
  })}`;
  const outputs = [];
  for (const hook of listed.hooks ?? []) {
    if (hook.eventName !== "preToolUse" || hook.handlerType !== "command" || hook.async) continue;
    const scratchHome = freshDir(join(base, "hook-home"));
    const output = await runHookCommand({
      command: hook.command,
      cwd: run.cwd,
      codexHome: run.codexHome,
      home: scratchHome,
      input,
      timeoutSec: hook.timeoutSec,
    });
    outputs.push({
      key: normalize(hook.key, replacements),
      command: hook.command,
      exitCode: output.exitCode,
      stdout: normalize(output.stdout, replacements),
      stderr: normalize(output.stderr, replacements),
      ...(output.failure ? { failure: output.failure } : {}),
    });
  }
  return { statuses: hookStatuses(human.stderr), outputs };
}

async function main() {
  requireCodex();
  const only = process.argv.slice(2);
  const names = readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && (only.length === 0 || only.includes(d.name)))
    .map((d) => d.name)
    .sort();
  const previous = (path) => {
    try {
      return JSON.parse(readFileSync(path, "utf8")).cases ?? {};
    } catch {
      return {};
    }
  };
  const cases = only.length > 0 ? { ...previous(VERDICTS) } : {};
  const runs = only.length > 0 ? { ...previous(HOOK_RUNS) } : {};
  for (const name of names) {
    const { verdict, hookRuns } = await recordCase(name);
    cases[name] = verdict;
    runs[name] = hookRuns;
    process.stderr.write(
      `${name}: exit ${verdict.exitCode}, ${verdict.blocked ? "blocked" : "ran"}, hooks ${hookRuns.statuses.map((s) => s.status).join(" ") || "none"}\n`,
    );
  }
  const sorted = (object) =>
    Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b)));
  writeJson(VERDICTS, {
    codexVersion: CODEX_VERSION,
    recorder: "conformance/record-hooks.mjs",
    probeCommand: PROBE_COMMAND,
    cases: sorted(cases),
  });
  writeJson(HOOK_RUNS, {
    codexVersion: CODEX_VERSION,
    recorder: "conformance/record-hooks.mjs",
    probeCommand: PROBE_COMMAND,
    cases: sorted(runs),
  });
}

await main();
