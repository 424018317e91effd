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
//
// Usage: node conformance/record-hooks.mjs [case ...]
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  CODEX_VERSION,
  errorItems,
  freshDir,
  listHooks,
  normalize,
  PROBE_COMMAND,
  probeCallOutput,
  REPO_ROOT,
  RUNS_DIR,
  requireCodex,
  runExec,
  writeJson,
} from "./hooks/codex-run.mjs";

const CASES_DIR = join(REPO_ROOT, "conformance/hooks/cases");
const VERDICTS = join(REPO_ROOT, "conformance/hooks/verdicts.json");

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
  const result = await runExec({ cwd: project, codexHome, home, args, shellCall: true });
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
  return {
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
}

async function main() {
  requireCodex();
  const only = process.argv.slice(2);
  const names = readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && (only.length === 0 || only.includes(d.name)))
    .map((d) => d.name)
    .sort();
  let previous = {};
  try {
    previous = JSON.parse(readFileSync(VERDICTS, "utf8")).cases ?? {};
  } catch {}
  const cases = only.length > 0 ? { ...previous } : {};
  for (const name of names) {
    const verdict = await recordCase(name);
    cases[name] = verdict;
    process.stderr.write(
      `${name}: exit ${verdict.exitCode}, ${verdict.blocked ? "blocked" : "ran"}\n`,
    );
  }
  const sorted = Object.fromEntries(Object.entries(cases).sort(([a], [b]) => a.localeCompare(b)));
  writeJson(VERDICTS, {
    codexVersion: CODEX_VERSION,
    recorder: "conformance/record-hooks.mjs",
    probeCommand: PROBE_COMMAND,
    cases: sorted,
  });
}

await main();
