/**
 * Shell words as a schedule's shell would expand them, as far as that can be done without
 * running anything: quotes removed, `$VAR` and `${VAR}` replaced when the schedule set the
 * variable to a value written in it, and a few command substitutions whose output is known
 * without running them (`$(dirname "$0")`, `$(pwd)`, `$(cat prompt.md)` of a file in the
 * repository, `$(git rev-parse --show-toplevel)`). Anything else leaves the word "not static":
 * its text is kept as written and the caller decides what an unknown value means.
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { isInside, readRegularText } from "@ops-skill/core";
import type { Unbash } from "@ops-skill/core/shell";

/** A variable's value: a string when the schedule gives it one, `undefined` when it is set to something unknown. */
export type Vars = ReadonlyMap<string, string | undefined>;

/** What the expansion of a word may look at. */
export interface WordScope {
  vars: Vars;
  /** The shell's working directory, when known. */
  cwd: string | undefined;
  /** `$0`: the script's absolute path, when the text is a script's. */
  scriptPath: string | undefined;
  /** The repository root: files are read only inside it. */
  root: string;
}

export interface WordValue {
  value: string;
  /** False when some part could not be expanded: `value` then holds the word's text as written. */
  static: boolean;
}

/** How much of a file `$(cat FILE)` reads into a prompt. */
const MAX_SUBSTITUTED_FILE = 256 * 1024;

/** A repository file's text, or undefined (outside the repository, missing, not a regular file). */
export function readRepoText(path: string, scope: Pick<WordScope, "cwd" | "root">) {
  const absolute = isAbsolute(path)
    ? path
    : scope.cwd === undefined
      ? undefined
      : resolve(scope.cwd, path);
  if (absolute === undefined || !isInside(scope.root, absolute)) return undefined;
  const read = readRegularText(absolute, { maxBytes: MAX_SUBSTITUTED_FILE });
  return read.ok ? { path: absolute, text: read.text } : undefined;
}

export function wordValue(word: Unbash.Word, scope: WordScope): WordValue {
  if (word.parts === undefined) return { value: word.value, static: true };
  let value = "";
  for (const [index, part] of word.parts.entries()) {
    const piece = partValue(part, scope, index === 0);
    if (piece === undefined) return { value: word.value, static: false };
    value += piece;
  }
  return { value, static: true };
}

function lookup(name: string, scope: WordScope): string | undefined {
  if (name === "0") return scope.scriptPath;
  if (name === "PWD") return scope.cwd;
  return scope.vars.get(name);
}

function partValue(part: Unbash.WordPart, scope: WordScope, first: boolean): string | undefined {
  switch (part.type) {
    case "Literal":
      if (first && (part.value === "~" || part.value.startsWith("~/"))) {
        const home = scope.vars.get("HOME");
        return home === undefined ? undefined : home + part.value.slice(1);
      }
      return part.value;
    case "SingleQuoted":
    case "AnsiCQuoted":
      return part.value;
    case "DoubleQuoted":
    case "LocaleString": {
      let value = "";
      for (const child of part.parts) {
        const piece = partValue(child, scope, false);
        if (piece === undefined) return undefined;
        value += piece;
      }
      return value;
    }
    case "SimpleExpansion":
      return lookup(part.text.slice(1), scope);
    case "ParameterExpansion":
      if (part.prefix !== undefined || part.index !== undefined) return undefined;
      if (part.operation === undefined) return lookup(part.parameter, scope);
      return undefined;
    case "CommandExpansion":
      return part.script === undefined ? undefined : substitution(part.script, scope);
    default:
      return undefined;
  }
}

/** The output of a command substitution, when it is known without running it. */
function substitution(script: Unbash.Script, scope: WordScope): string | undefined {
  let cwd = scope.cwd;
  let output: string | undefined;
  const run = (command: Unbash.Command): boolean => {
    const name = command.name?.value;
    const args: string[] = [];
    for (const arg of command.suffix) {
      if (arg.type !== "Word") return false;
      const value = wordValue(arg, { ...scope, cwd });
      if (!value.static) return false;
      args.push(value.value);
    }
    if (command.prefix.length > 0 && name !== undefined && name !== "cat") return false;
    switch (name) {
      case "cd": {
        const target = args[0];
        if (target === undefined || cwd === undefined) return false;
        cwd = resolve(cwd, target);
        return true;
      }
      case "pwd":
        if (cwd === undefined) return false;
        output = cwd;
        return true;
      case "dirname":
        if (args.length !== 1) return false;
        output = dirname(args[0] as string);
        return true;
      case "realpath":
      case "readlink": {
        const target = args.filter((a) => !a.startsWith("-"))[0];
        if (target === undefined || (cwd === undefined && !isAbsolute(target))) return false;
        output = resolve(cwd ?? "/", target);
        return true;
      }
      case "git":
        if (args.join(" ") !== "rev-parse --show-toplevel") return false;
        output = scope.root;
        return true;
      case "cat": {
        if (args.length !== 1) return false;
        const read = readRepoText(args[0] as string, { cwd, root: scope.root });
        if (read === undefined) return false;
        output = read.text;
        return true;
      }
      case undefined: {
        // `$(< FILE)`: bash reads the file.
        const redirect = command.redirects[0];
        if (
          command.redirects.length !== 1 ||
          redirect?.type !== "Redirect" ||
          redirect.operator !== "<" ||
          redirect.target === undefined
        )
          return false;
        const target = wordValue(redirect.target, { ...scope, cwd });
        if (!target.static) return false;
        const read = readRepoText(target.value, { cwd, root: scope.root });
        if (read === undefined) return false;
        output = read.text;
        return true;
      }
      default:
        return false;
    }
  };
  for (const statement of script.commands) {
    const node = statement.command;
    const commands = node.type === "AndOr" ? node.commands : [node];
    if (node.type === "AndOr" && node.operators.some((op) => op !== "&&")) return undefined;
    for (const command of commands) {
      if (command.type !== "Command" || !run(command)) return undefined;
    }
  }
  // Command substitution drops the trailing newlines of the output.
  return output === undefined ? undefined : trimEnd(output, "\n");
}

/** `text` without the characters of `chars` at its end (a loop: no regular expression to backtrack). */
export function trimEnd(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1] as string)) end--;
  return text.slice(0, end);
}
