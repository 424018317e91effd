/**
 * The simple commands a raw shell string runs, for the guardrail check: what a command the
 * model asked for (`exec_command`'s `cmd`) attempts. Pure.
 *
 * The words come from `shell-quote` (quotes, escapes, operators); around it: newlines outside
 * quotes separate commands, `$(...)` and backticks (also inside double quotes) are commands of
 * their own, redirections are dropped, and wrappers are unwrapped down to the command they run:
 * variable assignments, `timeout`, `env`, `command`, `exec`, `nice`, `nohup`, `time`, `sudo`,
 * `xargs`, `stdbuf`, and `bash`/`sh`/`zsh`/`dash -c '<script>'` (parsed again, recursively).
 */
import { parse } from "shell-quote";

/** How deep `bash -c` and `$(...)` nest before the rest is left unparsed. */
const MAX_DEPTH = 8;
const SEPARATORS = new Set([";", "&&", "||", "|", "|&", "&", ";;", "(", ")"]);
const REDIRECTS = new Set([">", ">>", "<", ">&", "<&", "<>", ">|", "&>", "&>>", "<<", "<<<"]);
const SHELLS = new Set(["bash", "sh", "zsh", "dash", "ksh"]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** Reserved words that come before a command (`if`, `do`, `!`...). */
const KEYWORDS = new Set(["if", "then", "else", "elif", "do", "while", "until", "!", "{", "}"]);
/** Options of a wrapper that take a value (`timeout -s KILL 30 cmd`, `env -u X cmd`). */
const VALUED: Record<string, readonly string[]> = {
  timeout: ["-s", "--signal", "-k", "--kill-after"],
  env: ["-u", "--unset", "-C", "--chdir", "-S", "--split-string"],
  nice: ["-n", "--adjustment"],
  sudo: ["-u", "--user", "-g", "--group", "-C", "-D", "--chdir", "-h", "--host", "-p", "--prompt"],
  xargs: ["-I", "-L", "-n", "-P", "-s", "-d", "-E", "-a", "--arg-file", "--delimiter"],
  stdbuf: ["-i", "-o", "-e"],
  command: [],
  exec: ["-a"],
  nohup: [],
  time: ["-f", "--format", "-o", "--output"],
};

const basename = (word: string): string => word.slice(word.lastIndexOf("/") + 1);

/**
 * The raw string with its command substitutions taken out (each replaced by one plain word and
 * returned on its own) and its unquoted newlines turned into `;`.
 */
function liftSubstitutions(raw: string): { outer: string; inner: string[] } {
  const inner: string[] = [];
  let outer = "";
  let quote: "'" | '"' | undefined;
  for (let k = 0; k < raw.length; k++) {
    const c = raw[k] as string;
    if (quote === "'") {
      outer += c;
      if (c === "'") quote = undefined;
      continue;
    }
    if (c === "\\") {
      outer += raw.slice(k, k + 2);
      k++;
      continue;
    }
    if (c === "`") {
      const end = raw.indexOf("`", k + 1);
      const stop = end < 0 ? raw.length : end;
      inner.push(raw.slice(k + 1, stop));
      outer += "__subst__";
      k = stop;
      continue;
    }
    if (c === "$" && raw[k + 1] === "(" && raw[k + 2] !== "(") {
      const stop = closingParen(raw, k + 2);
      inner.push(raw.slice(k + 2, stop));
      outer += "__subst__";
      k = stop;
      continue;
    }
    if (c === '"') quote = quote === '"' ? undefined : '"';
    else if (c === "'" && quote === undefined) quote = "'";
    outer += c === "\n" && quote === undefined ? ";" : c;
  }
  return { outer, inner };
}

/** The index of the `)` closing a `$(` whose content starts at `start` (or the end). */
function closingParen(raw: string, start: number): number {
  let depth = 1;
  let quote: "'" | '"' | undefined;
  for (let k = start; k < raw.length; k++) {
    const c = raw[k];
    if (quote === "'") {
      if (c === "'") quote = undefined;
    } else if (c === "\\") k++;
    else if (c === '"') quote = quote === '"' ? undefined : '"';
    else if (c === "'" && quote === undefined) quote = "'";
    else if (quote === undefined && c === "(") depth++;
    else if (quote === undefined && c === ")" && --depth === 0) return k;
  }
  return raw.length;
}

/** The words of one simple command, wrappers and assignments taken off; `[]` when none is left. */
function unwrap(words: readonly string[], depth: number, out: string[][]): void {
  let k = 0;
  while (
    k < words.length &&
    (ASSIGNMENT.test(words[k] as string) || KEYWORDS.has(words[k] as string))
  )
    k++;
  if (k >= words.length) return;
  const name = basename(words[k] as string);
  const valued = VALUED[name];
  if (valued !== undefined) {
    k++;
    while (k < words.length) {
      const word = words[k] as string;
      if (word === "--") {
        k++;
        break;
      }
      if (name === "env" && ASSIGNMENT.test(word)) k++;
      else if (word.startsWith("-") && word.length > 1) k += valued.includes(word) ? 2 : 1;
      else break;
    }
    // `timeout 30 cmd`: the duration comes before the command.
    if (name === "timeout" && k < words.length) k++;
    unwrap(words.slice(k), depth, out);
    return;
  }
  if (SHELLS.has(name)) {
    // `bash -c 'script'`, `bash -lc 'script'`, `sh -e -c 'script'`: the script is a command line.
    for (let j = k + 1; j < words.length; j++) {
      const word = words[j] as string;
      if (!word.startsWith("-")) break;
      if (!word.startsWith("--") && word.includes("c")) {
        const script = words[j + 1];
        if (script !== undefined) out.push(...simpleCommands(script, depth + 1));
        return;
      }
    }
  }
  out.push(words.slice(k));
}

/**
 * The simple commands `raw` runs, each as its words (the program as written, its arguments),
 * wrappers unwrapped, in order; command substitutions after the command holding them.
 */
export function simpleCommands(raw: string, depth = 0): string[][] {
  if (depth > MAX_DEPTH) return [];
  const { outer, inner } = liftSubstitutions(raw);
  const out: string[][] = [];
  let tokens: ReturnType<typeof parse>;
  try {
    // Variables stay as written: `$DIR` is a word, not an empty string.
    tokens = parse(outer, (name) => `$${name}`);
  } catch {
    tokens = outer.split(/\s+/).filter(Boolean);
  }
  let words: string[] = [];
  const flush = () => {
    if (words.length > 0) unwrap(words, depth, out);
    words = [];
  };
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    if (typeof token === "string") {
      words.push(token);
      continue;
    }
    if (token === undefined) continue;
    if ("comment" in token) break;
    if ("op" in token) {
      if (token.op === "glob") words.push((token as { pattern: string }).pattern);
      else if (REDIRECTS.has(token.op)) {
        // `2>&1`: the fd number before the operator and the target after it are no words.
        if (/^\d+$/.test(words.at(-1) ?? "")) words.pop();
        k++;
      } else if (SEPARATORS.has(token.op)) flush();
    }
  }
  flush();
  for (const text of inner) out.push(...simpleCommands(text, depth + 1));
  return out;
}

/**
 * Whether the words run the forbidden command: the same program (by its name, whatever the
 * path) and the command's other words among the arguments in order, as the call log's
 * forbidden check matches (`terraform -chdir=infra apply -auto-approve` runs `terraform apply`).
 */
export function runsForbidden(words: readonly string[], forbidden: readonly string[]): boolean {
  if (words.length === 0 || basename(words[0] as string) !== forbidden[0]) return false;
  let next = 1;
  for (const word of words.slice(1)) {
    if (next < forbidden.length && word === forbidden[next]) next++;
  }
  return next === forbidden.length;
}
