/**
 * The codex engine: the cassette's model turns played to the real Codex (`replayWithCodex`:
 * a Responses server on 127.0.0.1 serving the recorded turns), in the repository, with the
 * shims' environment, the run's Codex home and `--profile` (the schedule's permissions: a
 * skill that writes where its schedule forbids it fails here), plus the recorded flags. Real
 * skill loading, sandbox and hooks; the same outcome as the replay engine.
 *
 * Measured: Codex gives a command no timeout. After `yield_time_ms` (10 s by default) the model
 * gets `Process running with session ID N` instead of the output; the recording says otherwise,
 * so the replay stops there (the request differs) and Codex exits 1, killing the command. The
 * command's item started and never completed: the outcome marks it timed out.
 */
import { existsSync, readFileSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { CODEX_NPM_PACKAGE, CODEX_VERSION, findCodexBinary } from "@ops-skill/codex";
import { formatDifference, replayWithCodex } from "@ops-skill/mock-codex";
import type { RunOutcome } from "../outcome.js";
import { commandOutcomes, requestedOutcomes, runUsage } from "./commands.js";
import { type EngineContext, promptOf, replayArgs } from "./context.js";

/** The whole Codex run is stopped after this long unless the caller says (5 minutes). */
export const CODEX_RUN_TIMEOUT_MS = 300_000;

/** How to get the binary, for the usage error of a run that asks for the codex engine. */
export const CODEX_INSTALL_HINT = `install it with \`npm install -g ${CODEX_NPM_PACKAGE}@${CODEX_VERSION}\`, or set OPS_SKILL_CODEX_BIN to its path`;

/** The Codex binary: OPS_SKILL_CODEX_BIN, this repository's cache, else `codex` on PATH. */
export function findEngineBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    const found = findCodexBinary({ env });
    if (found !== undefined) return found;
  } catch (error) {
    if ((env.OPS_SKILL_CODEX_BIN ?? "") !== "") throw error;
  }
  for (const folder of (env.PATH ?? "").split(delimiter)) {
    if (folder !== "" && existsSync(join(folder, "codex"))) return join(folder, "codex");
  }
  return undefined;
}

export async function runCodexEngine(context: EngineContext): Promise<RunOutcome> {
  const { scenario, shims } = context;
  const bin = context.codexBin ?? findEngineBinary();
  if (bin === undefined) throw new Error(`no Codex binary: ${CODEX_INSTALL_HINT}`);
  const output = join(context.work, "last-message.txt");
  const timeoutMs = context.runTimeoutMs ?? CODEX_RUN_TIMEOUT_MS;
  const replay = await replayWithCodex({
    cassette: resolve(scenario.dir, scenario.cassette.path),
    cwd: context.cwd,
    prompt: promptOf(scenario),
    args: [
      ...replayArgs(scenario.cassette.session.invocation.args ?? []),
      ...context.home.args,
      "-o",
      output,
    ],
    bin,
    codexHome: context.home.codexHome,
    home: shims.home,
    env: shims.env,
    timeoutMs,
  });
  const codex = replay.codex;
  let finalMessage: string | undefined;
  try {
    finalMessage = readFileSync(output, "utf8");
  } catch {}
  // What the model was fed back first (Codex prints no item for a command whose turn failed),
  // then the items of the calls after the last request.
  const fed = requestedOutcomes(scenario.cassette.session, replay.requests);
  const printed = commandOutcomes(scenario.cassette.session, codex.events, codex.stderr);
  const commands = [...fed, ...printed.slice(fed.length)];
  const problems: string[] = [];
  if (codex.timedOut)
    problems.push(`Codex did not finish within ${timeoutMs / 1000} s and was stopped`);
  if (replay.difference !== undefined) {
    const call = /^tool output of call_(\d+)/.exec(replay.difference.field);
    const seen = call === null ? undefined : fed[Number(call[1]) - 1];
    problems.push(
      `Codex's run differs from the recording: ${formatDifference(replay.difference)}` +
        (seen?.output ? `; the command printed: ${seen.output.trimEnd()}` : ""),
    );
  } else if (replay.unservedTurns > 0 && !codex.timedOut) {
    const said = codexSaid(codex.stderr);
    problems.push(
      `Codex stopped with ${replay.unservedTurns} recorded model turn(s) not asked for` +
        (said === "" ? "" : `; it said: ${said}`),
    );
  }
  return {
    engine: "codex",
    exitCode: codex.exitCode ?? 1,
    stdout: codex.stdout,
    stderr: codex.stderr,
    finalMessage,
    commands,
    calls: shims.calls,
    usage: runUsage(scenario.cassette.session, codex.events),
    ...(problems.length > 0 ? { problem: problems.join("\n") } : {}),
  };
}

/** The last lines Codex wrote on stderr (why it stopped), without its stdin notice. */
function codexSaid(stderr: string): string {
  return stderr
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("Reading additional input from stdin"))
    .slice(-3)
    .join(" / ");
}
