/**
 * What a hook's `command` runs. Codex hands the string to the shell in the session's working
 * directory (the repository root when Codex is started there), so a first word with a `/` is a
 * file relative to that directory, and `bash x.sh` / `python3 x.py` run a script file.
 */
import { isAbsolute, resolve } from "node:path";

export type HookCommandTarget =
  /** The first word is a file path: the shell executes it, so it must exist and be executable. */
  | { kind: "executable"; word: string; path: string }
  /** An interpreter runs a script file: it must exist; the interpreter needs no exec bit. */
  | { kind: "script"; interpreter: string; word: string; path: string }
  /** Shell code without a file (`echo x >&2; exit 2`), or a command looked up on PATH. */
  | { kind: "inline"; program: string | undefined }
  /** Depends on variables or substitutions the linter cannot know. */
  | { kind: "dynamic" };

const INTERPRETERS = new Set([
  "sh",
  "bash",
  "zsh",
  "dash",
  "ksh",
  "python",
  "python3",
  "node",
  "deno",
  "bun",
  "ruby",
  "perl",
  "php",
  "pwsh",
  "tsx",
  "ts-node",
]);

/** Splits the first few words of a shell command, honouring quotes; stops at operators. */
export function shellWords(command: string): { words: string[]; dynamic: boolean } {
  const words: string[] = [];
  let current = "";
  let inWord = false;
  let dynamic = false;
  for (let i = 0; i < command.length; i++) {
    const c = command[i] as string;
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end === -1) return { words, dynamic: true };
      current += command.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < command.length && command[j] !== '"'; j++) {
        if (command[j] === "\\") j++;
        if (command[j] === "$" || command[j] === "`") dynamic = true;
      }
      current += command.slice(i + 1, j).replace(/\\(.)/g, "$1");
      inWord = true;
      i = j;
    } else if (c === "\\" && i + 1 < command.length) {
      current += command[i + 1];
      inWord = true;
      i++;
    } else if (c === "$" || c === "`" || c === "~") {
      if (c !== "~" || !inWord) dynamic = true;
      current += c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = "";
      inWord = false;
    } else if (/[;&|<>()]/.test(c)) {
      if (inWord) words.push(current);
      return { words, dynamic };
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return { words, dynamic };
}

/** Where the command's program or script is, resolved against `baseDir`. */
export function hookCommandTarget(command: string, baseDir: string): HookCommandTarget {
  const { words, dynamic } = shellWords(command.trim());
  let index = 0;
  // `env A=b cmd`, `A=b cmd`, `exec cmd`
  while (index < words.length) {
    const word = words[index] as string;
    if (word === "exec" || word === "env" || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) index++;
    else break;
  }
  const first = words[index];
  if (first === undefined) return { kind: "inline", program: undefined };
  if (/[$`]/.test(first) || (dynamic && first.includes("/"))) return { kind: "dynamic" };
  if (first.includes("/")) {
    if (first.startsWith("~")) return { kind: "dynamic" };
    return {
      kind: "executable",
      word: first,
      path: isAbsolute(first) ? first : resolve(baseDir, first),
    };
  }
  const program = first.split("/").at(-1) as string;
  if (INTERPRETERS.has(program) || /^python3(\.\d+)?$/.test(program)) {
    // First argument that is not an option: the script (`bash -e x.sh`, `python3 -u x.py`).
    for (const word of words.slice(index + 1)) {
      if (word.startsWith("-")) {
        if (inlineFlags(program).includes(word)) return { kind: "inline", program };
        continue;
      }
      if (/[$`]/.test(word) || word.startsWith("~")) return { kind: "dynamic" };
      if (!/\.[A-Za-z0-9]+$/.test(word) && !word.includes("/")) return { kind: "inline", program };
      return {
        kind: "script",
        interpreter: program,
        word,
        path: isAbsolute(word) ? word : resolve(baseDir, word),
      };
    }
  }
  return { kind: "inline", program };
}

/** Flags after which an interpreter runs code from the command line instead of a file. */
function inlineFlags(program: string): string[] {
  if (/^(sh|bash|zsh|dash|ksh|pwsh)$/.test(program)) return ["-c", "-Command"];
  if (program.startsWith("python")) return ["-c", "-m"];
  return ["-e", "--eval", "-p", "--print"];
}
