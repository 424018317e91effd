/**
 * The command line of `codex exec` 0.169.0, parsed as its clap parser does, with clap's exact
 * messages (conformance/mock records the real ones). A small table-driven parser rather than a
 * CLI library: the messages, the "similar argument" tip (Jaro similarity above 0.7, as clap's
 * `did_you_mean`), the multiple-use and possible-value errors and `-i`'s greedy values are
 * clap's, and no JavaScript argument parser reproduces them byte for byte.
 */

export interface FlagSpec {
  long: string;
  short?: string;
  /** Clap's value name, as it appears in messages (`<MODEL>`); absent for a switch. */
  value?: string;
  /** May be given more than once (values accumulate). */
  multiple?: boolean;
  /** Takes one or more values (`-i a.png b.png`), as `<FILE>...`. */
  greedy?: boolean;
  possible?: readonly string[];
  /** Not a flag of `codex exec`: mock-codex's own. */
  mockOnly?: boolean;
}

/** Every option of `codex exec` 0.169.0 (`codex exec --help`), in its order, plus `--cassette`. */
export const EXEC_FLAGS: readonly FlagSpec[] = [
  { long: "config", short: "c", value: "key=value", multiple: true },
  { long: "enable", value: "FEATURE", multiple: true },
  { long: "disable", value: "FEATURE", multiple: true },
  { long: "strict-config" },
  { long: "image", short: "i", value: "FILE", multiple: true, greedy: true },
  { long: "model", short: "m", value: "MODEL" },
  { long: "oss" },
  { long: "local-provider", value: "OSS_PROVIDER" },
  { long: "profile", short: "p", value: "CONFIG_PROFILE_V2" },
  {
    long: "sandbox",
    short: "s",
    value: "SANDBOX_MODE",
    possible: ["read-only", "workspace-write", "danger-full-access"],
  },
  { long: "approve-for-me" },
  { long: "dangerously-bypass-approvals-and-sandbox" },
  { long: "dangerously-bypass-hook-trust" },
  { long: "cd", short: "C", value: "DIR" },
  { long: "worktree" },
  { long: "add-dir", value: "DIR", multiple: true },
  { long: "thread-source", value: "SOURCE" },
  {
    long: "cyber-access-program",
    value: "PROGRAM",
    possible: ["standard", "daybreak_blue", "daybreak_red"],
  },
  { long: "skip-git-repo-check" },
  { long: "trust" },
  { long: "ephemeral" },
  { long: "ignore-user-config" },
  { long: "ignore-rules" },
  { long: "output-schema", value: "FILE" },
  { long: "color", value: "COLOR", possible: ["always", "never", "auto"] },
  { long: "json" },
  { long: "output-last-message", short: "o", value: "FILE" },
  { long: "help", short: "h" },
  { long: "version", short: "V" },
  { long: "cassette", value: "FILE", mockOnly: true },
];

export const EXEC_SUBCOMMANDS = ["resume", "fork", "review", "help"] as const;

export interface ParsedExec {
  /** Values by long name: `true` for a switch, the strings given for an option. */
  flags: Map<string, string[] | true>;
  prompt: string | undefined;
  subcommand: string | undefined;
  /** Arguments after a subcommand. */
  rest: string[];
}

export type ExecParse =
  | { ok: true; parsed: ParsedExec }
  | { ok: false; exitCode: 2; stderr: string };

const USAGE =
  "Usage: codex exec [OPTIONS] [PROMPT]\n       codex exec [OPTIONS] <COMMAND> [ARGS]\n";
const MORE = "For more information, try '--help'.\n";

function display(spec: FlagSpec): string {
  if (spec.value === undefined) return `--${spec.long}`;
  return `--${spec.long} <${spec.value}>${spec.greedy ? "..." : ""}`;
}

function fail(message: string, { usage = true, tip }: { usage?: boolean; tip?: string } = {}) {
  const tipText = tip === undefined ? "" : `\n  tip: ${tip}\n`;
  return {
    ok: false as const,
    exitCode: 2 as const,
    stderr: `error: ${message}\n${tipText}\n${usage ? `${USAGE}\n` : ""}${MORE}`,
  };
}

/** Jaro similarity, as clap's suggestions use it (strsim::jaro). */
export function jaro(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  if (x.length === 0 && y.length === 0) return 1;
  if (x.length === 0 || y.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(x.length, y.length) / 2) - 1);
  const xMatched = new Array<boolean>(x.length).fill(false);
  const yMatched = new Array<boolean>(y.length).fill(false);
  let matches = 0;
  for (let i = 0; i < x.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(y.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (!yMatched[j] && x[i] === y[j]) {
        xMatched[i] = true;
        yMatched[j] = true;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    if (!xMatched[i]) continue;
    while (!yMatched[k]) k++;
    if (x[i] !== y[k]) transpositions++;
    k++;
  }
  const t = transpositions / 2;
  return (matches / x.length + matches / y.length + (matches - t) / matches) / 3;
}

function similarFlag(name: string): string | undefined {
  let best: { long: string; score: number } | undefined;
  for (const spec of EXEC_FLAGS) {
    if (spec.mockOnly) continue;
    const score = jaro(name, spec.long);
    if (score > 0.7 && (best === undefined || score > best.score))
      best = { long: spec.long, score };
  }
  return best?.long;
}

function unexpected(arg: string) {
  if (arg.startsWith("--")) {
    const similar = similarFlag(arg.slice(2).split("=")[0] ?? "");
    if (similar !== undefined) {
      return fail(`unexpected argument '${arg}' found`, {
        tip: `a similar argument exists: '--${similar}'`,
      });
    }
  }
  return fail(`unexpected argument '${arg}' found`, {
    tip: `to pass '${arg}' as a value, use '-- ${arg}'`,
  });
}

/** Parses the arguments after `exec`. */
export function parseExecArgs(argv: readonly string[]): ExecParse {
  const flags = new Map<string, string[] | true>();
  const positionals: string[] = [];
  let subcommand: string | undefined;
  let rest: string[] = [];
  let i = 0;

  const missing = (spec: FlagSpec) =>
    fail(
      `a value is required for '${display(spec)}' but none was supplied${
        spec.possible ? `\n  [possible values: ${spec.possible.join(", ")}]` : ""
      }`,
      { usage: false },
    );
  const add = (spec: FlagSpec, value: string | undefined) => {
    const seen = flags.get(spec.long);
    if (seen !== undefined && !spec.multiple) {
      return fail(`the argument '${display(spec)}' cannot be used multiple times`);
    }
    if (value === undefined) {
      flags.set(spec.long, true);
      return undefined;
    }
    if (spec.possible && !spec.possible.includes(value)) {
      return fail(
        `invalid value '${value}' for '${display(spec)}'\n  [possible values: ${spec.possible.join(", ")}]`,
        { usage: false },
      );
    }
    flags.set(spec.long, [...(seen === true || seen === undefined ? [] : seen), value]);
    return undefined;
  };
  /** Takes the value of `spec` from `inline` or the next argument(s). */
  const takeValue = (spec: FlagSpec, inline: string | undefined) => {
    if (inline !== undefined) return add(spec, inline);
    const next = argv[i + 1];
    if (next === undefined || (next.startsWith("-") && next !== "-")) return missing(spec);
    i++;
    const failed = add(spec, next);
    if (failed || !spec.greedy) return failed;
    while (i + 1 < argv.length && !(argv[i + 1] as string).startsWith("-")) {
      i++;
      const more = add(spec, argv[i]);
      if (more) return more;
    }
    return undefined;
  };

  for (; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const inline = eq < 0 ? undefined : arg.slice(eq + 1);
      const spec = EXEC_FLAGS.find((flag) => flag.long === name);
      if (spec === undefined) return unexpected(arg);
      if (spec.value === undefined) {
        if (inline !== undefined) {
          return fail(
            `unexpected value '${inline}' for '--${spec.long}' found; no more were expected`,
          );
        }
        const failed = add(spec, undefined);
        if (failed) return failed;
      } else {
        const failed = takeValue(spec, inline);
        if (failed) return failed;
      }
      if (spec.long === "help" || spec.long === "version") break;
      continue;
    }
    if (arg.startsWith("-") && arg !== "-") {
      // A cluster of short switches, the last of which may take the rest as its value.
      for (let k = 1; k < arg.length; k++) {
        const letter = arg[k] as string;
        const spec = EXEC_FLAGS.find((flag) => flag.short === letter);
        if (spec === undefined) return unexpected(k === 1 ? arg : `-${letter}`);
        if (spec.value === undefined) {
          const failed = add(spec, undefined);
          if (failed) return failed;
          if (spec.long === "help" || spec.long === "version") break;
          continue;
        }
        let inline = arg.slice(k + 1);
        if (inline.startsWith("=")) inline = inline.slice(1);
        const failed = takeValue(spec, inline === "" ? undefined : inline);
        if (failed) return failed;
        break;
      }
      if (flags.has("help") || flags.has("version")) break;
      continue;
    }
    if (positionals.length === 0 && (EXEC_SUBCOMMANDS as readonly string[]).includes(arg)) {
      subcommand = arg;
      rest = argv.slice(i + 1);
      break;
    }
    if (positionals.length > 0) return fail(`unexpected argument '${arg}' found`);
    positionals.push(arg);
  }
  if (positionals.length > 1) return fail(`unexpected argument '${positionals[1]}' found`);
  return { ok: true, parsed: { flags, prompt: positionals[0], subcommand, rest } };
}

/** The single value of an option, if given. */
export function flagValue(parsed: ParsedExec, long: string): string | undefined {
  const value = parsed.flags.get(long);
  return value === undefined || value === true ? undefined : value.at(-1);
}

export function flagValues(parsed: ParsedExec, long: string): string[] {
  const value = parsed.flags.get(long);
  return value === undefined || value === true ? [] : value;
}

export function hasFlag(parsed: ParsedExec, long: string): boolean {
  return parsed.flags.has(long);
}
