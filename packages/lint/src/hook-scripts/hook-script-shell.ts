/**
 * Reads a POSIX shell / bash hook script (or an inline hook command) into steps: what it
 * prints with `echo`, `printf`, `cat <<EOF` and `jq -n`, where redirections send it, its
 * exits, and the branches between them. A small parser of the shell grammar (lists, `&&`/`||`,
 * pipes, `if`/`case`/loops/groups/subshells, functions, heredocs, quoting); anything it cannot
 * see — another program's output, a value built at run time — becomes a placeholder.
 */
import {
  type ExitCode,
  type Piece,
  PLACEHOLDER,
  type ReaderResult,
  type Step,
  type Stream,
  type Unreadable,
} from "./hook-script-steps.js";

// ------------------------------------------------------------------------------------------
// Lexer

type Part = { k: "lit"; s: string } | { k: "var"; name: string } | { k: "subst" };

interface Word {
  t: "word";
  parts: Part[];
  /** The word as written. */
  raw: string;
  /** Any quoting in it (a quoted word is never a reserved word). */
  quoted: boolean;
  line: number;
}
interface Op {
  t: "op";
  v: string;
  line: number;
}
interface Redir {
  t: "redir";
  v: string;
  fd: number | undefined;
  line: number;
  heredoc?: { parts: Part[]; delimiter: string };
}
type Token = Word | Op | Redir;

const METACHARS = new Set([";", "&", "|", "(", ")", "<", ">"]);
const isSpace = (c: string | undefined) => c === " " || c === "\t";

interface PendingHeredoc {
  redir: Redir;
  delimiter: string;
  expand: boolean;
  stripTabs: boolean;
}

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const pending: PendingHeredoc[] = [];
  let expectDelimiter: { redir: Redir; stripTabs: boolean } | undefined;

  const readHeredocs = () => {
    for (const doc of pending.splice(0)) {
      const body: string[] = [];
      for (;;) {
        if (i >= text.length) break;
        let end = text.indexOf("\n", i);
        if (end === -1) end = text.length;
        let content = text.slice(i, end);
        i = end + 1;
        line++;
        if (doc.stripTabs) content = content.replace(/^\t+/, "");
        if (content === doc.delimiter) break;
        body.push(content);
      }
      const joined = body.length > 0 ? `${body.join("\n")}\n` : "";
      doc.redir.heredoc = {
        delimiter: doc.delimiter,
        parts: doc.expand ? expandDoubleQuoted(joined, true) : [{ k: "lit", s: joined }],
      };
    }
  };

  while (i < text.length) {
    const c = text[i] as string;
    if (isSpace(c) || c === "\r") {
      i++;
      continue;
    }
    if (c === "\\" && text[i + 1] === "\n") {
      i += 2;
      line++;
      continue;
    }
    if (c === "\n") {
      tokens.push({ t: "op", v: "\n", line });
      i++;
      line++;
      if (pending.length > 0) readHeredocs();
      continue;
    }
    if (c === "#") {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    // Redirections, with an optional fd number: 2>&1, 1>&2, >>, <<-, &>, <<<
    const redir = /^(\d*)(<<<|<<-|<<|>>|>&|<&|>\||<>|>|<)|^(&>>|&>)/.exec(text.slice(i, i + 8));
    if (redir && (redir[0].length > (redir[1]?.length ?? 0) || redir[3])) {
      const v = redir[3] ?? (redir[2] as string);
      const fd = redir[1] ? Number(redir[1]) : undefined;
      const token: Redir = { t: "redir", v, fd, line };
      tokens.push(token);
      i += redir[0].length;
      if (v === "<<" || v === "<<-") expectDelimiter = { redir: token, stripTabs: v === "<<-" };
      continue;
    }
    if (c === "&" || c === "|" || c === ";") {
      const two = text.slice(i, i + 2);
      if (two === "&&" || two === "||" || two === ";;") {
        tokens.push({ t: "op", v: two, line });
        i += 2;
      } else {
        tokens.push({ t: "op", v: c, line });
        i++;
      }
      continue;
    }
    if (c === "(" || c === ")") {
      // `((...))` arithmetic command: one opaque word.
      if (c === "(" && text[i + 1] === "(") {
        const end = text.indexOf("))", i + 2);
        const stop = end === -1 ? text.length : end + 2;
        tokens.push(opaque(text.slice(i, stop), line));
        line += countNewlines(text, i, stop);
        i = stop;
        continue;
      }
      tokens.push({ t: "op", v: c, line });
      i++;
      continue;
    }
    // A word.
    const startLine = line;
    const start = i;
    const parts: Part[] = [];
    let quoted = false;
    const lit = (s: string) => {
      const last = parts[parts.length - 1];
      if (last?.k === "lit") last.s += s;
      else parts.push({ k: "lit", s });
    };
    while (i < text.length) {
      const ch = text[i] as string;
      if (isSpace(ch) || ch === "\n" || ch === "\r" || METACHARS.has(ch)) break;
      if (ch === "\\") {
        if (text[i + 1] === "\n") {
          i += 2;
          line++;
          continue;
        }
        lit(text[i + 1] ?? "");
        quoted = true;
        i += 2;
        continue;
      }
      if (ch === "'") {
        const end = text.indexOf("'", i + 1);
        const stop = end === -1 ? text.length : end;
        lit(text.slice(i + 1, stop));
        line += countNewlines(text, i, stop);
        quoted = true;
        i = stop + 1;
        continue;
      }
      if (ch === "$" && text[i + 1] === "'") {
        // bash ANSI-C quoting
        let j = i + 2;
        while (j < text.length && text[j] !== "'") j += text[j] === "\\" ? 2 : 1;
        lit(ansiC(text.slice(i + 2, j)));
        line += countNewlines(text, i, j);
        quoted = true;
        i = j + 1;
        continue;
      }
      if (ch === '"' || (ch === "$" && text[i + 1] === '"')) {
        const open = ch === '"' ? i : i + 1;
        const end = closingDoubleQuote(text, open + 1);
        for (const part of expandDoubleQuoted(text.slice(open + 1, end), false))
          part.k === "lit" ? lit(part.s) : parts.push(part);
        line += countNewlines(text, i, end);
        quoted = true;
        i = end + 1;
        continue;
      }
      if (ch === "$" || ch === "`") {
        const [part, next] = readExpansion(text, i);
        part.k === "lit" ? lit(part.s) : parts.push(part);
        line += countNewlines(text, i, next);
        i = next;
        continue;
      }
      lit(ch);
      i++;
    }
    if (text[i] === "(" && /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=$/.test(text.slice(start, i))) {
      // A bash array assignment, `name=(a b c)`: its value is opaque.
      let depth = 0;
      let j = i;
      while (j < text.length) {
        const ch = text[j];
        if (ch === "\\") j += 2;
        else if (ch === "'") {
          const end = text.indexOf("'", j + 1);
          j = end === -1 ? text.length : end + 1;
        } else if (ch === '"') j = closingDoubleQuote(text, j + 1) + 1;
        else {
          if (ch === "(") depth++;
          if (ch === ")" && --depth === 0) {
            j++;
            break;
          }
          j++;
        }
      }
      line += countNewlines(text, i, j);
      i = Math.min(j, text.length);
      parts.push({ k: "subst" });
    }
    const raw = text.slice(start, i);
    if (raw === "[[") {
      // `[[ ... ]]` may hold `<`, `>`, `&&`: one opaque word up to `]]`.
      const end = text.indexOf("]]", i);
      const stop = end === -1 ? text.length : end + 2;
      tokens.push(opaque(text.slice(start, stop), startLine));
      line += countNewlines(text, i, stop);
      i = stop;
      continue;
    }
    const word: Word = { t: "word", parts, raw, quoted, line: startLine };
    if (expectDelimiter) {
      pending.push({
        redir: expectDelimiter.redir,
        delimiter: parts.map((p) => (p.k === "lit" ? p.s : "")).join(""),
        expand: !quoted,
        stripTabs: expectDelimiter.stripTabs,
      });
      expectDelimiter = undefined;
      continue;
    }
    tokens.push(word);
  }
  return tokens;
}

function opaque(raw: string, line: number): Word {
  return { t: "word", parts: [{ k: "subst" }], raw, quoted: true, line };
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to && k < text.length; k++) if (text[k] === "\n") n++;
  return n;
}

function closingDoubleQuote(text: string, from: number): number {
  let j = from;
  while (j < text.length) {
    const ch = text[j];
    if (ch === "\\") j += 2;
    else if (ch === '"') return j;
    else if (ch === "$" && (text[j + 1] === "(" || text[j + 1] === "{"))
      j = readExpansion(text, j)[1];
    else if (ch === "`") j = readExpansion(text, j)[1];
    else j++;
  }
  return text.length;
}

/** `$name`, `${...}`, `$(...)`, `$((...))`, `` `...` ``: the part and the index after it. */
function readExpansion(text: string, at: number): [Part, number] {
  if (text[at] === "`") {
    let j = at + 1;
    while (j < text.length && text[j] !== "`") j += text[j] === "\\" ? 2 : 1;
    return [{ k: "subst" }, Math.min(j + 1, text.length)];
  }
  const next = text[at + 1];
  if (next === "(") {
    // Balanced parentheses, skipping quoted text.
    let depth = 0;
    let j = at + 1;
    while (j < text.length) {
      const ch = text[j];
      if (ch === "\\") j += 2;
      else if (ch === "'") {
        const end = text.indexOf("'", j + 1);
        j = end === -1 ? text.length : end + 1;
      } else if (ch === '"') j = closingDoubleQuote(text, j + 1) + 1;
      else {
        if (ch === "(") depth++;
        if (ch === ")") {
          depth--;
          if (depth === 0) return [{ k: "subst" }, j + 1];
        }
        j++;
      }
    }
    return [{ k: "subst" }, text.length];
  }
  if (next === "{") {
    const end = text.indexOf("}", at + 2);
    const stop = end === -1 ? text.length : end + 1;
    const inner = text.slice(at + 2, stop - 1);
    return [
      /^[A-Za-z_][A-Za-z0-9_]*$/.test(inner) ? { k: "var", name: inner } : { k: "subst" },
      stop,
    ];
  }
  const name = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(text.slice(at + 1, at + 65));
  if (!name) return [{ k: "lit", s: "$" }, at + 1];
  const value = name[0];
  return [
    /^[A-Za-z_]/.test(value) ? { k: "var", name: value } : { k: "subst" },
    at + 1 + value.length,
  ];
}

/** The parts of double-quoted text (or an unquoted-delimiter heredoc body). */
function expandDoubleQuoted(body: string, heredoc: boolean): Part[] {
  const parts: Part[] = [];
  const lit = (s: string) => {
    const last = parts[parts.length - 1];
    if (last?.k === "lit") last.s += s;
    else parts.push({ k: "lit", s });
  };
  let j = 0;
  while (j < body.length) {
    const ch = body[j] as string;
    if (ch === "\\") {
      const e = body[j + 1];
      if (e === "$" || e === "`" || e === "\\" || (!heredoc && e === '"')) {
        lit(e);
        j += 2;
      } else if (e === "\n") j += 2;
      else {
        lit("\\");
        j++;
      }
      continue;
    }
    if (ch === "$" || ch === "`") {
      const [part, next] = readExpansion(body, j);
      part.k === "lit" ? lit(part.s) : parts.push(part);
      j = next;
      continue;
    }
    lit(ch);
    j++;
  }
  return parts;
}

function ansiC(body: string): string {
  return decodeBytes(
    body.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_m, e: string) => backslash(e)),
  );
}

function backslash(e: string): string {
  const simple: Record<string, string> = {
    n: "\n",
    t: "\t",
    r: "\r",
    a: "\u0007",
    b: "\b",
    f: "\f",
    v: "\v",
    e: "\u001b",
    "\\": "\\",
    "'": "'",
    '"': '"',
  };
  if (e in simple) return simple[e] as string;
  if (/^x[0-9a-fA-F]+$/.test(e)) return byte(Number.parseInt(e.slice(1), 16));
  if (/^[0-7]+$/.test(e)) return byte(Number.parseInt(e, 8) & 0xff);
  return `\\${e}`;
}

/** A raw byte from an escape (`\\357`), held in a private-use character until decoded. */
const BYTE_BASE = 0xf700;
function byte(value: number): string {
  return String.fromCharCode(BYTE_BASE + value);
}

/** Text with raw bytes, decoded as UTF-8 the way Codex reads hook output (lossy). */
function decodeBytes(text: string): string {
  if (!/[\uf700-\uf7ff]/.test(text)) return text;
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code >= BYTE_BASE && code <= BYTE_BASE + 0xff) bytes.push(code - BYTE_BASE);
    else bytes.push(...new TextEncoder().encode(char));
  }
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array(bytes));
}

// ------------------------------------------------------------------------------------------
// Parser: tokens → steps

const RESERVED = new Set([
  "if",
  "then",
  "elif",
  "else",
  "fi",
  "do",
  "done",
  "case",
  "esac",
  "while",
  "until",
  "for",
  "in",
  "{",
  "}",
  "!",
  "function",
  "select",
]);

/** Commands that print nothing on stdout or stderr in the ordinary case. */
const SILENT = new Set([
  "continue",
  "break",
  "test",
  "[",
  "[[",
  "true",
  "false",
  ":",
  "read",
  "cd",
  "set",
  "shopt",
  "export",
  "local",
  "declare",
  "typeset",
  "readonly",
  "unset",
  "shift",
  "trap",
  "umask",
  "wait",
  "mkdir",
  "touch",
  "rm",
  "rmdir",
  "cp",
  "mv",
  "chmod",
  "ln",
  "getopts",
  "let",
  "logger",
  "hash",
  "ulimit",
  "alias",
]);

interface Scope {
  vars: Map<string, string | undefined>;
  functions: Set<string>;
}

export function readShellScript(text: string, dialect: "sh" | "bash"): ReaderResult {
  const tokens = lex(text);
  const functionNames = new Set<string>();
  for (const match of text.matchAll(/^[ \t]*(?:function[ \t]+)?([A-Za-z_][\w-]*)[ \t]*\(\)/gm))
    functionNames.add(match[1] as string);
  for (const match of text.matchAll(/^[ \t]*function[ \t]+([A-Za-z_][\w-]*)/gm))
    functionNames.add(match[1] as string);
  const parser = new ShellParser(tokens, dialect, { vars: new Map(), functions: functionNames });
  const steps = parser.parseProgram();
  return { steps, functions: parser.functions, unreadable: parser.unreadable };
}

class ShellParser {
  private at = 0;
  readonly functions = new Map<string, Step[]>();
  readonly unreadable: Unreadable[] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly dialect: "sh" | "bash",
    private readonly scope: Scope,
  ) {}

  parseProgram(): Step[] {
    const steps = this.parseList(new Set(), new Set());
    // Anything left (an unmatched `fi`, a stray `)`): skip it and go on.
    while (this.at < this.tokens.length) {
      this.at++;
      for (const step of this.parseList(new Set(), new Set())) steps.push(step);
    }
    return steps;
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private isWord(token: Token | undefined, value?: string): token is Word {
    return token?.t === "word" && (value === undefined || (!token.quoted && token.raw === value));
  }

  private isOp(token: Token | undefined, value: string): boolean {
    return token?.t === "op" && token.v === value;
  }

  private skipNewlines() {
    while (this.isOp(this.peek(), "\n") || this.isOp(this.peek(), ";")) this.at++;
  }

  private note(line: number, reason: string) {
    if (!this.unreadable.some((u) => u.line === line && u.reason === reason))
      this.unreadable.push({ line, reason });
  }

  /** and_or lists separated by `;`, `&` or newlines, up to a stop word or operator. */
  private parseList(stopWords: Set<string>, stopOps: Set<string>): Step[] {
    const steps: Step[] = [];
    for (;;) {
      this.skipNewlines();
      const token = this.peek();
      if (!token) break;
      if (token.t === "op" && (stopOps.has(token.v) || token.v === ")")) break;
      if (token.t === "word" && !token.quoted && stopWords.has(token.raw)) break;
      if (token.t === "op" && (token.v === "&&" || token.v === "||" || token.v === "|")) {
        this.at++;
        continue;
      }
      const before = this.at;
      const andOr = this.parseAndOr();
      if (this.isOp(this.peek(), "&")) {
        this.at++;
        for (const step of this.background(andOr)) steps.push(step);
      } else for (const step of andOr) steps.push(step);
      if (this.at === before) this.at++;
    }
    return steps;
  }

  private background(steps: Step[]): Step[] {
    // A backgrounded `sleep N` (or a program meant to outlive the hook) keeps the hook's
    // stdout and stderr open unless they are redirected away.
    const out: Step[] = [];
    for (const step of steps) {
      if (step.kind === "sleep") {
        if (!step.quiet) out.push({ kind: "hold", seconds: step.seconds, line: step.line });
      } else if (step.kind === "hold") out.push(step);
      else if (step.kind === "print") out.push(step);
    }
    out.push({ kind: "status", code: 0 });
    return out;
  }

  private parseAndOr(): Step[] {
    const steps = this.parsePipeline();
    for (;;) {
      const token = this.peek();
      if (!(this.isOp(token, "&&") || this.isOp(token, "||"))) break;
      this.at++;
      while (this.isOp(this.peek(), "\n")) this.at++;
      const rest = this.parsePipeline();
      steps.push({
        kind: "cond",
        on: (token as Op).v === "&&" ? "zero" : "nonzero",
        yes: rest,
        line: (token as Op).line,
      });
    }
    return steps;
  }

  private parsePipeline(): Step[] {
    let negate = false;
    if (this.isWord(this.peek(), "!")) {
      negate = true;
      this.at++;
    }
    const commands: Step[][] = [this.parseCommand()];
    const sources: (SimpleInfo | undefined)[] = [this.lastSimple];
    while (this.isOp(this.peek(), "|")) {
      this.at++;
      while (this.isOp(this.peek(), "\n")) this.at++;
      commands.push(this.parseCommand());
      sources.push(this.lastSimple);
    }
    let steps: Step[];
    if (commands.length === 1) steps = commands[0] as Step[];
    else steps = this.pipeline(commands, sources);
    if (negate) steps.push({ kind: "negate" });
    return steps;
  }

  /** A pipeline's output: the last command's stdout, every command's stderr. */
  private pipeline(commands: Step[][], sources: (SimpleInfo | undefined)[]): Step[] {
    const steps: Step[] = [];
    let carried: Piece[] = [];
    commands.forEach((command, index) => {
      const last = index === commands.length - 1;
      const info = sources[index];
      const stdout: Piece[] = [];
      const rest: Step[] = [];
      for (const step of command) {
        if (step.kind === "print") {
          const err = step.pieces.filter((p) => p.stream === "stderr");
          for (const piece of step.pieces) if (piece.stream === "stdout") stdout.push(piece);
          if (err.length > 0) rest.push({ kind: "print", pieces: err, line: step.line });
        } else rest.push(step);
      }
      let produced = stdout;
      let special: Piece[] | undefined;
      if (index > 0 && info) {
        if (info.name === "tee" && info.args.some((a) => /^\/dev\/(stderr|fd\/2)$/.test(a)))
          special = [...carried, ...carried.map((p) => ({ ...p, stream: "stderr" as Stream }))];
        else if (info.name === "cat" && info.args.length === 0) special = carried;
        else if (info.name === "jq" && carried.length > 0)
          special = jqReformat(carried, info.args, info.line);
      }
      if (special) {
        // The command passes its input on as we know it: none of its own unknown output.
        produced = special.filter((p) => p.stream === "stdout");
        const err = special.filter((p) => p.stream === "stderr");
        if (err.length > 0) steps.push({ kind: "print", pieces: err, line: info?.line ?? 1 });
        steps.push({ kind: "status", code: 0 });
      } else for (const step of rest) steps.push(step);
      if (last && produced.length > 0)
        steps.push({ kind: "print", pieces: produced, line: produced[0]?.line ?? 1 });
      carried = produced;
    });
    return steps;
  }

  private lastSimple: SimpleInfo | undefined;

  private parseCommand(): Step[] {
    this.lastSimple = undefined;
    const token = this.peek();
    if (!token) return [];
    if (this.isOp(token, "(")) {
      this.at++;
      const body = this.parseList(new Set(), new Set([")"]));
      if (this.isOp(this.peek(), ")")) this.at++;
      return this.withRedirects([{ kind: "group", steps: body, subshell: true }]);
    }
    if (token.t === "word" && !token.quoted) {
      switch (token.raw) {
        case "{": {
          this.at++;
          const body = this.parseList(new Set(["}"]), new Set());
          if (this.isWord(this.peek(), "}")) this.at++;
          return this.withRedirects([{ kind: "group", steps: body }]);
        }
        case "if":
          return this.withRedirects(this.parseIf());
        case "while":
        case "until":
          return this.withRedirects(this.parseLoop());
        case "for":
        case "select":
          return this.withRedirects(this.parseFor());
        case "case":
          return this.withRedirects(this.parseCase());
        case "function":
          return this.parseFunction(true);
      }
      // name() compound
      if (
        this.isOp(this.tokens[this.at + 1], "(") &&
        this.isOp(this.tokens[this.at + 2], ")") &&
        /^[A-Za-z_][\w-]*$/.test(token.raw)
      )
        return this.parseFunction(false);
    }
    return this.parseSimple();
  }

  private parseFunction(keyword: boolean): Step[] {
    if (keyword) this.at++;
    const name = this.peek() as Word;
    this.at++;
    if (this.isOp(this.peek(), "(") && this.isOp(this.tokens[this.at + 1], ")")) this.at += 2;
    this.skipNewlines();
    const body = this.parseCommand();
    if (name?.t === "word") this.functions.set(name.raw, body);
    return [{ kind: "status", code: 0 }];
  }

  private expectWord(value: string) {
    this.skipNewlines();
    if (this.isWord(this.peek(), value)) this.at++;
  }

  private parseIf(): Step[] {
    const line = (this.peek() as Word).line;
    this.at++; // if
    const condition = this.parseList(new Set(["then"]), new Set());
    this.expectWord("then");
    const then = this.parseList(new Set(["elif", "else", "fi"]), new Set());
    let otherwise: Step[] | undefined;
    const next = this.peek();
    if (this.isWord(next, "elif")) otherwise = this.parseIf();
    else if (this.isWord(next, "else")) {
      this.at++;
      otherwise = this.parseList(new Set(["fi"]), new Set());
      this.expectWord("fi");
    } else this.expectWord("fi");
    return [
      ...condition,
      {
        kind: "cond",
        on: "zero",
        yes: then,
        ...(otherwise ? { no: otherwise } : {}),
        resetOnSkip: true,
        line,
      },
    ];
  }

  /**
   * A loop runs its body once here: the paths that skip it are rarely the ones that matter, and
   * they would hide the output the body writes before an exit.
   */
  private parseLoop(): Step[] {
    this.at++;
    const condition = this.parseList(new Set(["do"]), new Set());
    this.expectWord("do");
    const body = this.parseList(new Set(["done"]), new Set());
    this.expectWord("done");
    return [...condition, ...body, { kind: "status", code: 0 }];
  }

  private parseFor(): Step[] {
    this.at++; // for
    this.at++; // name
    // `in words`, up to the separator before `do`
    while (this.peek() && !this.isWord(this.peek(), "do")) this.at++;
    this.expectWord("do");
    const body = this.parseList(new Set(["done"]), new Set());
    this.expectWord("done");
    return [...body, { kind: "status", code: 0 }];
  }

  private parseCase(): Step[] {
    const line = (this.peek() as Word).line;
    this.at++; // case
    this.at++; // word
    this.expectWord("in");
    const arms: Step[][] = [];
    let catchAll = false;
    for (;;) {
      this.skipNewlines();
      const token = this.peek();
      if (!token || this.isWord(token, "esac")) break;
      if (this.isOp(token, "(")) this.at++;
      // patterns up to `)`
      const patterns: string[] = [];
      while (this.peek() && !this.isOp(this.peek(), ")")) {
        const t = this.peek() as Token;
        if (t.t === "word") patterns.push(t.raw);
        this.at++;
      }
      if (this.isOp(this.peek(), ")")) this.at++;
      if (patterns.includes("*")) catchAll = true;
      arms.push(this.parseList(new Set(["esac"]), new Set([";;"])));
      if (this.isOp(this.peek(), ";;")) this.at++;
    }
    this.expectWord("esac");
    if (!catchAll) arms.push([{ kind: "status", code: 0 }]);
    return [{ kind: "branch", arms, line }];
  }

  private readRedirects(): Redir[] {
    const redirs: Redir[] = [];
    while (this.peek()?.t === "redir") {
      const redir = this.peek() as Redir;
      this.at++;
      redirs.push(redir);
      if (redir.v !== "<<" && redir.v !== "<<-" && this.peek()?.t === "word") {
        (redir as Redir & { target?: Word }).target = this.peek() as Word;
        this.at++;
      }
    }
    return redirs;
  }

  /** Redirections after a compound command apply to all of it. */
  private withRedirects(steps: Step[]): Step[] {
    const redirs = this.readRedirects();
    if (redirs.length === 0) return steps;
    const targets = this.targets(redirs);
    if (targets.stdout === "stdout" && targets.stderr === "stderr") return steps;
    return [
      {
        kind: "group",
        steps: steps.map((s) => mapStreams(s, targets)),
        ...(targets.stdout !== "stdout" ? { stdoutTo: targets.stdout } : {}),
      },
    ];
  }

  private targets(redirs: Redir[]): Targets {
    const targets: Targets = { stdout: "stdout", stderr: "stderr" };
    for (const redir of redirs) {
      const target = (redir as Redir & { target?: Word }).target;
      const value = target ? this.wordValue(target).text : "";
      const file = (): Stream | "null" =>
        /^\/dev\/(stderr|fd\/2)$/.test(value)
          ? "stderr"
          : /^\/dev\/(stdout|fd\/1)$/.test(value)
            ? "stdout"
            : "null";
      switch (redir.v) {
        case ">":
        case ">>":
        case ">|":
          if ((redir.fd ?? 1) === 1) targets.stdout = file();
          else if (redir.fd === 2) targets.stderr = file();
          break;
        case ">&":
          if (/^\d+$/.test(value)) {
            const from = value === "1" ? targets.stdout : value === "2" ? targets.stderr : "null";
            if ((redir.fd ?? 1) === 1) targets.stdout = from;
            else if (redir.fd === 2) targets.stderr = from;
          } else if (value === "-") {
            if ((redir.fd ?? 1) === 1) targets.stdout = "null";
          } else {
            // bash `>&file`: both
            targets.stdout = file();
            targets.stderr = file();
          }
          break;
        case "&>":
        case "&>>":
          targets.stdout = file();
          targets.stderr = file();
          break;
      }
    }
    return targets;
  }

  private wordValue(word: Word): { text: string; dynamic: boolean } {
    let text = "";
    let dynamic = false;
    for (const part of word.parts) {
      if (part.k === "lit") text += part.s;
      else if (part.k === "var" && this.scope.vars.get(part.name) !== undefined)
        text += this.scope.vars.get(part.name);
      else {
        text += PLACEHOLDER;
        dynamic = true;
      }
    }
    return { text, dynamic };
  }

  private partsValue(parts: Part[]): { text: string; dynamic: boolean } {
    return this.wordValue({ t: "word", parts, raw: "", quoted: true, line: 0 });
  }

  private parseSimple(): Step[] {
    const words: Word[] = [];
    const redirs: Redir[] = [];
    for (;;) {
      const token = this.peek();
      if (!token) break;
      if (token.t === "redir") {
        for (const redir of this.readRedirects()) redirs.push(redir);
        continue;
      }
      if (token.t !== "word") break;
      if (words.length === 0 && !token.quoted && RESERVED.has(token.raw) && token.raw !== "!")
        break;
      words.push(token);
      this.at++;
    }
    if (words.length === 0 && redirs.length === 0) {
      // A reserved word out of place, or an operator: consume one token to make progress.
      if (this.peek()) this.at++;
      return [];
    }
    const line = words[0]?.line ?? redirs[0]?.line ?? 1;
    // Leading assignments
    let index = 0;
    const assignments: [string, Word][] = [];
    while (index < words.length) {
      const word = words[index] as Word;
      const first = word.parts[0];
      const match = first?.k === "lit" ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.s) : null;
      if (!match) break;
      const rest: Part[] = [
        { k: "lit", s: (first as { s: string }).s.slice(match[0].length) },
        ...word.parts.slice(1),
      ];
      assignments.push([match[1] as string, { ...word, parts: rest }]);
      index++;
    }
    const command = words.slice(index);
    if (command.length === 0) {
      for (const [name, value] of assignments) this.assign(name, value);
      const targets = this.targets(redirs);
      return this.execRedirect(redirs, targets);
    }
    const targets = this.targets(redirs);
    const name = this.wordValue(command[0] as Word).text;
    const args = command.slice(1);
    const argValues = args.map((w) => this.wordValue(w));
    this.lastSimple = { name, args: argValues.map((a) => a.text), line };
    const send = (pieces: Piece[]): Step[] => {
      const mapped: Piece[] = [];
      for (const piece of pieces) {
        const to = piece.stream === "stdout" ? targets.stdout : targets.stderr;
        if (to === "null") continue;
        mapped.push({ ...piece, stream: to });
      }
      return mapped.length > 0
        ? [{ kind: "print", pieces: mapped, line }]
        : [{ kind: "status", code: 0 }];
    };
    const unknown = (reason?: string): Step[] => {
      const pieces: Piece[] = [
        { stream: "stdout", text: PLACEHOLDER, line, dynamic: true, unknown: true },
        { stream: "stderr", text: PLACEHOLDER, line, dynamic: true, unknown: true },
      ];
      const steps = send(pieces);
      if (steps.some((s) => s.kind === "print"))
        this.note(line, reason ?? `it runs \`${name}\`, whose output the linter cannot see`);
      return [...steps.filter((s) => s.kind === "print"), { kind: "status", code: "dynamic" }];
    };

    const raw = command[0]?.raw ?? "";
    if (raw.startsWith("[[") || raw.startsWith("((")) return [{ kind: "status", code: "dynamic" }];
    if (command[0]?.parts.some((p) => p.k !== "lit"))
      return unknown("it runs a command named at run time");
    if (this.scope.functions.has(name)) return [{ kind: "call", name, line }];
    switch (name) {
      case "echo":
        return send(this.echo(args, line));
      case "printf":
        if (argValues[0]?.text === "-v") {
          this.scope.vars.set(argValues[1]?.text ?? "", undefined);
          return [{ kind: "status", code: 0 }];
        }
        return send(this.printf(args, line));
      case "cat": {
        const heredoc = redirs.find((r) => r.heredoc)?.heredoc;
        const herestring = redirs.find((r) => r.v === "<<<");
        if (heredoc && args.every((a) => a.raw === "-")) {
          const value = this.partsValue(heredoc.parts);
          return send([{ stream: "stdout", text: value.text, line, dynamic: value.dynamic }]);
        }
        if (herestring) {
          const target = (herestring as Redir & { target?: Word }).target;
          const value = target ? this.wordValue(target) : { text: "", dynamic: true };
          return send([
            { stream: "stdout", text: `${value.text}\n`, line, dynamic: value.dynamic },
          ]);
        }
        if (args.length === 0)
          return targets.stdout === "null"
            ? [{ kind: "status", code: 0 }]
            : unknown("`cat` copies its input, which the linter cannot see");
        return unknown(
          `\`cat ${args.map((a) => a.raw).join(" ")}\` prints a file the linter does not read`,
        );
      }
      case "jq":
        return this.jq(argValues, redirs, line, send, unknown);
      case "exit": {
        const code = this.exitCode(argValues[0]);
        return [{ kind: "exit", code, line }];
      }
      case "return":
        return [
          {
            kind: "return",
            code:
              argValues[0] === undefined ? undefined : (this.exitCode(argValues[0]) as ExitCode),
            line,
          },
        ];
      case "kill":
        if (args.some((a) => a.raw === "$$" || a.raw === '"$$"')) return [{ kind: "signal", line }];
        return [{ kind: "status", code: "dynamic" }];
      case "sleep": {
        const seconds = sleepSeconds(argValues.map((a) => a.text));
        if (seconds === undefined) return [];
        const quiet = targets.stdout === "null" && targets.stderr === "null";
        return [{ kind: "sleep", seconds, line, ...(quiet ? { quiet } : {}) }];
      }
      case "true":
      case ":":
        return [{ kind: "status", code: 0 }];
      case "false":
        return [{ kind: "status", code: 1 }];
      case "exec":
        if (args.length === 0) return this.execRedirect(redirs, targets);
        return [
          ...unknown("`exec` replaces the script with another program"),
          { kind: "exit", code: "dynamic", line },
        ];
      case "source":
      case ".":
        return unknown("it sources another file");
      case "eval":
        return unknown("it runs code built at run time (`eval`)");
      case "nohup":
      case "setsid":
      case "daemon":
        return [
          ...unknown(),
          ...(targets.stdout === "null" && targets.stderr === "null"
            ? []
            : ([{ kind: "hold", seconds: Number.POSITIVE_INFINITY, line }] as Step[])),
        ];
      case "grep":
      case "egrep":
      case "fgrep":
        if (argValues.some((a) => /^-[a-zA-Z]*[qs]/.test(a.text) || a.text === "--quiet"))
          return [{ kind: "status", code: "dynamic" }];
        return unknown();
      case "command":
        if (argValues[0]?.text === "-v" || argValues[0]?.text === "-V")
          return targets.stdout === "null" ? [{ kind: "status", code: "dynamic" }] : unknown();
        return unknown();
    }
    if (SILENT.has(name))
      return [
        { kind: "status", code: name === "test" || name === "[" || name === "[[" ? "dynamic" : 0 },
      ];
    return unknown();
  }

  private execRedirect(redirs: Redir[], targets: Targets): Step[] {
    if (redirs.length === 0) return [{ kind: "status", code: 0 }];
    const steps: Step[] = [];
    if (targets.stdout !== "stdout") steps.push({ kind: "redirect-stdout", to: targets.stdout });
    steps.push({ kind: "status", code: 0 });
    return steps;
  }

  private assign(name: string, value: Word) {
    const parts = value.parts;
    if (
      parts.every(
        (p) => p.k === "lit" || (p.k === "var" && this.scope.vars.get(p.name) !== undefined),
      )
    )
      this.scope.vars.set(name, this.partsValue(parts).text);
    else this.scope.vars.set(name, undefined);
  }

  private exitCode(arg: { text: string; dynamic: boolean } | undefined): ExitCode | "last" {
    if (arg === undefined) return "last";
    if (arg.dynamic || !/^-?\d+$/.test(arg.text)) return "dynamic";
    return ((Number(arg.text) % 256) + 256) % 256;
  }

  private echo(args: Word[], line: number): Piece[] {
    let newline = true;
    let escapes = this.dialect === "sh";
    let index = 0;
    for (; index < args.length; index++) {
      const value = this.wordValue(args[index] as Word).text;
      if (!/^-[neE]+$/.test(value) || (this.dialect === "sh" && value !== "-n")) break;
      if (value.includes("n")) newline = false;
      if (value.includes("e")) escapes = true;
      if (value.includes("E")) escapes = false;
    }
    let dynamic = false;
    let text = args
      .slice(index)
      .map((w) => {
        const value = this.wordValue(w);
        dynamic ||= value.dynamic;
        return value.text;
      })
      .join(" ");
    if (escapes) {
      const cut = text.indexOf("\\c");
      if (cut !== -1) {
        text = text.slice(0, cut);
        newline = false;
      }
      text = text.replace(/\\(0[0-7]{0,3}|[abefnrtv\\])/g, (_m, e: string) =>
        e.startsWith("0")
          ? String.fromCharCode(Number.parseInt(e.slice(1) || "0", 8))
          : backslash(e),
      );
    }
    text = decodeBytes(text);
    return [{ stream: "stdout", text: newline ? `${text}\n` : text, line, dynamic }];
  }

  private printf(args: Word[], line: number): Piece[] {
    const values = args.map((w) => this.wordValue(w));
    const format = values[0];
    if (!format) return [];
    if (format.dynamic) {
      this.note(line, "`printf` prints a format built at run time");
      return [{ stream: "stdout", text: PLACEHOLDER, line, dynamic: true }];
    }
    const rest = values.slice(1);
    let dynamic = rest.some((v) => v.dynamic);
    let out = "";
    let next = 0;
    for (let round = 0; round < 64; round++) {
      let used = false;
      out += format.text.replace(
        /%(%|[-+ #0]*(?:[1-9]\d*)?(?:\.\d+)?([sbdiouxXcfeEgG]))|\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g,
        (match, spec: string | undefined, conv: string | undefined, esc: string | undefined) => {
          if (esc !== undefined) return backslash(esc);
          if (spec === "%") return "%";
          used = true;
          const arg = rest[next++];
          const value = arg?.text ?? "";
          if (conv === "b")
            return value.replace(/\\(x[0-9a-fA-F]{1,2}|0?[0-7]{1,3}|.)/g, (_m, e: string) =>
              backslash(e),
            );
          if (conv === "s") return value;
          if (conv === "c") return value.slice(0, 1);
          if (/^[diouxX]$/.test(conv ?? "")) {
            if (/^-?\d+$/.test(value)) return value;
            if (!arg) return "0";
            dynamic = true;
            return PLACEHOLDER;
          }
          dynamic = true;
          return match;
        },
      );
      if (!used || next >= rest.length) break;
    }
    return [{ stream: "stdout", text: decodeBytes(out), line, dynamic }];
  }

  private jq(
    args: { text: string; dynamic: boolean }[],
    _redirs: Redir[],
    line: number,
    send: (pieces: Piece[]) => Step[],
    unknown: (reason?: string) => Step[],
  ): Step[] {
    const flags = args.filter((a) => a.text.startsWith("-"));
    const filter = args.find((a) => !a.text.startsWith("-"));
    const nullInput = flags.some((f) => /^-[a-zA-Z]*n/.test(f.text) || f.text === "--null-input");
    if (filter?.text === "empty") return [{ kind: "status", code: "dynamic" }];
    if (!nullInput) return unknown();
    const compact = flags.some((f) => /^-[a-zA-Z]*c/.test(f.text) || f.text === "--compact-output");
    if (
      !filter ||
      filter.dynamic ||
      flags.some((f) => /^--(arg|argjson|args|jsonargs|slurpfile|rawfile)$/.test(f.text))
    )
      return unknown("it builds its output with `jq` from values known only at run time");
    const value = jqLiteral(filter.text);
    if (value === undefined)
      return unknown("it builds its output with a `jq` filter the linter does not evaluate");
    const text = compact ? JSON.stringify(value) : JSON.stringify(value, null, 2);
    return send([{ stream: "stdout", text: `${text}\n`, line, dynamic: false }]);
  }
}

interface SimpleInfo {
  name: string;
  args: string[];
  line: number;
}

interface Targets {
  stdout: Stream | "null";
  stderr: Stream | "null";
}

function mapStreams(step: Step, targets: Targets): Step {
  if (step.kind === "print") {
    const pieces: Piece[] = [];
    for (const piece of step.pieces) {
      const to = piece.stream === "stdout" ? targets.stdout : targets.stderr;
      if (to === "null") continue;
      pieces.push({ ...piece, stream: to });
    }
    return { ...step, pieces };
  }
  if (step.kind === "cond")
    return {
      ...step,
      yes: step.yes.map((s) => mapStreams(s, targets)),
      ...(step.no ? { no: step.no.map((s) => mapStreams(s, targets)) } : {}),
    };
  if (step.kind === "branch")
    return { ...step, arms: step.arms.map((arm) => arm.map((s) => mapStreams(s, targets))) };
  if (step.kind === "group")
    return { ...step, steps: step.steps.map((s) => mapStreams(s, targets)) };
  return step;
}

function sleepSeconds(args: string[]): number | undefined {
  let total = 0;
  for (const arg of args) {
    const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
    if (!match) return undefined;
    const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as "" | "s" | "m" | "h" | "d"];
    total += Number(match[1]) * unit;
  }
  return total;
}

/** `echo '{...}' | jq .`: the JSON reformatted, when the input is literal JSON. */
function jqReformat(input: Piece[], args: string[], line: number): Piece[] | undefined {
  if (input.some((p) => p.dynamic)) return undefined;
  const filter = args.find((a) => !a.startsWith("-")) ?? ".";
  if (filter !== ".") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(input.map((p) => p.text).join(""));
  } catch {
    return undefined;
  }
  const compact = args.some((a) => /^-[a-zA-Z]*c/.test(a) || a === "--compact-output");
  const text = compact ? JSON.stringify(value) : JSON.stringify(value, null, 2);
  return [{ stream: "stdout", text: `${text}\n`, line, dynamic: false }];
}

/**
 * A jq filter that is a constant: JSON, or an object with bare identifier keys
 * (`{decision: "block"}`). Anything with paths, variables or pipes is not evaluated.
 */
function jqLiteral(filter: string): unknown {
  const trimmed = filter.trim();
  try {
    return JSON.parse(trimmed);
  } catch {}
  // Outside strings: no `$variables`, pipes or `.paths`; bare keys get quoted.
  let quoted = "";
  let outside = "";
  for (let i = 0; i < trimmed.length; ) {
    const c = trimmed[i] as string;
    if (c === '"') {
      let j = i + 1;
      while (j < trimmed.length && trimmed[j] !== '"') j += trimmed[j] === "\\" ? 2 : 1;
      quoted += trimmed.slice(i, j + 1);
      outside += " ";
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < trimmed.length && /\w/.test(trimmed[j] as string)) j++;
      let k = j;
      while (k < trimmed.length && /\s/.test(trimmed[k] as string)) k++;
      const word = trimmed.slice(i, j);
      quoted += trimmed[k] === ":" ? `"${word}"` : word;
      outside += word;
      i = j;
      continue;
    }
    quoted += c;
    outside += c;
    i++;
  }
  if (/[$|]/.test(outside) || /(?:^|[^\w])\.[A-Za-z_[]/.test(outside)) return undefined;
  try {
    return JSON.parse(quoted);
  } catch {
    return undefined;
  }
}
