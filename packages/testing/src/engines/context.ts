/** What an engine is given to play one scenario: the shims, the Codex home, the folders. */
import type { CodexHome } from "../codex-home.js";
import type { Scenario } from "../scenario.js";
import type { ShimSetup } from "../shims.js";

export interface EngineContext {
  scenario: Scenario;
  /** The folder `codex exec` runs in (the repository). */
  cwd: string;
  /** A scratch folder of the run (the `-o` file goes there). */
  work: string;
  shims: ShimSetup;
  home: CodexHome;
  threadId: string;
  /** The replay engine kills a command after this long; the codex engine, Codex itself. */
  commandTimeoutMs: number;
  /** The codex engine: the binary, and how long the whole run may take. */
  codexBin?: string;
  runTimeoutMs?: number;
}

/**
 * The recorded `codex exec` flags without `-o` (the run gives its own) and without a cassette
 * flag, with `--json` (the engines read the run's items from it).
 */
export function replayArgs(recorded: readonly string[]): string[] {
  const args: string[] = [];
  for (let k = 0; k < recorded.length; k++) {
    const arg = recorded[k] as string;
    if (arg === "-o" || arg === "--output-last-message" || arg === "--cassette") k++;
    else if (
      !arg.startsWith("--output-last-message=") &&
      !arg.startsWith("--cassette=") &&
      !(arg.startsWith("-o") && !arg.startsWith("--"))
    ) {
      args.push(arg);
    }
  }
  if (!args.includes("--json")) args.unshift("--json");
  return args;
}

/** The prompt of the run: the recorded one. */
export function promptOf(scenario: Scenario): string {
  return scenario.cassette.session.invocation.prompt ?? `Run the ${scenario.skill} skill.`;
}
