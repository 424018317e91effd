/**
 * A `codex` command line read as the real CLI reads it: the options between `codex` and its
 * subcommand (`codex -c k=v -s read-only exec ...`), the subcommand (`exec`, or its alias `e`),
 * and `exec`'s own options and prompt, parsed by `@ops-skill/mock-codex`'s `parseExecArgs`
 * (clap's rules and messages). Options given before `exec` apply to the run: `-c`, `--enable`
 * and `--disable` come first (Codex splices them in before `exec`'s own), and any other option
 * counts when `exec` does not give it itself (measured with `-C`: `codex -C A exec -C B` runs in
 * B, `codex -C A exec` in A).
 */
import {
  EXEC_FLAGS,
  type FlagSpec,
  flagValue,
  flagValues,
  hasFlag,
  type ParsedExec,
  parseExecArgs,
} from "@ops-skill/mock-codex";
import type { ConfigOverride, Invocation, Location } from "../model.js";

/** Options of `codex` itself (`codex --help`) that `codex exec` does not take. */
const ROOT_ONLY: readonly FlagSpec[] = [
  { long: "remote", value: "ADDR" },
  { long: "remote-auth-token-env", value: "ENV_VAR" },
  { long: "ask-for-approval", short: "a", value: "APPROVAL_POLICY" },
  { long: "search" },
  { long: "no-alt-screen" },
  { long: "no-daemon" },
];
const ROOT_FLAGS: readonly FlagSpec[] = [
  ...EXEC_FLAGS.filter((flag) => !flag.mockOnly && flag.long !== "help" && flag.long !== "version"),
  ...ROOT_ONLY,
];
/** Options that accumulate: those given before `exec` come first. */
const PREPENDED = new Set(["config", "enable", "disable", "add-dir", "image"]);

export const EXEC_NAMES = ["exec", "e"] as const;

export type CodexArgs =
  | {
      kind: "exec";
      parsed: ParsedExec;
      /** Index in the words of the word holding each `-c` value (for its location). */
      configWords: number[];
    }
  /** Not `codex exec` (another subcommand, the interactive CLI, `codex exec resume`). */
  | { kind: "other" }
  /** Codex refuses the line: clap's message. */
  | { kind: "refused"; message: string; word: number };

/** Reads the words after `codex`. */
export function readCodexArgs(words: readonly string[]): CodexArgs {
  const root = new Map<string, string[] | true>();
  const rootConfigWords: number[] = [];
  let i = 0;
  for (; i < words.length; i++) {
    const word = words[i] as string;
    if (!word.startsWith("-") || word === "-") break;
    if (word === "--") return { kind: "other" };
    const long = word.startsWith("--");
    const eq = word.indexOf("=");
    const name = long ? word.slice(2, eq < 0 ? undefined : eq) : word.slice(1, 2);
    const spec = ROOT_FLAGS.find((flag) => (long ? flag.long === name : flag.short === name));
    if (spec === undefined) {
      return { kind: "refused", message: `unexpected argument '${word}' found`, word: i };
    }
    if (spec.value === undefined) {
      root.set(spec.long, true);
      continue;
    }
    let value: string | undefined;
    if (long && eq >= 0) value = word.slice(eq + 1);
    else if (!long && word.length > 2) value = word.slice(2).replace(/^=/, "");
    else {
      i++;
      value = words[i];
    }
    if (value === undefined) {
      return {
        kind: "refused",
        message: `a value is required for '--${spec.long} <${spec.value}>' but none was supplied`,
        word: i - 1,
      };
    }
    if (spec.long === "config") rootConfigWords.push(i);
    const seen = root.get(spec.long);
    root.set(spec.long, [...(Array.isArray(seen) ? seen : []), value]);
    if (spec.greedy) {
      // `-i a.png b.png exec`: clap takes every following word that is no option.
      while (i + 1 < words.length && !(words[i + 1] as string).startsWith("-")) {
        i++;
        (root.get(spec.long) as string[]).push(words[i] as string);
      }
    }
  }
  const subcommand = words[i];
  if (subcommand === undefined || !(EXEC_NAMES as readonly string[]).includes(subcommand)) {
    return { kind: "other" };
  }
  const execWords = words.slice(i + 1);
  const parse = parseExecArgs(execWords);
  if (!parse.ok) {
    const first = parse.stderr.split("\n")[0] ?? "";
    return { kind: "refused", message: first.replace(/^error: /, ""), word: i };
  }
  const parsed = parse.parsed;
  if (parsed.subcommand !== undefined) return { kind: "other" };
  const flags = new Map(parsed.flags);
  for (const [long, value] of root) {
    if (!EXEC_FLAGS.some((flag) => flag.long === long)) continue;
    const own = flags.get(long);
    if (own === undefined) flags.set(long, value);
    else if (PREPENDED.has(long) && Array.isArray(own) && Array.isArray(value)) {
      flags.set(long, [...value, ...own]);
    }
  }
  const execConfigWords: number[] = [];
  for (let k = 0; k < execWords.length; k++) {
    const word = execWords[k] as string;
    if (word === "--") break;
    if (word === "-c" || word === "--config") execConfigWords.push(i + 1 + ++k);
    else if (word.startsWith("--config=") || (word.startsWith("-c") && !word.startsWith("--")))
      execConfigWords.push(i + 1 + k);
  }
  return {
    kind: "exec",
    parsed: { ...parsed, flags },
    configWords: [...rootConfigWords, ...execConfigWords],
  };
}

/** The options of a `codex exec` given no option at all. */
export const NO_EXEC_OPTIONS: Readonly<Invocation["options"]> = Object.freeze({
  config: [],
  enable: [],
  disable: [],
  strictConfig: false,
  skipGitRepoCheck: false,
  json: false,
  ephemeral: false,
  ignoreUserConfig: false,
  dangerouslyBypassHookTrust: false,
  dangerouslyBypassApprovalsAndSandbox: false,
  trust: false,
});

/** The `options` of an `Invocation`, from a parsed `codex exec`. */
export function execOptions(
  parsed: ParsedExec,
  configLocations: readonly Location[],
  fallback: Location,
): Invocation["options"] {
  const config: ConfigOverride[] = flagValues(parsed, "config").map((text, index) => {
    const eq = text.indexOf("=");
    return {
      key: (eq < 0 ? text : text.slice(0, eq)).trim(),
      raw: eq < 0 ? "" : text.slice(eq + 1),
      location: configLocations[index] ?? fallback,
    };
  });
  const optional = (long: string) => flagValue(parsed, long);
  const options: Invocation["options"] = {
    config,
    enable: flagValues(parsed, "enable"),
    disable: flagValues(parsed, "disable"),
    strictConfig: hasFlag(parsed, "strict-config"),
    skipGitRepoCheck: hasFlag(parsed, "skip-git-repo-check"),
    json: hasFlag(parsed, "json"),
    ephemeral: hasFlag(parsed, "ephemeral"),
    ignoreUserConfig: hasFlag(parsed, "ignore-user-config"),
    dangerouslyBypassHookTrust: hasFlag(parsed, "dangerously-bypass-hook-trust"),
    dangerouslyBypassApprovalsAndSandbox: hasFlag(
      parsed,
      "dangerously-bypass-approvals-and-sandbox",
    ),
    trust: hasFlag(parsed, "trust"),
  };
  const profile = optional("profile");
  const sandbox = optional("sandbox");
  const outputSchema = optional("output-schema");
  const outputLastMessage = optional("output-last-message");
  const cd = optional("cd");
  if (profile !== undefined) options.profile = profile;
  if (sandbox !== undefined) options.sandbox = sandbox;
  if (outputSchema !== undefined) options.outputSchema = outputSchema;
  if (outputLastMessage !== undefined) options.outputLastMessage = outputLastMessage;
  if (cd !== undefined) options.cd = cd;
  return options;
}

/** npx and friends: the options they take before the package, and which take a value. */
const RUNNER_VALUE_OPTIONS = new Set(["-p", "--package", "--cache", "--userconfig", "-w"]);

/**
 * Where the words after `codex` start, when `words[0]` runs Codex: `codex`, a path ending in
 * `/codex`, or `npx`/`npm exec`/`pnpm dlx`/`bunx` of `@openai/codex` (any version) or `codex`.
 */
export function codexStart(words: readonly string[]): number | undefined {
  const program = words[0];
  if (program === undefined) return undefined;
  const base = program.slice(program.lastIndexOf("/") + 1);
  if (base === "codex") return 1;
  let i: number;
  if (base === "npx" || base === "bunx" || base === "pnpx") i = 1;
  else if ((base === "npm" && words[1] === "exec") || (base === "pnpm" && words[1] === "dlx"))
    i = 2;
  else return undefined;
  let viaPackage = false;
  for (; i < words.length; i++) {
    const word = words[i] as string;
    if (word === "--") continue;
    if (!word.startsWith("-")) break;
    if (RUNNER_VALUE_OPTIONS.has(word)) {
      const value = words[++i] ?? "";
      if (isCodexPackage(value)) viaPackage = true;
    } else if (word.startsWith("--package=") && isCodexPackage(word.slice("--package=".length)))
      viaPackage = true;
  }
  const command = words[i];
  if (command === undefined) return undefined;
  if (isCodexPackage(command) || (viaPackage && command === "codex")) return i + 1;
  return undefined;
}

function isCodexPackage(spec: string): boolean {
  return /^(?:@openai\/codex|codex)(?:@[^\s/]*)?$/.test(spec);
}
