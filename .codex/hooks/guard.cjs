#!/usr/bin/env node
// The catalogue's read-only guard: a Codex PreToolUse hook for shell (Bash) calls.
//
// Codex gives the call as one JSON object on stdin; `tool_input.command` is the model's raw
// command, which Codex runs with `/bin/bash -lc`. The guard splits it into simple commands the
// way bash does (`;` `&&` `||` `|` `&`, newlines, `( )` and `{ }`, `$(...)`, backticks, `<(...)`,
// heredocs, quoting), looks through wrappers (`timeout`, `env`, `command`, `exec`, `nice`,
// `nohup`, `setsid`, `stdbuf`, `time`, `sudo`, `doas`, `xargs`, `find -exec`) and into
// `bash -c` / `sh -c` / `eval` strings, and denies the call when a simple command runs a
// command listed in `forbidden.json` beside this file (`{"<skill>": ["terraform apply", ...]}`):
// the same tool (its base name), and the listed command's other words among its arguments in
// order. What it cannot read safely is denied too: invalid input, a command name that is only
// known at run time, a shell reading commands from stdin, an unterminated quote.
//
// A deny is the one form Codex honours in `codex exec`, printed on stdout with exit 0:
//   {"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny",
//    "permissionDecisionReason":"<why>"}}
// An allowed call prints nothing. Node's own modules only: this runs on the schedule machine.
// CommonJS on purpose: Node refuses to load an ES module (`.mjs`) from a path that holds a
// backslash, and a hook that cannot load exits 1, which Codex takes as "allow".
"use strict";

const { readFileSync } = require("node:fs");
const { join } = require("node:path");

const MAX_INPUT_BYTES = 1024 * 1024;
const MAX_COMMAND_CHARS = 256 * 1024;
const MAX_DEPTH = 8;
const MAX_NESTING = 64;
const MAX_COMMANDS = 10_000;

class Unsafe extends Error {}

// ---------------------------------------------------------------------------------------------
// Words. A word is a list of parts: literal text, or a value known only at run time. An unknown
// part is `split` when the shell may split it into several words (an unquoted expansion, "$@",
// brace expansion) and `glob` when it is an unquoted pattern (each result keeps the literal
// text before it).

function wordShape(parts) {
  let prefix = "";
  let exact = true;
  let split = false;
  let glob = false;
  for (const part of parts) {
    if (part.lit !== undefined) {
      if (exact) prefix += part.lit;
      continue;
    }
    if (part.shape !== undefined) {
      // ${NAME:+ALT}: empty, or ALT.
      if (exact) prefix += part.shape.prefix;
      if (!part.shape.exact) exact = false;
      split ||= part.shape.split;
      glob ||= part.shape.glob;
      exact = false;
      continue;
    }
    exact = false;
    if (part.split) split = true;
    if (part.glob) glob = true;
  }
  return { prefix, exact, split, glob };
}

const SHELL_OPERATOR_CHARS = new Set([";", "&", "|", "(", ")", "<", ">"]);
const BLANKS = new Set([" ", "\t"]);
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAMS = new Set(["@", "*", "#", "?", "-", "$", "!", "0", "1", "2", "3", "4", "5"]);

const ANSI_C_ESCAPES = {
  a: "\x07",
  b: "\b",
  e: "\x1b",
  E: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "?": "?",
};

/**
 * One pass over a shell text. `commands` collects every simple command found, at any depth,
 * as `{ words: [{ parts, raw }], raw }`.
 */
class Parser {
  constructor(src, depth, commands) {
    if (depth > MAX_DEPTH) throw new Unsafe("commands nested too deeply to check");
    this.src = src;
    this.i = 0;
    this.depth = depth;
    this.commands = commands;
    this.heredocs = [];
  }

  fail(what) {
    throw new Unsafe(what);
  }

  push(words, start, end) {
    if (words.length === 0) return;
    if (this.commands.length >= MAX_COMMANDS) this.fail("too many commands to check");
    this.commands.push({ words, raw: this.src.slice(start, end).trim() });
  }

  /** Reads commands until the end, or the `)` that closes an open `(` when `closing`. */
  parseList(closing) {
    this.nesting = (this.nesting ?? 0) + 1;
    if (this.nesting > MAX_NESTING) this.fail("commands nested too deeply to check");
    try {
      this.parseListBody(closing);
    } finally {
      this.nesting--;
    }
  }

  parseListBody(closing) {
    const src = this.src;
    let words = [];
    let start = this.i;
    let end = this.i;
    let parens = 0;
    let redirect = false;
    let lastEnd = -1;
    const flush = () => {
      if (redirect) this.fail("a redirection without a target");
      this.push(words, start, end);
      words = [];
    };
    while (this.i < src.length) {
      const c = src[this.i];
      if (BLANKS.has(c)) {
        this.i++;
        continue;
      }
      if (c === "\\" && src[this.i + 1] === "\n") {
        this.i += 2;
        continue;
      }
      if (c === "\n") {
        flush();
        this.i++;
        this.readHeredocs();
        start = this.i;
        continue;
      }
      if (c === "#") {
        while (this.i < src.length && src[this.i] !== "\n") this.i++;
        continue;
      }
      if ((c === "<" || c === ">") && src[this.i + 1] === "(") {
        // Process substitution: a word whose value is a path; its commands run.
        this.i += 2;
        this.parseList(true);
        if (words.length === 0) start = end;
        words.push({ parts: [{ unknown: true }], raw: "<(...)" });
        end = this.i;
        continue;
      }
      if (c === "<" || c === ">") {
        // `2>`, `10<`: the digits just before are the descriptor, no argument.
        const last = words[words.length - 1];
        if (last !== undefined && lastEnd === this.i && /^[0-9]+$/.test(last.raw)) words.pop();
        redirect = this.readRedirection();
        continue;
      }
      if (SHELL_OPERATOR_CHARS.has(c)) {
        if (c === "(") {
          flush();
          parens++;
          this.i++;
          start = this.i;
          continue;
        }
        if (c === ")") {
          flush();
          this.i++;
          start = this.i;
          if (parens > 0) {
            parens--;
            continue;
          }
          if (closing) return;
          continue; // a `case` pattern's `)`
        }
        // ; & | and their doubles
        flush();
        this.i++;
        while (
          this.i < src.length &&
          (src[this.i] === ";" || src[this.i] === "&" || src[this.i] === "|")
        )
          this.i++;
        start = this.i;
        continue;
      }
      if (closing && c === ")" && parens === 0) return;
      // A word.
      const wordStart = this.i;
      const parts = this.readWord();
      if (redirect) {
        redirect = false; // the target of a redirection is no argument
        end = this.i;
        continue;
      }
      if (words.length === 0) start = wordStart;
      words.push({ parts, raw: src.slice(wordStart, this.i) });
      end = this.i;
      lastEnd = this.i;
    }
    if (closing) this.fail("an unclosed ( or $(");
    flush();
    if (this.heredocs.length > 0) this.readHeredocs();
  }

  /**
   * `<`, `>`, `>>`, `>|`, `<>`, `>&`, `<&`, `<<<`, and heredocs `<<`/`<<-` (whose delimiter it
   * reads). Returns whether a target word follows.
   */
  readRedirection() {
    const src = this.src;
    if (src.startsWith("<<<", this.i)) {
      this.i += 3;
      return true;
    }
    if (src.startsWith("<<", this.i)) {
      this.i += 2;
      let strip = false;
      if (src[this.i] === "-") {
        strip = true;
        this.i++;
      }
      while (BLANKS.has(src[this.i])) this.i++;
      const delimStart = this.i;
      const parts = this.readWord();
      const raw = src.slice(delimStart, this.i);
      if (raw === "") this.fail("a heredoc without a delimiter");
      if (parts.some((part) => part.lit === undefined))
        this.fail("a heredoc delimiter that is expanded");
      const quoted = /['"\\]/.test(raw);
      const delimiter = parts.map((part) => part.lit).join("");
      this.heredocs.push({ delimiter, strip, expand: !quoted });
      return false;
    }
    this.i++;
    while (
      this.i < src.length &&
      (src[this.i] === ">" || src[this.i] === "<" || src[this.i] === "|" || src[this.i] === "&")
    ) {
      this.i++;
    }
    return true;
  }

  /** After a newline: the bodies of the heredocs opened on the line before. */
  readHeredocs() {
    const src = this.src;
    const pending = this.heredocs;
    this.heredocs = [];
    for (const heredoc of pending) {
      const bodyStart = this.i;
      let bodyEnd = src.length;
      let next = src.length;
      while (this.i < src.length) {
        const lineEnd = src.indexOf("\n", this.i);
        const stop = lineEnd === -1 ? src.length : lineEnd;
        let line = src.slice(this.i, stop);
        if (heredoc.strip) line = line.replace(/^\t+/, "");
        if (line === heredoc.delimiter) {
          bodyEnd = this.i;
          next = lineEnd === -1 ? src.length : lineEnd + 1;
          break;
        }
        this.i = lineEnd === -1 ? src.length : lineEnd + 1;
      }
      if (next === src.length && bodyEnd === src.length) bodyEnd = src.length;
      this.i = next;
      if (heredoc.expand) {
        const body = src.slice(bodyStart, bodyEnd);
        if (body.includes("$") || body.includes("`")) {
          const sub = new Parser(body, this.depth + 1, this.commands);
          sub.readDoubleQuoted(null, []);
        }
      }
    }
  }

  /**
   * One word, up to a blank, a newline or an operator; or, for the word inside `${NAME op WORD}`
   * (`braced`), the whole text, where a blank is where the result may split.
   */
  readWord(braced = false) {
    const src = this.src;
    const parts = [];
    let lit = "";
    const flushLit = () => {
      if (lit !== "") parts.push({ lit });
      lit = "";
    };
    while (this.i < src.length) {
      const c = src[this.i];
      if (braced && (BLANKS.has(c) || c === "\n")) {
        flushLit();
        parts.push({ unknown: true, split: true });
        this.i++;
        continue;
      }
      if (!braced && (BLANKS.has(c) || c === "\n" || SHELL_OPERATOR_CHARS.has(c))) break;
      if (c === "\\") {
        if (this.i + 1 >= src.length) {
          this.i++;
          break;
        }
        if (src[this.i + 1] !== "\n") lit += src[this.i + 1];
        this.i += 2;
        continue;
      }
      if (c === "'") {
        const close = src.indexOf("'", this.i + 1);
        if (close === -1) this.fail("an unterminated single quote");
        lit += src.slice(this.i + 1, close);
        this.i = close + 1;
        continue;
      }
      if (c === '"') {
        flushLit();
        this.i++;
        this.readDoubleQuoted('"', parts);
        continue;
      }
      if (c === "$") {
        flushLit();
        const ansi = this.readDollar(parts, false);
        if (ansi !== undefined) lit += ansi;
        continue;
      }
      if (c === "`") {
        flushLit();
        this.readBackticks();
        parts.push({ unknown: true, split: true });
        continue;
      }
      if (c === "{" && src[this.i + 1] === "}") {
        lit += "{}";
        this.i += 2;
        continue;
      }
      if (c === "*" || c === "?" || (c === "[" && this.closesBracket())) {
        flushLit();
        parts.push({ unknown: true, glob: true });
        this.i++;
        continue;
      }
      if (c === "{" && (lit !== "" || parts.length > 0 || this.wordContinues())) {
        // Brace expansion (`{apply,plan}`, `{1..3}`) may make several words.
        flushLit();
        parts.push({ unknown: true, split: true });
        this.i++;
        continue;
      }
      lit += c;
      this.i++;
    }
    flushLit();
    return parts;
  }

  /** True when the `[` at i has a `]` later in the same word (a pattern, not `[` or `[[`). */
  closesBracket() {
    const src = this.src;
    for (let k = this.i + 1; k < src.length; k++) {
      const c = src[k];
      if (c === "]") return true;
      if (BLANKS.has(c) || c === "\n" || SHELL_OPERATOR_CHARS.has(c)) return false;
    }
    return false;
  }

  /** True when the `{` at i is followed by more word (not a lone `{` keyword). */
  wordContinues() {
    const next = this.src[this.i + 1];
    return next !== undefined && !BLANKS.has(next) && next !== "\n";
  }

  /**
   * Inside double quotes (or a heredoc body when `terminator` is null): `\` escapes only
   * `$ \` " \\` and newline; expansions and backticks are quoted unknown parts.
   */
  readDoubleQuoted(terminator, parts) {
    const src = this.src;
    let lit = "";
    const flushLit = () => {
      if (lit !== "") parts.push({ lit });
      lit = "";
    };
    while (this.i < src.length) {
      const c = src[this.i];
      if (terminator !== null && c === terminator) {
        this.i++;
        flushLit();
        return;
      }
      if (c === "\\" && this.i + 1 < src.length) {
        const n = src[this.i + 1];
        if (n === "$" || n === "`" || n === '"' || n === "\\") lit += n;
        else if (n !== "\n") lit += `\\${n}`;
        this.i += 2;
        continue;
      }
      if (c === "$") {
        flushLit();
        this.readDollar(parts, true);
        continue;
      }
      if (c === "`") {
        flushLit();
        this.readBackticks();
        parts.push({ unknown: true });
        continue;
      }
      lit += c;
      this.i++;
    }
    if (terminator !== null) this.fail("an unterminated double quote");
    flushLit();
  }

  /** `$...` at i. Pushes the part it makes; returns the text of `$'...'` (a literal). */
  readDollar(parts, quoted) {
    const src = this.src;
    const n = src[this.i + 1];
    if (n === "(" && src[this.i + 2] === "(") {
      // Arithmetic: a number; a command substitution inside is not looked into, so refused.
      const close = this.matchArithmetic(this.i + 3);
      const body = src.slice(this.i + 3, close);
      if (body.includes("$(") || body.includes("`"))
        this.fail("a command substitution inside $((...))");
      this.i = close + 2;
      parts.push({ unknown: true, split: !quoted });
      return undefined;
    }
    if (n === "(") {
      this.i += 2;
      this.parseList(true);
      parts.push({ unknown: true, split: !quoted });
      return undefined;
    }
    if (n === "{") {
      this.readBraceParameter(parts, quoted);
      return undefined;
    }
    if (n === "'" && !quoted) {
      this.i += 2;
      return this.readAnsiC();
    }
    if (n === '"' && !quoted) {
      this.i += 2;
      this.readDoubleQuoted('"', parts);
      return undefined;
    }
    if (n !== undefined && NAME_START.test(n)) {
      this.i += 2;
      while (this.i < src.length && NAME_CHAR.test(src[this.i])) this.i++;
      parts.push({ unknown: true, split: !quoted });
      return undefined;
    }
    if (n !== undefined && (SPECIAL_PARAMS.has(n) || /[0-9]/.test(n))) {
      this.i += 2;
      parts.push({ unknown: true, split: !quoted || n === "@" });
      return undefined;
    }
    // A lone `$`.
    this.i++;
    parts.push({ lit: "$" });
    return undefined;
  }

  matchArithmetic(from) {
    const src = this.src;
    let depth = 0;
    for (let k = from; k < src.length; k++) {
      if (src[k] === "(") depth++;
      else if (src[k] === ")") {
        if (depth === 0) {
          if (src[k + 1] === ")") return k;
          this.fail("an unbalanced $((...))");
        }
        depth--;
      }
    }
    this.fail("an unclosed $((");
    return src.length;
  }

  /** `${...}`: the name, an operator, and a word whose substitutions run. */
  readBraceParameter(parts, quoted) {
    const src = this.src;
    const open = this.i + 2;
    // Find the matching `}`, minding quotes and nested ${ }, $( ), backticks.
    let k = open;
    let depth = 0;
    while (k < src.length) {
      const c = src[k];
      if (c === "\\") {
        k += 2;
        continue;
      }
      if (c === "'" && !quoted) {
        const close = src.indexOf("'", k + 1);
        if (close === -1) this.fail("an unterminated single quote");
        k = close + 1;
        continue;
      }
      if (c === "{") depth++;
      else if (c === "}") {
        if (depth === 0) break;
        depth--;
      }
      k++;
    }
    if (k >= src.length) this.fail("an unclosed ${");
    const body = src.slice(open, k);
    this.i = k + 1;
    const name = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])/.exec(
      body.startsWith("#") || body.startsWith("!") ? body.slice(1) : body,
    );
    const nameText = name ? name[0] : "";
    const afterName =
      body.startsWith("#") || body.startsWith("!")
        ? body.slice(1 + nameText.length)
        : body.slice(nameText.length);
    const array = /^\[[@*]\]/.test(afterName);
    const rest = afterName.replace(/^\[[^\]]*\]/, "");
    const op = /^(?::?[-+=?])/.exec(rest);
    const wordText = op ? rest.slice(op[0].length) : rest;
    let altShape;
    if (wordText !== "") {
      // The word of the operator (or the pattern of # % / ...): its substitutions run.
      const sub = new Parser(wordText, this.depth + 1, this.commands);
      const subParts = [];
      subParts.push(...sub.readWord(true));
      if (op?.[0].endsWith("+")) altShape = wordShape(subParts);
    }
    if (altShape !== undefined && !altShape.split && !array) {
      parts.push({ shape: altShape });
      return;
    }
    parts.push({ unknown: true, split: !quoted || array || nameText === "@" });
  }

  /** `` `...` ``: the text up to the closing backtick, unescaped, read as commands. */
  readBackticks() {
    const src = this.src;
    let k = this.i + 1;
    let inner = "";
    while (k < src.length && src[k] !== "`") {
      if (src[k] === "\\" && k + 1 < src.length) {
        const n = src[k + 1];
        inner += n === "`" || n === "\\" || n === "$" ? n : `\\${n}`;
        k += 2;
        continue;
      }
      inner += src[k];
      k++;
    }
    if (k >= src.length) this.fail("an unterminated backtick");
    this.i = k + 1;
    new Parser(inner, this.depth + 1, this.commands).parseList(false);
  }

  /** `$'...'` after the opening quote: bash's escapes. */
  readAnsiC() {
    const src = this.src;
    let out = "";
    while (this.i < src.length) {
      const c = src[this.i];
      if (c === "'") {
        this.i++;
        return out;
      }
      if (c !== "\\") {
        out += c;
        this.i++;
        continue;
      }
      const n = src[this.i + 1];
      if (n === undefined) break;
      if (ANSI_C_ESCAPES[n] !== undefined) {
        out += ANSI_C_ESCAPES[n];
        this.i += 2;
        continue;
      }
      const hex =
        /^(?:x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{1,4})|U([0-9A-Fa-f]{1,8})|([0-7]{1,3}))/.exec(
          src.slice(this.i + 1, this.i + 10),
        );
      if (hex) {
        const code = hex[1] ?? hex[2] ?? hex[3];
        const value = code !== undefined ? Number.parseInt(code, 16) : Number.parseInt(hex[4], 8);
        if (value > 0x10ffff) this.fail("an invalid escape in $'...'");
        out += String.fromCodePoint(value);
        this.i += 1 + hex[0].length;
        continue;
      }
      if (n === "c") this.fail("a \\c escape in $'...'");
      out += `\\${n}`;
      this.i += 2;
    }
    this.fail("an unterminated $'...'");
    return out;
  }
}

/** All simple commands of a shell text, at any depth. */
function simpleCommands(src, depth = 0, commands = []) {
  new Parser(src, depth, commands).parseList(false);
  return commands;
}

// ---------------------------------------------------------------------------------------------
// Simple commands: keywords, assignments and wrappers stripped, down to the command that runs.

const KEYWORDS_TO_STRIP = new Set([
  "!",
  "{",
  "}",
  "if",
  "then",
  "else",
  "elif",
  "fi",
  "do",
  "done",
  "while",
  "until",
  "coproc",
  "esac",
  "in",
]);
const KEYWORDS_NOT_COMMANDS = new Set(["for", "select", "case", "[[", "]]"]);
const SHELLS = new Set(["sh", "bash", "dash", "zsh", "ksh", "ash", "mksh", "yash", "busybox"]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=/;

function exactValue(word) {
  const shape = wordShape(word.parts);
  return shape.exact ? shape.prefix : undefined;
}

/** Options of a wrapper: which take a value (`-u NAME`), for the forms `-uNAME` too. */
const WRAPPERS = {
  timeout: { valued: ["-s", "--signal", "-k", "--kill-after"], operands: 1 },
  nice: { valued: ["-n", "--adjustment"], operands: 0, numericFlag: true },
  nohup: { valued: [], operands: 0 },
  setsid: { valued: [], operands: 0 },
  stdbuf: { valued: ["-i", "-o", "-e", "--input", "--output", "--error"], operands: 0 },
  time: { valued: ["-f", "--format", "-o", "--output"], operands: 0 },
  exec: { valued: ["-a"], operands: 0 },
  builtin: { valued: [], operands: 0 },
  ionice: {
    valued: ["-c", "--class", "-n", "--classdata", "-p", "--pid", "-P", "--pgid", "-u", "--uid"],
    operands: 0,
  },
  chrt: { valued: [], operands: 1 },
  sudo: {
    valued: [
      "-C",
      "--close-from",
      "-D",
      "--chdir",
      "-g",
      "--group",
      "-h",
      "--host",
      "-p",
      "--prompt",
      "-R",
      "--chroot",
      "-r",
      "--role",
      "-T",
      "--command-timeout",
      "-t",
      "--type",
      "-U",
      "--other-user",
      "-u",
      "--user",
    ],
    operands: 0,
    assignments: true,
  },
  doas: { valued: ["-u", "-C"], operands: 0 },
  env: {
    valued: ["-u", "--unset", "-C", "--chdir", "-S", "--split-string"],
    operands: 0,
    assignments: true,
  },
  command: { valued: [], operands: 0 },
  xargs: {
    valued: [
      "-a",
      "--arg-file",
      "-d",
      "--delimiter",
      "-E",
      "-I",
      "-L",
      "--max-lines",
      "-n",
      "--max-args",
      "-P",
      "--max-procs",
      "-s",
      "--max-chars",
      "--process-slot-var",
    ],
    operands: 0,
  },
};

/**
 * The command a simple command runs (and any it starts): a list of `{tool, args, raw}` where
 * `tool` is the base name and `args` the argument word shapes. Throws Unsafe.
 */
function resolveCommands(command, depth, out) {
  let words = command.words;
  let trailingWildcard = false;
  for (;;) {
    while (words.length > 0) {
      const first = exactValue(words[0]);
      if (first !== undefined && KEYWORDS_TO_STRIP.has(first)) {
        words = words.slice(1);
        continue;
      }
      if (first === "function") {
        words = words.slice(2);
        continue;
      }
      if (ASSIGNMENT.test(words[0].raw)) {
        words = words.slice(1);
        continue;
      }
      break;
    }
    if (words.length === 0) return;
    const name = exactValue(words[0]);
    if (name === undefined) {
      throw new Unsafe(
        `the command name ${JSON.stringify(words[0].raw)} is only known at run time`,
      );
    }
    if (KEYWORDS_NOT_COMMANDS.has(name)) return;
    const tool = name.slice(name.lastIndexOf("/") + 1);
    const args = words.slice(1);
    if (tool === "") throw new Unsafe(`the command name ${JSON.stringify(name)} is a folder`);

    if (SHELLS.has(tool)) {
      let k = 0;
      let runsString = false;
      if (tool === "busybox") {
        const applet = args[0] ? exactValue(args[0]) : undefined;
        if (applet === undefined) throw new Unsafe("busybox with an unknown applet");
        if (!SHELLS.has(applet) || applet === "busybox") {
          words = args;
          continue;
        }
        k = 1;
      }
      let reads = "stdin";
      for (; k < args.length; k++) {
        const value = exactValue(args[k]);
        if (value === undefined) throw new Unsafe(`${tool} with an option known only at run time`);
        if (value === "--") {
          k++;
          break;
        }
        if (
          /^[-+]o$/.test(value) ||
          value === "-O" ||
          value === "+O" ||
          value === "--rcfile" ||
          value === "--init-file"
        ) {
          k++;
          continue;
        }
        if (/^[-+][A-Za-z]+$/.test(value)) {
          if (value.startsWith("-") && value.includes("c")) runsString = true;
          if (value.startsWith("-") && value.includes("s")) reads = "stdin-forced";
          continue;
        }
        if (value.startsWith("--")) continue;
        break;
      }
      if (runsString) {
        if (k >= args.length) throw new Unsafe(`${tool} -c without a command`);
        const script = exactValue(args[k]);
        if (script === undefined) {
          throw new Unsafe(`${tool} -c runs a command known only at run time`);
        }
        for (const inner of simpleCommands(script, depth + 1))
          resolveCommands(inner, depth + 1, out);
        return;
      }
      if (k < args.length && reads !== "stdin-forced") return; // runs a script file
      throw new Unsafe(`${tool} reads its commands from standard input`);
    }
    if (tool === "eval") {
      const texts = args.map(exactValue);
      if (texts.some((text) => text === undefined))
        throw new Unsafe("eval of text known only at run time");
      for (const inner of simpleCommands(texts.join(" "), depth + 1))
        resolveCommands(inner, depth + 1, out);
      return;
    }
    const wrapper = WRAPPERS[tool];
    if (wrapper !== undefined) {
      let k = 0;
      let operands = wrapper.operands;
      let lookup = false;
      let split;
      while (k < args.length) {
        const value = exactValue(args[k]);
        if (value === undefined) {
          if (operands > 0) {
            operands--;
            k++;
            continue;
          }
          break;
        }
        if (value === "--") {
          k++;
          break;
        }
        if (value.startsWith("-") && value.length > 1) {
          if (tool === "command" && /^-[pvV]+$/.test(value) && /[vV]/.test(value)) lookup = true;
          if (tool === "env" && (value === "-S" || value === "--split-string")) {
            split = args[k + 1];
          } else if (
            tool === "env" &&
            (value.startsWith("-S") || value.startsWith("--split-string="))
          ) {
            split = {
              parts: [{ lit: value.startsWith("-S") ? value.slice(2) : value.slice(15) }],
              raw: value,
            };
          }
          const eq = value.indexOf("=");
          const flag = value.startsWith("--") && eq !== -1 ? value.slice(0, eq) : value;
          if (wrapper.valued.includes(flag) && !(value.startsWith("--") && eq !== -1)) k++;
          k++;
          continue;
        }
        if (wrapper.assignments && ASSIGNMENT.test(value)) {
          k++;
          continue;
        }
        if (operands > 0) {
          operands--;
          k++;
          continue;
        }
        break;
      }
      if (lookup) return;
      if (split !== undefined) {
        const text = exactValue(split);
        if (text === undefined) throw new Unsafe("env -S with a command known only at run time");
        const inner = simpleCommands(text, depth + 1);
        if (inner.length !== 1) throw new Unsafe("env -S with more than one command");
        words = [...inner[0].words, ...args.slice(k)];
        continue;
      }
      if (tool === "xargs") trailingWildcard = true;
      words = args.slice(k);
      if (words.length === 0) return;
      continue;
    }
    out.push({ tool, args, raw: command.raw, trailingWildcard });
    if (tool === "find") {
      for (let k = 0; k < args.length; k++) {
        const value = exactValue(args[k]);
        if (value === "-exec" || value === "-execdir" || value === "-ok" || value === "-okdir") {
          let end = k + 1;
          while (
            end < args.length &&
            exactValue(args[end]) !== ";" &&
            exactValue(args[end]) !== "+"
          )
            end++;
          resolveCommands({ words: args.slice(k + 1, end), raw: command.raw }, depth + 1, out);
          k = end;
        }
      }
    }
    return;
  }
}

// ---------------------------------------------------------------------------------------------
// Matching: the same tool, and the listed command's other words among the arguments in order.

/**
 * Whether a command runs the forbidden `pattern` (its words). A word known only at run time
 * may stand for any listed word when it is where a subcommand goes (the first argument that is
 * not an option), and an unquoted expansion may stand for any number of them.
 */
function runsForbidden(resolved, pattern) {
  if (resolved.tool !== pattern[0]) return false;
  let next = 1;
  let operandSeen = false;
  for (const arg of resolved.args) {
    if (next >= pattern.length) break;
    const shape = wordShape(arg.parts);
    if (shape.exact) {
      if (shape.prefix === pattern[next]) next++;
      if (!shape.prefix.startsWith("-")) operandSeen = true;
      continue;
    }
    if (shape.split && !shape.glob) return true;
    const optionLike = shape.prefix.startsWith("-");
    const fits = pattern[next].startsWith(shape.prefix);
    if (shape.glob && fits) {
      next++;
    } else if (!optionLike && !operandSeen && fits) {
      next++;
    }
    if (!optionLike) operandSeen = true;
  }
  if (next < pattern.length && resolved.trailingWildcard) return true;
  return next >= pattern.length;
}

// ---------------------------------------------------------------------------------------------
// The forbidden list and the decision.

/** `{ "<skill>": ["terraform apply", ["kubectl", "delete"]] }` → `[{ words, skills }]`. */
function readForbidden(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Unsafe(`the forbidden list is not JSON (${error.message})`);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new Unsafe("the forbidden list is not an object of skills");
  }
  const byKey = new Map();
  for (const [skill, entries] of Object.entries(data)) {
    if (!Array.isArray(entries)) throw new Unsafe(`the forbidden list of ${skill} is not an array`);
    for (const entry of entries) {
      const words =
        typeof entry === "string"
          ? entry.split(/\s+/).filter((word) => word !== "")
          : Array.isArray(entry) && entry.every((word) => typeof word === "string" && word !== "")
            ? entry
            : undefined;
      if (words === undefined || words.length === 0 || words[0].includes("/")) {
        throw new Unsafe(`the forbidden list of ${skill} holds an entry that is not a command`);
      }
      const key = words.join(" ");
      const known = byKey.get(key);
      if (known) known.skills.push(skill);
      else byKey.set(key, { words, skills: [skill] });
    }
  }
  return [...byKey.values()];
}

function clip(text, max = 200) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

/**
 * The guard's decision for one shell command: `undefined` to let it run, or the reason to deny.
 */
function decideCommand(command, forbidden) {
  if (typeof command !== "string") return "the call has no command to check";
  if (command.length > MAX_COMMAND_CHARS) {
    return `the read-only guard cannot check a command of ${command.length} characters (limit ${MAX_COMMAND_CHARS})`;
  }
  try {
    const resolved = [];
    for (const simple of simpleCommands(command)) resolveCommands(simple, 0, resolved);
    for (const run of resolved) {
      for (const rule of forbidden) {
        if (runsForbidden(run, rule.words)) {
          return `the read-only guard blocks \`${rule.words.join(" ")}\` (forbidden by ${rule.skills.join(", ")}): \`${clip(run.raw)}\``;
        }
      }
    }
    return undefined;
  } catch (error) {
    if (error instanceof Unsafe) {
      return `the read-only guard cannot check this command safely: ${error.message}`;
    }
    throw error;
  }
}

/** The decision for the hook's stdin text: `undefined` (allow) or the reason to deny. */
function decideInput(text, forbiddenText) {
  let input;
  try {
    input = JSON.parse(text);
  } catch {
    return "the read-only guard got hook input that is not JSON";
  }
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return "the read-only guard got hook input that is not a JSON object";
  }
  if (typeof input.tool_name === "string" && input.tool_name !== "Bash") return undefined;
  const command = input.tool_input?.command;
  if (typeof command !== "string") return "the read-only guard got a shell call without a command";
  let forbidden;
  try {
    forbidden = readForbidden(forbiddenText);
  } catch (error) {
    if (error instanceof Unsafe) return `the read-only guard cannot run: ${error.message}`;
    throw error;
  }
  return decideCommand(command, forbidden);
}

function denyOutput(reason) {
  return `${JSON.stringify({
    hookSpecificOutput: {
      hookEventName: "PreToolUse",
      permissionDecision: "deny",
      permissionDecisionReason: reason,
    },
  })}\n`;
}

async function main() {
  const chunks = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of process.stdin) {
    size += chunk.length;
    if (size > MAX_INPUT_BYTES) {
      tooLarge = true;
      break;
    }
    chunks.push(chunk);
  }
  let reason;
  if (tooLarge) {
    reason = `the read-only guard got more than ${MAX_INPUT_BYTES} bytes of hook input`;
  } else {
    let forbiddenText;
    try {
      forbiddenText = readFileSync(join(__dirname, "forbidden.json"), "utf8");
    } catch (error) {
      forbiddenText = undefined;
      reason = `the read-only guard cannot read its forbidden list (${error.code ?? error.message})`;
    }
    if (forbiddenText !== undefined) {
      try {
        reason = decideInput(Buffer.concat(chunks).toString("utf8"), forbiddenText);
      } catch (error) {
        reason = `the read-only guard failed: ${error.message}`;
      }
    }
  }
  if (reason !== undefined) process.stdout.write(denyOutput(reason));
  process.exitCode = 0;
  if (tooLarge) process.exit(0);
}

module.exports = {
  simpleCommands,
  resolveCommands,
  runsForbidden,
  readForbidden,
  decideCommand,
  decideInput,
  denyOutput,
};

if (require.main === module) {
  main().catch((error) => {
    // Whatever went wrong, deny: a guard that fails must not let the call run.
    process.stdout.write(denyOutput(`the read-only guard failed: ${error?.message ?? error}`));
    process.exitCode = 0;
  });
}
