/**
 * The replay engine: `mock-codex exec` called in-process (`runExec`) with the cassette's
 * recorded flags and prompt, the run's Codex home (so hooks and trust are decided as Codex
 * decides them) and execute mode: each command the model asked for really runs
 * (`/bin/bash -lc`) with the shims' environment, asynchronously, so the call server in this
 * same process answers the shims meanwhile.
 */
import { join, resolve } from "node:path";
import { parseExecJsonLines } from "@ops-skill/codex";
import { runExec, TIMEOUT_EXIT_CODE } from "@ops-skill/mock-codex";
import type { RunOutcome } from "../outcome.js";
import { commandOutcomes, runUsage } from "./commands.js";
import { type EngineContext, promptOf, replayArgs } from "./context.js";

export async function runReplayEngine(context: EngineContext): Promise<RunOutcome> {
  const { scenario, shims } = context;
  const argv = [
    ...replayArgs(scenario.cassette.session.invocation.args ?? []),
    ...context.home.args,
    "--skip-git-repo-check",
    "--cassette",
    resolve(scenario.dir, scenario.cassette.path),
    "-o",
    join(context.work, "last-message.txt"),
    promptOf(scenario),
  ];
  const result = await runExec(argv, {
    cwd: context.cwd,
    env: {
      ...shims.env,
      CODEX_HOME: context.home.codexHome,
      MOCK_CODEX_THREAD_ID: context.threadId,
    },
    stdin: undefined,
    execute: { env: shims.env, timeoutMs: context.commandTimeoutMs },
  });
  const { events } = parseExecJsonLines(result.stdout);
  const killed = `mock-codex: command timed out after ${context.commandTimeoutMs} ms and was killed\n`;
  const commands = commandOutcomes(scenario.cassette.session, events, result.stderr).map(
    (command) =>
      command.exitCode === TIMEOUT_EXIT_CODE && command.output?.endsWith(killed)
        ? { ...command, timedOut: true as const }
        : command,
  );
  const refused = result.stderr
    .split("\n")
    .filter((line) => line.startsWith("mock-codex: "))
    .map((line) => line.slice("mock-codex: ".length));
  return {
    engine: "replay",
    exitCode: result.exitCode,
    stdout: result.stdout,
    stderr: result.stderr,
    finalMessage: result.outputFile?.content,
    commands,
    calls: shims.calls,
    usage: runUsage(scenario.cassette.session, events),
    ...(refused.length > 0 ? { problem: refused.join("\n") } : {}),
    ...(result.hooks === undefined ? {} : { hooks: result.hooks }),
  };
}
