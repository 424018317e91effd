/**
 * The one shell command reader of the tools (`@ops-skill/core/shell`): a real Bash parser
 * (unbash: pure TypeScript, synchronous, no dependencies), loaded on first use, and what every
 * reader of commands needs from it: the wrappers that run another command (`sudo`, `env`,
 * `timeout`, `xargs`, ...), the shells that run a script (`bash -c '...'`, `sh <<EOF`), and
 * `simpleCommands`: every simple command of a piece of shell with its program and words. The
 * linter reads the commands a SKILL.md tells Codex to run with it, `ops-skill test` the
 * commands a cassette recorded, the doctor what a procedure needs.
 */
import { createRequire } from "node:module";
import type * as UnbashModule from "unbash";

export type * as Unbash from "unbash";

let unbash: typeof UnbashModule | undefined;

/**
 * unbash, loaded synchronously the first time a text needs it (rules are synchronous). In the
 * CLI bundle `require("unbash")` is the bundler's: the parser is a module of the bundle,
 * initialised on this first call. Unbundled there is no `require` in an ES module (or one of
 * another directory, as under `node -e`), and Node's own loads it from here (Node >= 20.19
 * loads ES modules with `require`).
 */
export function shellParser(): typeof UnbashModule {
  if (!unbash) {
    try {
      unbash = require("unbash") as typeof UnbashModule;
    } catch {
      unbash = createRequire(import.meta.url)("unbash") as typeof UnbashModule;
    }
  }
  return unbash;
}

/** How deep commands inside commands are followed (`ssh h "sudo bash -c 'kubectl ...'"`). */
export const MAX_SHELL_DEPTH = 6;

/**
 * How much of one text is parsed. A command is a few lines; a text this long is a quote or a
 * heredoc that never closes, or generated text, and its start is as far as it is read.
 */
export const MAX_SHELL_TEXT = 100_000;

/** Characters that start a substitution: only words holding one are looked into. */
export const SUBSTITUTION = /\$\(|`|<\(|>\(/;

/** The shells whose `-c SCRIPT` (or script on stdin) is read as commands. */
export const SHELLS: ReadonlySet<string> = new Set([
  "bash",
  "sh",
  "zsh",
  "dash",
  "ksh",
  "ash",
  "mksh",
]);

export interface WrapperOptions {
  /** Options that take the next word as their value (`-u root`). */
  values?: readonly string[];
  /** Words after the options that are not the command (`timeout 60 CMD`, `flock FILE CMD`). */
  positional?: number;
}

/** Programs that run the command after their own options and words. */
export const WRAPPERS: Readonly<Record<string, WrapperOptions>> = {
  sudo: {
    values: ["-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "-T", "--user", "--group"],
  },
  doas: { values: ["-u", "-C"] },
  env: { values: ["-u", "--unset", "-C", "--chdir", "-S", "--split-string"] },
  timeout: { values: ["-s", "--signal", "-k", "--kill-after"], positional: 1 },
  gtimeout: { values: ["-s", "--signal", "-k", "--kill-after"], positional: 1 },
  nice: { values: ["-n", "--adjustment"] },
  ionice: { values: ["-c", "-n", "--class", "--classdata"] },
  stdbuf: { values: ["-i", "-o", "-e", "--input", "--output", "--error"] },
  xargs: {
    values: ["-n", "-I", "-L", "-P", "-d", "-a", "-E", "-s", "--max-args", "--max-procs"],
  },
  watch: { values: ["-n", "--interval"] },
  time: { values: ["-f", "-o", "--format", "--output"] },
  flock: { values: ["-w", "--timeout", "-E", "--conflict-exit-code"], positional: 1 },
  nohup: {},
  setsid: {},
  exec: { values: ["-a"] },
  command: {},
  builtin: {},
  // A list bullet or a prompt written before a command in documentation.
  "-": {},
  $: {},
};

/** The last part of a path (`/usr/bin/kubectl` is `kubectl`). */
export const programName = (value: string): string => value.slice(value.lastIndexOf("/") + 1);

/** Index of the first word after a program's options (`--` ends them), from `from`. */
export function afterOptions(
  argv: readonly { value: string }[],
  from: number,
  values: ReadonlySet<string>,
): number {
  let i = from;
  while (i < argv.length) {
    const value = (argv[i] as { value: string }).value;
    if (value === "--") return i + 1;
    if (!value.startsWith("-") || value === "-") return i;
    i += values.has(value) ? 2 : 1;
  }
  return i;
}

/**
 * Where the program of a command line is, after its wrappers (`sudo -u root timeout 60 env -u X
 * A=b kubectl ...`); undefined when there is none, or the line is a lookup (`command -v`).
 */
export function programIndex(argv: readonly { value: string }[]): number | undefined {
  let i = 0;
  for (;;) {
    const word = argv[i];
    if (!word) return undefined;
    const name = programName(word.value);
    const wrapper = Object.hasOwn(WRAPPERS, name) ? WRAPPERS[name] : undefined;
    if (!wrapper) return i;
    if (name === "command" && /^-[vV]$/.test(argv[i + 1]?.value ?? "")) return undefined;
    i = afterOptions(argv, i + 1, new Set(wrapper.values ?? []));
    if (name === "env") while (/^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]?.value ?? "")) i++;
    i += wrapper.positional ?? 0;
  }
}

/**
 * What a shell's words (after its name) make it run: the script of `-c` (the index of its
 * word: `bash -c 'SCRIPT'`, `sh -ec 'SCRIPT'`), its standard input (`bash`, `sh -s`, `bash -`),
 * or neither (a script file: `bash run.sh`).
 */
export function shellInput(
  args: readonly { value: string }[],
): { script: number } | { stdin: true } | undefined {
  let command = false;
  let fromStdin = false;
  let i = 0;
  for (; i < args.length; i++) {
    const value = (args[i] as { value: string }).value;
    if (value === "--" || value === "-") {
      i++;
      break;
    }
    if (!/^[-+]/.test(value)) break;
    const short = /^-[A-Za-z]+$/.test(value);
    if (short && value.includes("c")) command = true;
    if (short && value.includes("s")) fromStdin = true;
    if (/^[-+]o$/.test(value) || value === "--rcfile" || value === "--init-file") i++;
  }
  if (command) return i < args.length ? { script: i } : undefined;
  return i >= args.length || fromStdin ? { stdin: true } : undefined;
}

/** One simple command of a script, whatever its program. */
export interface SimpleCommand {
  /** The program's base name, after its wrappers (`timeout`, `env -u X`, `sudo`). */
  program: string;
  /** The program as written (`scripts/check.sh`, `/usr/bin/kubectl`). */
  word: string;
  /** Its words after the program, quotes removed. */
  args: string[];
  /** The files its redirections write (`> f`, `>> f`, `&> f`), as written. */
  writes: string[];
  /** Offset of the command in the text searched (of the outer command, inside `bash -c`). */
  index: number;
  /** The shells it runs in, outermost first (`bash -c`); empty when direct. */
  via: readonly string[];
}

const WRITE_REDIRECT = new Set([">", ">>", ">|", "&>", "&>>"]);

type Node = UnbashModule.SyntaxNode;

/**
 * Every simple command of a piece of shell, in source order: commands in pipelines, lists,
 * compound commands, substitutions and `bash -c '...'` scripts, each with its program (after
 * wrappers), its words and the files its redirections write. A shell that runs a script is a
 * command too, followed by the script's commands: its `-c` script, or the script it reads on
 * stdin (a heredoc, a here-string, `echo '...' |`). Words keep `$VAR` and `$(...)` as written.
 */
export function simpleCommands(text: string): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  const head = text.length > MAX_SHELL_TEXT ? text.slice(0, MAX_SHELL_TEXT) : text;
  collectSimple(head, undefined, [], 0, out);
  return out.sort((a, b) => a.index - b.index);
}

function collectSimple(
  text: string,
  outer: number | undefined,
  via: readonly string[],
  depth: number,
  out: SimpleCommand[],
): void {
  if (depth > MAX_SHELL_DEPTH) return;
  const parser = shellParser();
  const visit = (node: Node): void => {
    if (node.type === "Pipeline") {
      // What a command writes feeds the next: `echo 'kubectl get ns' | bash`.
      let piped: string | undefined;
      for (const command of node.commands) {
        if (command.type !== "Command") visit(command);
        else {
          simple(command, piped);
          parser.forEachChild(command, visit);
        }
        piped = command.type === "Command" ? output(command) : undefined;
      }
      return;
    }
    if (node.type === "Command") {
      simple(node, undefined);
      parser.forEachChild(node, visit);
      return;
    }
    if (node.type === "Word" || node.type === "Assignment") {
      if (SUBSTITUTION.test(node.text)) parser.forEachChild(node, visit);
      return;
    }
    if (
      node.type === "CommandExpansion" ||
      node.type === "ProcessSubstitution" ||
      node.type === "ArithmeticCommandExpansion"
    ) {
      if (node.script && node.script.source === undefined) visit(node.script);
      return;
    }
    parser.forEachChild(node, visit);
  };
  const simple = (node: UnbashModule.Command, piped: string | undefined): void => {
    if (!node.name) return;
    const words = [node.name, ...node.args].map((w) => ({
      value: w.type === "Word" ? w.value : w.text,
    }));
    const start = programIndex(words);
    if (start === undefined) return;
    const word = (words[start] as { value: string }).value;
    const program = programName(word);
    const args = words.slice(start + 1).map((w) => w.value);
    const writes: string[] = [];
    for (const redirect of node.redirects)
      if (redirect.type === "Redirect" && WRITE_REDIRECT.has(redirect.operator) && redirect.target)
        writes.push(redirect.target.value);
    const index = outer ?? node.pos;
    out.push({ program, word, args, writes, index, via });
    if (!SHELLS.has(program)) return;
    const input = shellInput(words.slice(start + 1));
    if (input === undefined) return;
    if ("script" in input)
      collectSimple(args[input.script] as string, index, [...via, `${program} -c`], depth + 1, out);
    else {
      const script = stdinText(node) ?? piped;
      if (script !== undefined) collectSimple(script, index, [...via, program], depth + 1, out);
    }
  };
  visit(parser.parse(text));
}

/** What a command reads on stdin from its own heredoc or here-string. */
function stdinText(node: UnbashModule.Command): string | undefined {
  for (const redirect of node.redirects) {
    if (redirect.type === "HereDoc") return redirect.body.text;
    if (redirect.type === "HereString" && redirect.target) return redirect.target.value;
  }
  return undefined;
}

/** The text a command writes for the next one of a pipeline: `echo`, `printf`, `cat <<EOF`. */
function output(node: UnbashModule.Command): string | undefined {
  const name = node.name?.value;
  if (name === "cat") return stdinText(node);
  if (name !== "echo" && name !== "printf") return undefined;
  const words = node.args.filter((a) => a.type === "Word" && !/^-[neE]+$/.test(a.value));
  return words.length === 0
    ? undefined
    : words.map((a) => (a as UnbashModule.Word).value).join(" ");
}
