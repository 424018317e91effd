/**
 * How Codex 0.169.0 displays a shell call in the `command` field of a `command_execution` item:
 * `/bin/bash -lc <cmd quoted>`. The quoting splits the command into chunks, each written the
 * cheapest way it can be: bare when nothing needs quoting, `'...'` while there is no `'`, and
 * `"..."` (with `"` and `\` escaped) for a chunk holding `'` but no `$`, `` ` `` or `!`.
 * Measured on the recorded sessions in conformance/mock (`'echo hello'`, `true`,
 * `"printf 'a\\nb\\n'"`, `'for ... printf '"'%049d\\n' "'$i; done'`).
 */

const BARE = /^[A-Za-z0-9_\-./:@+=,%]$/;
const SINGLE_OK = 1;
const DOUBLE_OK = 2;
const BARE_OK = 4;

function allowed(char: string): number {
  let ok = SINGLE_OK | DOUBLE_OK | BARE_OK;
  if (!BARE.test(char)) ok &= ~BARE_OK;
  if (char === "'") ok &= ~SINGLE_OK;
  if (char === "$" || char === "`" || char === "!") ok &= ~DOUBLE_OK;
  return ok;
}

function writeChunk(chunk: string, ok: number): string {
  if (ok & BARE_OK) return chunk;
  if (ok & SINGLE_OK) return `'${chunk}'`;
  return `"${chunk.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** One shell word holding `text`, quoted as Codex quotes it. */
export function quoteShellWord(text: string): string {
  if (text === "") return "''";
  let out = "";
  let start = 0;
  while (start < text.length) {
    let ok = SINGLE_OK | DOUBLE_OK | BARE_OK;
    let end = start;
    while (end < text.length) {
      const next = ok & allowed(text[end] as string);
      if (next === 0) break;
      ok = next;
      end++;
    }
    const chunk = text.slice(start, end);
    if (start === 0 && end === text.length && ok & BARE_OK) return text;
    out += writeChunk(chunk, ok);
    start = end;
  }
  return out;
}

/** The `command` Codex shows for a shell call of `cmd`. */
export function displayCommand(cmd: string): string {
  return `/bin/bash -lc ${quoteShellWord(cmd)}`;
}

/** The text of one shell word written as `quoteShellWord` writes it; undefined if it is not one. */
export function parseShellWord(word: string): string | undefined {
  let out = "";
  let i = 0;
  while (i < word.length) {
    const c = word[i] as string;
    if (c === "'") {
      const end = word.indexOf("'", i + 1);
      if (end < 0) return undefined;
      out += word.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (i < word.length && word[i] !== '"') {
        if (word[i] === "\\" && (word[i + 1] === '"' || word[i + 1] === "\\")) i++;
        out += word[i];
        i++;
      }
      if (i >= word.length) return undefined;
      i++;
    } else if (c === " " || c === "\t" || c === "\n" || c === "\\") {
      return undefined;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * The raw command of a displayed one (`/bin/bash -lc '<cmd>'` → `<cmd>`), when displaying it
 * again gives the same text; undefined otherwise.
 */
export function commandOfDisplay(display: string): string | undefined {
  const prefix = "/bin/bash -lc ";
  if (!display.startsWith(prefix)) return undefined;
  const cmd = parseShellWord(display.slice(prefix.length));
  return cmd !== undefined && displayCommand(cmd) === display ? cmd : undefined;
}
