/**
 * Runs of `codex exec` built by hand for the sandbox, network and writes checks' tests: the
 * fixture project `test/fixtures/sandbox/project` and a Codex home of `homes/`.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DoctorContext, EnvEntry, Invocation, Location } from "../../src/model.js";
import { invocationOf } from "../invocation.js";

export const fixtures = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "fixtures",
  "sandbox",
);
export const project = join(fixtures, "project");
export const homes = join(fixtures, "homes");
export const repoRoot = resolve(fixtures, "..", "..", "..", "..", "..");

export interface RunOptions {
  /** The words after `codex exec`, before the prompt. */
  args?: string[];
  prompt?: string;
  /** A folder of `homes/` (CODEX_HOME), or an absolute path. */
  home?: string;
  env?: Record<string, string>;
  cwd?: string;
  /** The schedule file and line of `codex exec` (default: the fixture project's run.sh:4). */
  file?: string;
  line?: number;
  kind?: Invocation["source"]["kind"];
}

/** A run as the schedules reader would give it. */
export function invocation(options: RunOptions = {}): Invocation {
  const file = options.file ?? join(project, "run.sh");
  const location: Location = { file, line: options.line ?? 4, column: 1 };
  const env: EnvEntry[] = Object.entries(options.env ?? {}).map(([name, value]) => ({
    name,
    source: value.startsWith("${{") ? "expression" : "literal",
    ...(value.startsWith("${{") ? {} : { value }),
    location,
  }));
  const home = options.home === undefined ? undefined : resolve(homes, options.home);
  return invocationOf({
    command: ["exec", ...(options.args ?? []), options.prompt ?? "Run the $net-check skill."],
    start: options.cwd ?? project,
    file,
    line: location.line,
    kind: options.kind ?? "script",
    env,
    // The script is run by cron: no login environment (its CODEX_HOME, its PATH) comes in.
    inheritsLoginEnv: false,
    ...(home !== undefined ? { codexHome: home } : {}),
  });
}

export function context(root = project): DoctorContext {
  return { root, settings: {}, env: { HOME: join(fixtures, "no-such-home") } };
}
