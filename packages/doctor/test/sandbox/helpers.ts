/**
 * Runs of `codex exec` built by hand for the sandbox, network and writes checks' tests: the
 * fixture project `test/fixtures/sandbox/project` and a Codex home of `homes/`.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DoctorContext, EnvEntry, Invocation, Location } from "../../src/model.js";

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

const valueAfter = (args: readonly string[], flag: string) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};

/** A run as the schedules reader would give it. */
export function invocation(options: RunOptions = {}): Invocation {
  const args = options.args ?? [];
  const file = options.file ?? join(project, "run.sh");
  const location: Location = { file, line: options.line ?? 4, column: 1 };
  const env: EnvEntry[] = Object.entries(options.env ?? {}).map(([name, value]) => ({
    name,
    source: value.startsWith("${{") ? "expression" : "literal",
    ...(value.startsWith("${{") ? {} : { value }),
    location,
  }));
  const config = args.flatMap((arg, i) => {
    if (args[i - 1] !== "-c") return [];
    const eq = arg.indexOf("=");
    return [{ key: arg.slice(0, eq), raw: arg.slice(eq + 1), location }];
  });
  const sandbox = valueAfter(args, "--sandbox");
  const profile = valueAfter(args, "--profile");
  const prompt = options.prompt ?? "Run the $net-check skill.";
  const home = options.home === undefined ? undefined : resolve(homes, options.home);
  return {
    source: { kind: options.kind ?? "script", file, name: `run.sh:${location.line}` },
    location,
    argv: ["exec", ...args, prompt],
    cwd: options.cwd ?? project,
    cwdKnown: true,
    env,
    inheritsLoginEnv: false,
    options: {
      ...(profile !== undefined ? { profile } : {}),
      ...(sandbox !== undefined ? { sandbox } : {}),
      config,
      enable: args.flatMap((a, i) => (args[i - 1] === "--enable" ? [a] : [])),
      disable: args.flatMap((a, i) => (args[i - 1] === "--disable" ? [a] : [])),
      strictConfig: args.includes("--strict-config"),
      skipGitRepoCheck: args.includes("--skip-git-repo-check"),
      json: args.includes("--json"),
      ephemeral: args.includes("--ephemeral"),
      ignoreUserConfig: args.includes("--ignore-user-config"),
      dangerouslyBypassHookTrust: args.includes("--dangerously-bypass-hook-trust"),
      dangerouslyBypassApprovalsAndSandbox: args.includes(
        "--dangerously-bypass-approvals-and-sandbox",
      ),
      trust: args.includes("--trust"),
    },
    prompt,
    ...(home !== undefined ? { codexHome: home } : {}),
    reportUses: [],
  };
}

export function context(root = project): DoctorContext {
  return { root, settings: {}, env: { HOME: join(fixtures, "no-such-home") } };
}
