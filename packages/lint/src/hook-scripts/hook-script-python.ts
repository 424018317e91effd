/**
 * Reads a Python hook script into steps: `print(...)` (with `file=sys.stderr`, `end=`,
 * `sep=`), `sys.stdout.write` / `sys.stderr.write`, `json.dump(..., sys.stdout)`, the values
 * `json.dumps` turns into JSON (dict and list literals, and names bound to them), and
 * `sys.exit` / `exit` / `os._exit` / `raise SystemExit` — including `sys.exit(main())`, where
 * `main`'s `return` is the exit code, and `sys.exit("text")`, which prints to stderr and exits
 * 1. Blocks come from indentation: `if`/`elif`/`else`, loops, `try`/`except`, `with`, `def`.
 */
import {
  type ExitCode,
  type Piece,
  PLACEHOLDER,
  pythonRepr,
  type ReaderResult,
  type Step,
  type Unreadable,
} from "./hook-script-steps.js";

interface Line {
  text: string;
  line: number;
  indent: number;
}

/** Logical lines: comments dropped, brackets and triple-quoted strings joined. */
function logicalLines(source: string): Line[] {
  const lines: Line[] = [];
  let i = 0;
  let line = 1;
  let current = "";
  let startLine = 1;
  let indent = -1;
  let depth = 0;
  const push = () => {
    if (current.trim() !== "") lines.push({ text: current.trim(), line: startLine, indent });
    current = "";
    indent = -1;
  };
  while (i < source.length) {
    const c = source[i] as string;
    if (indent === -1) {
      // at the start of a logical line: measure indentation
      let j = i;
      let width = 0;
      while (source[j] === " " || source[j] === "\t") {
        width += source[j] === "\t" ? 8 - (width % 8) : 1;
        j++;
      }
      if (source[j] === "\n" || source[j] === "#" || source[j] === "\r" || j >= source.length) {
        // blank or comment-only line
        while (j < source.length && source[j] !== "\n") j++;
        i = j + 1;
        line++;
        continue;
      }
      indent = width;
      startLine = line;
      i = j;
      continue;
    }
    if (c === "#") {
      while (i < source.length && source[i] !== "\n") i++;
      continue;
    }
    if (c === "\\" && source[i + 1] === "\n") {
      i += 2;
      line++;
      current += " ";
      continue;
    }
    if (c === "'" || c === '"') {
      const triple = source.slice(i, i + 3) === c.repeat(3);
      const close = triple ? c.repeat(3) : c;
      let j = i + close.length;
      while (j < source.length) {
        if (source[j] === "\\") {
          j += 2;
          continue;
        }
        if (source.startsWith(close, j)) break;
        if (!triple && source[j] === "\n") break;
        j++;
      }
      const end = Math.min(j + close.length, source.length);
      const literal = source.slice(i, end);
      for (const ch of literal) if (ch === "\n") line++;
      current += literal;
      i = end;
      continue;
    }
    if (c === "(" || c === "[" || c === "{") depth++;
    if (c === ")" || c === "]" || c === "}") depth = Math.max(0, depth - 1);
    if (c === "\n") {
      line++;
      i++;
      if (depth === 0) push();
      else current += " ";
      continue;
    }
    if (c === ";" && depth === 0) {
      const keep = indent;
      const at = startLine;
      push();
      indent = keep;
      startLine = at;
      i++;
      continue;
    }
    current += c;
    i++;
  }
  push();
  return lines;
}

interface Stmt {
  text: string;
  line: number;
  keyword?: string;
  header?: string;
  body: Stmt[];
}

const COMPOUND =
  /^(if|elif|else|for|while|try|except|finally|with|def|class|match|case|async\s+def|async\s+for|async\s+with)\b/;

/** The index of the `:` that ends a compound header (outside brackets and strings). */
function headerColon(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "'" || c === '"') {
      const end = skipString(text, i);
      i = end - 1;
      continue;
    }
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === ":" && depth === 0 && text[i + 1] !== "=") {
      // a lambda's colon belongs to the expression
      if (lambdaOpen(text, i)) continue;
      return i;
    }
  }
  return -1;
}

/** Whether a `lambda` keyword comes after the last `:` before `end` (a scan, not a regex). */
function lambdaOpen(text: string, end: number): boolean {
  const from = text.lastIndexOf(":", end - 1) + 1;
  let at = text.indexOf("lambda", from);
  while (at !== -1 && at < end) {
    const before = text[at - 1] ?? " ";
    const after = text[at + 6] ?? " ";
    if (!/\w/.test(before) && !/\w/.test(after)) return true;
    at = text.indexOf("lambda", at + 6);
  }
  return false;
}

function skipString(text: string, at: number): number {
  const c = text[at] as string;
  const triple = text.slice(at, at + 3) === c.repeat(3);
  const close = triple ? c.repeat(3) : c;
  let j = at + close.length;
  while (j < text.length) {
    if (text[j] === "\\") {
      j += 2;
      continue;
    }
    if (text.startsWith(close, j)) return j + close.length;
    j++;
  }
  return text.length;
}

function buildBlocks(lines: Line[]): Stmt[] {
  let index = 0;
  const block = (indent: number): Stmt[] => {
    const stmts: Stmt[] = [];
    while (index < lines.length) {
      const line = lines[index] as Line;
      if (line.indent < indent) break;
      index++;
      const keyword = COMPOUND.exec(line.text)?.[1]?.replace(/\s+/g, " ");
      const colon = keyword ? headerColon(line.text) : -1;
      if (!keyword || colon === -1) {
        stmts.push({ text: line.text, line: line.line, body: [] });
        continue;
      }
      const header = line.text.slice(0, colon).trim();
      const inline = line.text.slice(colon + 1).trim();
      // `if x: stmt` (logical lines are already split at top-level `;`)
      const body: Stmt[] = inline
        ? [{ text: inline, line: line.line, body: [] }]
        : (lines[index]?.indent ?? -1) > line.indent
          ? block((lines[index] as Line).indent)
          : [];
      stmts.push({ text: line.text, line: line.line, keyword, header, body });
    }
    return stmts;
  };
  return block(lines[0]?.indent ?? 0);
}

// ------------------------------------------------------------------------------------------
// Expressions

interface Val {
  v: unknown;
  dynamic: boolean;
}
const DYNAMIC: Val = { v: PLACEHOLDER, dynamic: true };

type Tok =
  | { k: "str"; v: string; f: boolean }
  | { k: "num"; v: number }
  | { k: "name"; v: string }
  | { k: "p"; v: string };

function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const prefix = /^([rRbBuUfF]{0,2})(['"])/.exec(text.slice(i, i + 3));
    if (prefix && (prefix[1] === "" || /^[rbuf]{1,2}$/i.test(prefix[1] as string))) {
      const flags = (prefix[1] as string).toLowerCase();
      const start = i + (prefix[1] as string).length;
      const end = skipString(text, start);
      const quote = text[start] as string;
      const triple = text.slice(start, start + 3) === quote.repeat(3);
      const body = text.slice(start + (triple ? 3 : 1), end - (triple ? 3 : 1));
      toks.push({
        k: "str",
        v: flags.includes("r") ? body : unescapePython(body),
        f: flags.includes("f"),
      });
      i = end;
      continue;
    }
    const num = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 40));
    if (num) {
      toks.push({ k: "num", v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(
      text.slice(i, i + 200),
    );
    if (name) {
      toks.push({ k: "name", v: name[0] });
      i += name[0].length;
      continue;
    }
    const op = /^(\*\*|==|!=|<=|>=|->|:=|\/\/|[-+*/%@&|^~<>()[\]{},:.;=!])/.exec(
      text.slice(i, i + 2),
    );
    toks.push({ k: "p", v: op ? (op[0] as string) : c });
    i += op ? op[0].length : 1;
  }
  return toks;
}

function unescapePython(body: string): string {
  return body.replace(/\\(\n|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[0-7]{1,3}|.)/g, (_m, e: string) => {
    const simple: Record<string, string> = {
      "\n": "",
      n: "\n",
      t: "\t",
      r: "\r",
      "\\": "\\",
      "'": "'",
      '"': '"',
      a: "\u0007",
      b: "\b",
      f: "\f",
      v: "\v",
      "0": "\0",
    };
    if (e in simple) return simple[e] as string;
    if (/^[xu]/.test(e)) return String.fromCharCode(Number.parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(Number.parseInt(e, 8));
    return `\\${e}`;
  });
}

class PyExpr {
  private at = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly vars: Map<string, Val>,
  ) {}

  static evaluate(text: string, vars: Map<string, Val>): Val {
    const parser = new PyExpr(tokenize(text), vars);
    try {
      const value = parser.expr();
      return parser.at === parser.toks.length ? value : DYNAMIC;
    } catch {
      return DYNAMIC;
    }
  }

  private peek(): Tok | undefined {
    return this.toks[this.at];
  }
  private isP(v: string): boolean {
    const t = this.peek();
    return t?.k === "p" && t.v === v;
  }
  private eat(v: string) {
    if (!this.isP(v)) throw new Error(`expected ${v}`);
    this.at++;
  }

  expr(): Val {
    let left = this.atom();
    while (this.isP("+")) {
      this.at++;
      const right = this.atom();
      if (typeof left.v === "string" && typeof right.v === "string")
        left = { v: left.v + right.v, dynamic: left.dynamic || right.dynamic };
      else left = DYNAMIC;
    }
    if (
      this.peek() &&
      !this.isP(",") &&
      !this.isP(")") &&
      !this.isP("]") &&
      !this.isP("}") &&
      !this.isP(":") &&
      !this.isP("=")
    )
      throw new Error("unsupported expression");
    return left;
  }

  private atom(): Val {
    const t = this.peek();
    if (!t) throw new Error("end");
    this.at++;
    let value: Val;
    if (t.k === "str") {
      value = t.f ? fString(t.v) : { v: t.v, dynamic: false };
      // adjacent literals concatenate
      while (this.peek()?.k === "str") {
        const next = this.peek() as Tok & { k: "str" };
        this.at++;
        const part = next.f ? fString(next.v) : { v: next.v, dynamic: false };
        value = { v: `${value.v}${part.v}`, dynamic: value.dynamic || part.dynamic };
      }
    } else if (t.k === "num") value = { v: t.v, dynamic: false };
    else if (t.k === "name") {
      if (t.v === "True") value = { v: true, dynamic: false };
      else if (t.v === "False") value = { v: false, dynamic: false };
      else if (t.v === "None") value = { v: null, dynamic: false };
      else if (this.isP("(")) value = this.call(t.v);
      else value = this.vars.get(t.v) ?? DYNAMIC;
    } else if (t.v === "{") value = this.dict();
    else if (t.v === "[") value = this.list("]");
    else if (t.v === "(") {
      const items = this.list(")");
      value = items;
    } else if (t.v === "-" && this.peek()?.k === "num") {
      const n = this.peek() as Tok & { k: "num" };
      this.at++;
      value = { v: -n.v, dynamic: false };
    } else throw new Error("unsupported atom");
    // trailers other than calls we know make the value dynamic
    while (this.isP("[") || this.isP(".") || this.isP("(")) {
      this.skipBalanced();
      value = DYNAMIC;
    }
    return value;
  }

  private skipBalanced() {
    if (this.isP(".")) {
      this.at += 2;
      return;
    }
    const open = (this.peek() as Tok).v as string;
    const close = open === "(" ? ")" : "]";
    let depth = 0;
    while (this.peek()) {
      const t = this.peek() as Tok;
      this.at++;
      if (t.k === "p" && t.v === open) depth++;
      if (t.k === "p" && t.v === close && --depth === 0) return;
    }
  }

  private args(): { positional: Val[]; keywords: Map<string, Val> } {
    this.eat("(");
    const positional: Val[] = [];
    const keywords = new Map<string, Val>();
    while (!this.isP(")")) {
      const t = this.peek();
      if (!t) throw new Error("unclosed call");
      if (
        t.k === "name" &&
        this.toks[this.at + 1]?.k === "p" &&
        (this.toks[this.at + 1] as Tok).v === "="
      ) {
        this.at += 2;
        keywords.set(t.v, this.expr());
      } else if (this.isP("*") || this.isP("**")) {
        this.at++;
        this.expr();
        positional.push(DYNAMIC);
      } else positional.push(this.expr());
      if (this.isP(",")) this.at++;
      else break;
    }
    this.eat(")");
    return { positional, keywords };
  }

  private call(name: string): Val {
    const { positional, keywords } = this.args();
    if (name === "json.dumps" && positional[0]) {
      const value = positional[0];
      const indent = keywords.get("indent");
      const separators = keywords.get("separators");
      return {
        v: pythonJsonDumps(value.v, {
          indent: typeof indent?.v === "number" ? indent.v : undefined,
          compact: Array.isArray(separators?.v) && separators.v[0] === ",",
        }),
        dynamic: value.dynamic || Boolean(indent?.dynamic),
      };
    }
    if (name === "dict") {
      const out: Record<string, unknown> = {};
      let dynamic = positional.length > 0;
      for (const [key, value] of keywords) {
        out[key] = value.v;
        dynamic ||= value.dynamic;
      }
      return { v: out, dynamic };
    }
    if (name === "str" && positional[0] && typeof positional[0].v === "string")
      return positional[0];
    return DYNAMIC;
  }

  private dict(): Val {
    const out: Record<string, unknown> = {};
    let dynamic = false;
    while (!this.isP("}")) {
      if (this.isP("**")) {
        this.at++;
        this.expr();
        dynamic = true;
      } else {
        const key = this.expr();
        this.eat(":");
        const value = this.expr();
        if (typeof key.v !== "string" || key.dynamic) dynamic = true;
        out[typeof key.v === "string" ? key.v : PLACEHOLDER] = value.v;
        dynamic ||= value.dynamic;
      }
      if (this.isP(",")) this.at++;
      else break;
    }
    this.eat("}");
    return { v: out, dynamic };
  }

  private list(close: string): Val {
    const out: unknown[] = [];
    let dynamic = false;
    while (!this.isP(close)) {
      const value = this.expr();
      out.push(value.v);
      dynamic ||= value.dynamic;
      if (this.isP(",")) this.at++;
      else break;
    }
    this.eat(close);
    return { v: out, dynamic };
  }
}

function fString(body: string): Val {
  let dynamic = false;
  const text = body.replace(/\{\{|\}\}|\{[^{}]*\}/g, (m) => {
    if (m === "{{") return "{";
    if (m === "}}") return "}";
    dynamic = true;
    return PLACEHOLDER;
  });
  return { v: text, dynamic };
}

/** `json.dumps` with Python's defaults: `", "` and `": "`, ASCII only. */
function pythonJsonDumps(value: unknown, options: { indent?: number; compact?: boolean }): string {
  const ascii = (s: string) =>
    JSON.stringify(s).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  const item = options.compact ? "," : ", ";
  const colon = options.compact ? ":" : ": ";
  const dump = (v: unknown, level: number): string => {
    if (v === null || v === undefined) return "null";
    if (typeof v === "boolean" || typeof v === "number") return String(v);
    if (typeof v === "string") return ascii(v);
    const pad = options.indent === undefined ? "" : `\n${" ".repeat(options.indent * (level + 1))}`;
    const end = options.indent === undefined ? "" : `\n${" ".repeat(options.indent * level)}`;
    const sep = options.indent === undefined ? item : ",";
    if (Array.isArray(v))
      return v.length === 0
        ? "[]"
        : `[${pad}${v.map((x) => dump(x, level + 1)).join(sep + pad)}${end}]`;
    const entries = Object.entries(v as Record<string, unknown>);
    return entries.length === 0
      ? "{}"
      : `{${pad}${entries.map(([k, x]) => `${ascii(k)}${colon}${dump(x, level + 1)}`).join(sep + pad)}${end}}`;
  };
  return dump(value, 0);
}

/** The text `print` writes for a value. */
function printText(value: Val): string {
  if (typeof value.v === "string") return value.v;
  if (typeof value.v === "number") return String(value.v);
  return pythonRepr(value.v);
}

// ------------------------------------------------------------------------------------------
// Statements

export function readPythonScript(source: string): ReaderResult {
  const stmts = buildBlocks(logicalLines(source));
  const vars = new Map<string, Val>();
  const functions = new Map<string, Step[]>();
  const unreadable: Unreadable[] = [];
  const note = (line: number, reason: string) => {
    if (!unreadable.some((u) => u.line === line)) unreadable.push({ line, reason });
  };

  const callOf = (text: string): { name: string; inner: string } | undefined => {
    const match = /^([A-Za-z_][\w.]*)\s*\(/.exec(text);
    if (!match || !text.endsWith(")")) return undefined;
    return { name: match[1] as string, inner: text.slice(match[0].length - 1) };
  };

  const exitFor = (arg: string | undefined, line: number): Step[] => {
    if (arg === undefined || arg.trim() === "" || arg.trim() === "None")
      return [{ kind: "exit", code: 0, line }];
    const call = callOf(arg.trim());
    if (call && functions.has(call.name))
      return [{ kind: "call", name: call.name, line, exitOnReturn: true }];
    const value = PyExpr.evaluate(arg, vars);
    if (typeof value.v === "number" && !value.dynamic)
      return [{ kind: "exit", code: ((value.v % 256) + 256) % 256, line }];
    if (typeof value.v === "boolean" && !value.dynamic)
      return [{ kind: "exit", code: value.v ? 1 : 0, line }];
    if (typeof value.v === "string")
      return [
        {
          kind: "print",
          pieces: [{ stream: "stderr", text: `${value.v}\n`, line, dynamic: value.dynamic }],
          line,
        },
        { kind: "exit", code: 1, line },
      ];
    return [{ kind: "exit", code: "dynamic", line }];
  };

  const argsOf = (inner: string): { positional: string[]; keywords: Map<string, string> } => {
    const positional: string[] = [];
    const keywords = new Map<string, string>();
    const body = inner.slice(1, -1);
    let depth = 0;
    let start = 0;
    const parts: string[] = [];
    for (let i = 0; i < body.length; i++) {
      const c = body[i] as string;
      if (c === "'" || c === '"') {
        i = skipString(body, i) - 1;
        continue;
      }
      if (c === "(" || c === "[" || c === "{") depth++;
      else if (c === ")" || c === "]" || c === "}") depth--;
      else if (c === "," && depth === 0) {
        parts.push(body.slice(start, i));
        start = i + 1;
      }
    }
    parts.push(body.slice(start));
    for (const part of parts) {
      const trimmed = part.trim();
      if (!trimmed) continue;
      const kw = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]*)$/.exec(trimmed);
      if (kw) keywords.set(kw[1] as string, kw[2] as string);
      else positional.push(trimmed);
    }
    return { positional, keywords };
  };

  const stream = (expr: string | undefined): "stdout" | "stderr" | "other" =>
    expr === undefined || expr.trim() === "sys.stdout"
      ? "stdout"
      : expr.trim() === "sys.stderr"
        ? "stderr"
        : "other";

  const simple = (stmt: Stmt): Step[] => {
    const text = stmt.text;
    const line = stmt.line;
    const call = callOf(text);
    if (call) {
      const { positional, keywords } = argsOf(call.inner);
      switch (call.name) {
        case "print": {
          const to = stream(keywords.get("file"));
          if (to === "other") return [];
          const sep = keywords.has("sep")
            ? PyExpr.evaluate(keywords.get("sep") as string, vars)
            : { v: " ", dynamic: false };
          const end = keywords.has("end")
            ? PyExpr.evaluate(keywords.get("end") as string, vars)
            : { v: "\n", dynamic: false };
          const values = positional.map((p) => PyExpr.evaluate(p, vars));
          const dynamic = values.some((v) => v.dynamic) || sep.dynamic || end.dynamic;
          if (values.some((v) => v === DYNAMIC && !positional.some((p) => /^[rbuf]*['"]/i.test(p))))
            note(line, "it prints a value built at run time");
          const textOut = values.map(printText).join(String(sep.v)) + String(end.v);
          return [{ kind: "print", pieces: [{ stream: to, text: textOut, line, dynamic }], line }];
        }
        case "sys.stdout.write":
        case "sys.stderr.write": {
          const value = PyExpr.evaluate(positional[0] ?? "''", vars);
          if (value === DYNAMIC) note(line, "it writes a value built at run time");
          return [
            {
              kind: "print",
              pieces: [
                {
                  stream: call.name === "sys.stdout.write" ? "stdout" : "stderr",
                  text: typeof value.v === "string" ? value.v : PLACEHOLDER,
                  line,
                  dynamic: value.dynamic || typeof value.v !== "string",
                },
              ],
              line,
            },
          ];
        }
        case "json.dump": {
          const to = stream(positional[1] ?? keywords.get("fp"));
          if (to === "other") return [];
          const value = PyExpr.evaluate(
            `json.dumps(${[positional[0] ?? "None", ...[...keywords].filter(([k]) => k !== "fp").map(([k, v]) => `${k}=${v}`)].join(", ")})`,
            vars,
          );
          if (value === DYNAMIC) note(line, "it dumps a value built at run time");
          return [
            {
              kind: "print",
              pieces: [{ stream: to, text: String(value.v), line, dynamic: value.dynamic }],
              line,
            },
          ];
        }
        case "sys.exit":
        case "exit":
        case "quit":
        case "os._exit":
          return exitFor(positional[0], line);
        case "os.system":
          note(line, "it runs another program whose output the linter cannot see");
          return unknownOutput(line);
        case "subprocess.run":
        case "subprocess.call":
        case "subprocess.check_call":
        case "subprocess.Popen":
          if (
            keywords.get("capture_output")?.trim() === "True" ||
            (keywords.has("stdout") && keywords.has("stderr"))
          )
            return [];
          note(line, "it runs another program whose output the linter cannot see");
          return unknownOutput(line);
      }
      if (functions.has(call.name) || /^[A-Za-z_]\w*$/.test(call.name))
        return [{ kind: "call", name: call.name, line }];
      return [];
    }
    const raise = /^raise\s+SystemExit\s*(?:\(([\s\S]*)\))?$/.exec(text);
    if (raise) return exitFor(raise[1], line);
    if (/^raise\b/.test(text))
      return [
        {
          kind: "print",
          pieces: [{ stream: "stderr", text: PLACEHOLDER, line, dynamic: true, unknown: true }],
          line,
        },
        { kind: "exit", code: 1, line },
      ];
    const ret = /^return\b\s*([\s\S]*)$/.exec(text);
    if (ret) {
      const arg = (ret[1] as string).trim();
      if (arg === "" || arg === "None") return [{ kind: "return", code: undefined, line }];
      const value = PyExpr.evaluate(arg, vars);
      const code: ExitCode =
        typeof value.v === "number" && !value.dynamic ? ((value.v % 256) + 256) % 256 : "dynamic";
      return [{ kind: "return", code, line }];
    }
    const assign = /^([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)\s*([\s\S]+)$/.exec(text);
    if (assign) vars.set(assign[1] as string, PyExpr.evaluate(assign[2] as string, vars));
    return [];
  };

  const lower = (block: Stmt[]): Step[] => {
    const steps: Step[] = [];
    for (let i = 0; i < block.length; i++) {
      const stmt = block[i] as Stmt;
      if (!stmt.keyword) {
        for (const step of simple(stmt)) steps.push(step);
        continue;
      }
      const keyword = stmt.keyword;
      if (keyword === "def" || keyword === "async def") {
        const name = /def\s+([A-Za-z_]\w*)/.exec(stmt.header ?? "")?.[1];
        if (name) functions.set(name, lower(stmt.body));
        continue;
      }
      if (keyword === "class") continue;
      if (keyword === "with" || keyword === "async with") {
        for (const step of lower(stmt.body)) steps.push(step);
        continue;
      }
      if (keyword === "if") {
        if (/^if\s+__name__\s*==\s*['"]__main__['"]$/.test(stmt.header ?? "")) {
          for (const step of lower(stmt.body)) steps.push(step);
          while (block[i + 1]?.keyword === "elif" || block[i + 1]?.keyword === "else") i++;
          continue;
        }
        const arms: Step[][] = [lower(stmt.body)];
        let hasElse = false;
        while (block[i + 1]?.keyword === "elif" || block[i + 1]?.keyword === "else") {
          i++;
          const clause = block[i] as Stmt;
          if (clause.keyword === "else") hasElse = true;
          arms.push(lower(clause.body));
        }
        if (!hasElse) arms.push([]);
        steps.push({ kind: "branch", arms, line: stmt.line });
        continue;
      }
      if (keyword === "for" || keyword === "while" || keyword === "async for") {
        const body = lower(stmt.body);
        let orElse: Step[] = [];
        if (block[i + 1]?.keyword === "else") {
          i++;
          orElse = lower((block[i] as Stmt).body);
        }
        // A loop runs its body once here: the paths that skip it are rarely the ones that matter,
        // and they would hide the output the body writes before an exit.
        for (const step of body) steps.push(step);
        for (const step of orElse) steps.push(step);
        continue;
      }
      if (keyword === "try") {
        const body = lower(stmt.body);
        const handlers: Step[][] = [];
        let orElse: Step[] = [];
        let final: Step[] = [];
        while (["except", "else", "finally"].includes(block[i + 1]?.keyword ?? "")) {
          i++;
          const clause = block[i] as Stmt;
          if (clause.keyword === "except") handlers.push(lower(clause.body));
          else if (clause.keyword === "else") orElse = lower(clause.body);
          else final = lower(clause.body);
        }
        steps.push({
          kind: "branch",
          arms: [[...body, ...orElse, ...final], ...handlers.map((h) => [...h, ...final])],
          line: stmt.line,
        });
        continue;
      }
      if (keyword === "match") {
        const arms = stmt.body.filter((s) => s.keyword === "case").map((s) => lower(s.body));
        arms.push([]);
        steps.push({ kind: "branch", arms, line: stmt.line });
        continue;
      }
      // elif/else/except/finally/case out of place: read their bodies in sequence
      for (const step of lower(stmt.body)) steps.push(step);
    }
    return steps;
  };

  const steps = lower(stmts);
  // Calls to names that are not functions of the script are not steps.
  const known = (list: Step[]): Step[] =>
    list
      .filter((s) => s.kind !== "call" || functions.has(s.name) || Boolean(s.exitOnReturn))
      .map((s) => (s.kind === "branch" ? { ...s, arms: s.arms.map(known) } : s));
  for (const [name, body] of functions) functions.set(name, known(body));
  return { steps: known(steps), functions, unreadable };
}

function unknownOutput(line: number): Step[] {
  const pieces: Piece[] = [
    { stream: "stdout", text: PLACEHOLDER, line, dynamic: true, unknown: true },
    { stream: "stderr", text: PLACEHOLDER, line, dynamic: true, unknown: true },
  ];
  return [{ kind: "print", pieces, line }];
}
