/**
 * Finding `--output-schema` arguments, `cd` commands and `*.schema.json` names in text, by
 * hand and in one pass each: no regular expression runs over file content, so a long token
 * costs its length once (the pattern this replaces, `[\w./-]*[\w-]\.schema\.json`, backtracked
 * on long tokens). Pure: no file system.
 */

export const OUTPUT_SCHEMA_FLAG = "--output-schema";

/** One shell word as the shell would see it, with what could not be read statically. */
export interface ShellWord {
  /** The word with quotes removed; variables and substitutions are kept as written. */
  value: string;
  /** Offsets in the text: the word as written, quotes included. */
  start: number;
  end: number;
  /** `$NAME`, `${...}`, `$(...)`, `${{ ... }}` or a backquoted command, as written, in order. */
  expansions: string[];
}

export interface OutputSchemaArgument extends ShellWord {
  /** Offset of `--output-schema` itself. */
  flagStart: number;
}

export interface CdCommand {
  /** Offset of `cd` (or `pushd`). */
  start: number;
  /** The directory, or undefined for a bare `cd` (the home directory) or `cd -`. */
  target: ShellWord | undefined;
}

const SPACE = 32;
const TAB = 9;
const NEWLINE = 10;
const CR = 13;
const BACKSLASH = 92;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const BACKQUOTE = 96;
const DOLLAR = 36;

const isBlank = (c: number) => c === SPACE || c === TAB;
const isSpace = (c: number) => c === SPACE || c === TAB || c === NEWLINE || c === CR;
/** Characters that end an unquoted shell word. */
const isWordEnd = (c: number) =>
  isSpace(c) ||
  c === 59 || // ;
  c === 38 || // &
  c === 124 || // |
  c === 60 || // <
  c === 62 || // >
  c === 40 || // (
  c === 41; // )
const isNameChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * Whether an offset is in a line comment: after `#` at the start of its line or after a blank
 * (shell, YAML, Python), or on a line whose first text is `//`. Asked with offsets that never
 * go back, so each line is looked at once.
 */
class CommentFinder {
  #lineStart = -1;
  #lineEnd = -1;
  #commentAt = -1;
  constructor(private readonly text: string) {}

  inComment(index: number): boolean {
    if (index < this.#lineStart || index > this.#lineEnd) this.#readLine(index);
    return this.#commentAt >= 0 && index > this.#commentAt;
  }

  #readLine(index: number): void {
    const text = this.text;
    const lineStart = text.lastIndexOf("\n", index - 1) + 1;
    const newline = text.indexOf("\n", index);
    const lineEnd = newline < 0 ? text.length : newline;
    this.#lineStart = lineStart;
    this.#lineEnd = lineEnd;
    this.#commentAt = -1;
    let i = lineStart;
    while (i < lineEnd && isBlank(text.charCodeAt(i))) i++;
    if (text.startsWith("//", i)) {
      this.#commentAt = i;
      return;
    }
    // Searched in the line alone: an unbounded search would run to the next `#` of the file.
    const line = text.slice(lineStart, lineEnd);
    for (let j = line.indexOf("#"); j >= 0; j = line.indexOf("#", j + 1))
      if (j === 0 || isBlank(line.charCodeAt(j - 1))) {
        this.#commentAt = lineStart + j;
        return;
      }
  }
}

/** Skips blanks and `\` line continuations; returns the next offset. */
function skipBlanks(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isBlank(c)) i++;
    else if (c === BACKSLASH && text.charCodeAt(i + 1) === NEWLINE) i += 2;
    else if (c === BACKSLASH && text.charCodeAt(i + 1) === CR && text.charCodeAt(i + 2) === NEWLINE)
      i += 3;
    else break;
  }
  return i;
}

/** The end of `$(...)` starting at `i` (at the `$`), quotes and nesting honoured. */
function endOfSubstitution(text: string, i: number, end: number): number {
  let depth = 0;
  let j = i + 1;
  while (j < end) {
    const c = text.charCodeAt(j);
    if (c === 40) depth++;
    else if (c === 41) {
      depth--;
      if (depth === 0) return j + 1;
    } else if (c === SINGLE_QUOTE) {
      const close = text.indexOf("'", j + 1);
      j = close < 0 ? end : close;
    } else if (c === DOUBLE_QUOTE) {
      j = endOfDoubleQuoted(text, j, end) - 1;
    } else if (c === NEWLINE) return j;
    j++;
  }
  return end;
}

/** The offset after the closing `"` of a double-quoted string starting at `i`. */
function endOfDoubleQuoted(text: string, i: number, end: number): number {
  let j = i + 1;
  while (j < end) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) j += 2;
    else if (c === DOUBLE_QUOTE) return j + 1;
    else if (c === DOLLAR && text.charCodeAt(j + 1) === 40) j = endOfSubstitution(text, j, end);
    else j++;
  }
  return end;
}

/** An expansion starting at `$` (offset `i`): its text and the offset after it. */
function readExpansion(text: string, i: number, end: number): { text: string; next: number } {
  const next = text.charCodeAt(i + 1);
  let j: number;
  if (next === 40) j = endOfSubstitution(text, i, end);
  else if (next === 123) {
    // `${{ github.workspace }}` (GitHub Actions) or `${NAME...}`.
    const close = text.charCodeAt(i + 2) === 123 ? text.indexOf("}}", i + 3) : -1;
    if (close >= 0 && close < end) j = close + 2;
    else {
      const brace = text.indexOf("}", i + 2);
      j = brace < 0 || brace >= end ? end : brace + 1;
    }
  } else {
    j = i + 1;
    while (j < end && isNameChar(text.charCodeAt(j))) j++;
    if (j === i + 1 && j < end) j++; // `$0`, `$@`, `$?`...
  }
  return { text: text.slice(i, j), next: j };
}

/**
 * Reads one shell word starting at `i` (which must not be a blank): quotes removed,
 * expansions kept as written and listed. Stops at a blank, a newline or an operator.
 */
export function readShellWord(text: string, i: number, end = text.length): ShellWord {
  const start = i;
  let value = "";
  const expansions: string[] = [];
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isWordEnd(c)) break;
    if (c === SINGLE_QUOTE) {
      const close = text.indexOf("'", i + 1);
      const stop = close < 0 || close >= end ? end : close;
      value += text.slice(i + 1, stop);
      i = stop + 1;
    } else if (c === DOUBLE_QUOTE) {
      const stop = endOfDoubleQuoted(text, i, end);
      let j = i + 1;
      const inner = stop - (text.charCodeAt(stop - 1) === DOUBLE_QUOTE ? 1 : 0);
      while (j < inner) {
        const d = text.charCodeAt(j);
        if (d === BACKSLASH && j + 1 < inner) {
          value += text[j + 1];
          j += 2;
        } else if (d === DOLLAR && j + 1 < inner) {
          const expansion = readExpansion(text, j, inner);
          expansions.push(expansion.text);
          value += expansion.text;
          j = expansion.next;
        } else if (d === BACKQUOTE) {
          const close = text.indexOf("`", j + 1);
          const stopAt = close < 0 || close >= inner ? inner : close + 1;
          expansions.push(text.slice(j, stopAt));
          value += text.slice(j, stopAt);
          j = stopAt;
        } else {
          value += text[j];
          j++;
        }
      }
      i = stop;
    } else if (c === BACKSLASH) {
      if (i + 1 < end && text.charCodeAt(i + 1) !== NEWLINE) value += text[i + 1];
      i += 2;
    } else if (c === DOLLAR && i + 1 < end && !isSpace(text.charCodeAt(i + 1))) {
      const expansion = readExpansion(text, i, end);
      expansions.push(expansion.text);
      value += expansion.text;
      i = expansion.next;
    } else if (c === BACKQUOTE) {
      const close = text.indexOf("`", i + 1);
      const stop = close < 0 || close >= end ? end : close + 1;
      expansions.push(text.slice(i, stop));
      value += text.slice(i, stop);
      i = stop;
    } else {
      value += text[i];
      i++;
    }
  }
  return { value, start, end: Math.min(i, end), expansions };
}

/**
 * Every `--output-schema FILE`, `--output-schema=FILE` and `"--output-schema", "FILE"` (an
 * argument list in a script) in `text[from, to)`, outside line comments. A flag with nothing
 * readable after it (`--output-schema` alone, `--output-schema-file`, a variable in an
 * argument list) gives nothing.
 */
export function outputSchemaArguments(
  text: string,
  from = 0,
  to = text.length,
): OutputSchemaArgument[] {
  const found: OutputSchemaArgument[] = [];
  const comments = new CommentFinder(text);
  let at = text.indexOf(OUTPUT_SCHEMA_FLAG, from);
  while (at >= 0 && at < to) {
    const flagStart = at;
    const after = at + OUTPUT_SCHEMA_FLAG.length;
    at = text.indexOf(OUTPUT_SCHEMA_FLAG, after);
    if (after > to) break;
    const before = flagStart > 0 ? text.charCodeAt(flagStart - 1) : SPACE;
    if (isNameChar(before) || before === 45 /* - */) continue;
    if (comments.inComment(flagStart)) continue;
    const argument = argumentAfter(text, flagStart, after, before, to);
    // A value that starts with `-` is the next option: the flag has no path.
    if (argument && !argument.value.startsWith("-")) found.push(argument);
  }
  return found;
}

function argumentAfter(
  text: string,
  flagStart: number,
  after: number,
  before: number,
  to: number,
): OutputSchemaArgument | undefined {
  let i = after;
  const c = text.charCodeAt(i);
  const quote = before === DOUBLE_QUOTE || before === SINGLE_QUOTE ? before : undefined;
  if (c === 61 /* = */) {
    i++;
    // `"--output-schema=FILE"`: the value runs to the closing quote.
    if (quote !== undefined) {
      const close = text.indexOf(String.fromCharCode(quote), i);
      const stop = close < 0 || close > to ? to : close;
      if (i >= stop) return undefined;
      return { ...readShellWord(text, i, stop), flagStart };
    }
    if (i >= to || isWordEnd(text.charCodeAt(i))) return undefined;
    return { ...readShellWord(text, i, to), flagStart };
  }
  if (quote !== undefined && c === quote) {
    // `"--output-schema" FILE`, or an argument list: `"--output-schema", "FILE"`.
    i = skipBlanks(text, i + 1, to);
    if (text.charCodeAt(i) === 44 /* , */) {
      i++;
      while (i < to && isSpace(text.charCodeAt(i))) i++;
      const open = text.charCodeAt(i);
      // Only a string literal is a path; a variable or an expression is not followed.
      if (open !== DOUBLE_QUOTE && open !== SINGLE_QUOTE) return undefined;
      const close = text.indexOf(String.fromCharCode(open), i + 1);
      if (close < 0 || close >= to) return undefined;
      const value = text.slice(i + 1, close);
      if (value.includes("\n")) return undefined;
      return { value, start: i, end: close + 1, expansions: [], flagStart };
    }
  } else if (!isBlank(c) && c !== BACKSLASH) return undefined;
  i = skipBlanks(text, i, to);
  if (i >= to || isWordEnd(text.charCodeAt(i))) return undefined;
  return { ...readShellWord(text, i, to), flagStart };
}

const COMMAND_SEPARATORS = new Set([59, 38, 124, 40, 123, 10]); // ; & | ( { newline
const KEYWORDS_BEFORE_COMMAND = ["then", "do", "else", "time", "!"];

/** Whether a command starts at `i`: at a line start or after `;`, `&&`, `||`, `|`, `(`, `then`... */
function atCommandStart(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && isBlank(text.charCodeAt(j))) j--;
  if (j < 0) return true;
  const c = text.charCodeAt(j);
  if (COMMAND_SEPARATORS.has(c)) return true;
  for (const keyword of KEYWORDS_BEFORE_COMMAND) {
    const start = j - keyword.length + 1;
    if (start >= 0 && text.startsWith(keyword, start)) {
      const previous = start > 0 ? text.charCodeAt(start - 1) : SPACE;
      if (isSpace(previous) || COMMAND_SEPARATORS.has(previous)) return true;
    }
  }
  return false;
}

/** Every `cd DIR` and `pushd DIR` at the start of a command in `text[from, to)`, in order. */
export function cdCommands(text: string, from = 0, to = text.length): CdCommand[] {
  const found: CdCommand[] = [];
  const comments = new CommentFinder(text);
  // Searched in the range alone: an unbounded search would run to the next `cd` of the file.
  const range = text.slice(from, to);
  for (const command of ["cd", "pushd"]) {
    let hit = range.indexOf(command);
    while (hit >= 0) {
      const start = from + hit;
      const after = start + command.length;
      hit = range.indexOf(command, hit + command.length);
      const next = after < to ? text.charCodeAt(after) : NEWLINE;
      if (!isSpace(next) && next !== 59 && next !== 38) continue;
      if (!atCommandStart(text, start) || comments.inComment(start)) continue;
      const i = skipBlanks(text, after, to);
      if (i >= to || isWordEnd(text.charCodeAt(i))) {
        found.push({ start, target: undefined });
        continue;
      }
      const target = readShellWord(text, i, to);
      found.push({ start, target: target.value === "-" ? undefined : target });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The last `cd` of `cds` (sorted) before `index`, or undefined (a binary search). */
export function lastCdBefore(cds: readonly CdCommand[], index: number): CdCommand | undefined {
  let low = 0;
  let high = cds.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((cds[middle] as CdCommand).start < index) low = middle + 1;
    else high = middle;
  }
  return low > 0 ? cds[low - 1] : undefined;
}

const SCHEMA_SUFFIX = ".schema.json";
const isPathChar = (c: number) => isNameChar(c) || c === 46 || c === 47 || c === 45; // . / -

/**
 * Paths ending in `.schema.json` written anywhere in `text` (`../../schemas/x.schema.json`):
 * the longest run of `[A-Za-z0-9_./-]` before each `.schema.json` whose last character before
 * the suffix is a letter, digit, `_` or `-`. Each character is looked at a bounded number of
 * times, so the scan is linear in the text.
 */
export function schemaFileNames(text: string): string[] {
  const names: string[] = [];
  let floor = 0;
  let at = text.indexOf(SCHEMA_SUFFIX);
  while (at >= 0) {
    const last = at > 0 ? text.charCodeAt(at - 1) : SPACE;
    if ((isNameChar(last) || last === 45) && at - 1 >= floor) {
      let start = at - 1;
      while (start > floor && isPathChar(text.charCodeAt(start - 1))) start--;
      names.push(text.slice(start, at + SCHEMA_SUFFIX.length));
    }
    floor = at + SCHEMA_SUFFIX.length;
    at = text.indexOf(SCHEMA_SUFFIX, floor);
  }
  return names;
}
