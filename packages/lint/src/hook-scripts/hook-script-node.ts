/**
 * Reads a Node hook script into steps: `console.log` / `console.info` / `console.debug`
 * (stdout) and `console.error` / `console.warn` (stderr) — which print strings as they are and
 * objects as `util.inspect` does, not as JSON — `process.stdout.write` /
 * `process.stderr.write`, the values `JSON.stringify` turns into JSON (object and array
 * literals, and constants bound to them), `process.exit(N)` and `process.exitCode = N`.
 * Function bodies run where they are written (a callback such as `process.stdin.on("end",
 * () => {...})` is the hook's main path); named functions run where they are called.
 */
import {
  type ExitCode,
  nodeInspect,
  type Piece,
  PLACEHOLDER,
  type ReaderResult,
  type Step,
  type Unreadable,
} from "./hook-script-steps.js";

type Tok =
  | { k: "str"; v: string; line: number; dynamic?: boolean }
  /** A template literal: text parts around the sources of its `${...}` expressions. */
  | { k: "tpl"; parts: string[]; exprs: string[]; line: number }
  | { k: "num"; v: number; line: number }
  | { k: "name"; v: string; line: number; nl: boolean }
  | { k: "p"; v: string; line: number; nl: boolean }
  | { k: "re"; line: number };

const REGEX_BEFORE = new Set([
  "(",
  ",",
  "=",
  ":",
  "[",
  "!",
  "&",
  "|",
  "?",
  "{",
  "}",
  ";",
  "&&",
  "||",
  "return",
  "typeof",
  "=>",
  "+",
  "-",
  "*",
  "%",
  "<",
  ">",
  "==",
  "===",
  "!=",
  "!==",
]);

function tokenize(source: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let line = 1;
  let newline = true;
  if (source.startsWith("#!")) while (i < source.length && source[i] !== "\n") i++;
  const last = () => toks[toks.length - 1];
  while (i < source.length) {
    const c = source[i] as string;
    if (c === "\n") {
      line++;
      i++;
      newline = true;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "/" && source[i + 1] === "/") {
      while (i < source.length && source[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && source[i + 1] === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end === -1 ? source.length : end + 2;
      for (let k = i; k < stop; k++) if (source[k] === "\n") line++;
      i = stop;
      continue;
    }
    const startLine = line;
    if (c === "'" || c === '"') {
      let j = i + 1;
      let out = "";
      while (j < source.length && source[j] !== c && source[j] !== "\n") {
        if (source[j] === "\\") {
          out += jsEscape(source, j);
          j += escapeLength(source, j);
          continue;
        }
        out += source[j];
        j++;
      }
      toks.push({ k: "str", v: out, line: startLine });
      i = j + 1;
      newline = false;
      continue;
    }
    if (c === "`") {
      let j = i + 1;
      let out = "";
      const parts: string[] = [];
      const exprs: string[] = [];
      while (j < source.length && source[j] !== "`") {
        if (source[j] === "\\") {
          out += jsEscape(source, j);
          j += escapeLength(source, j);
          continue;
        }
        if (source[j] === "$" && source[j + 1] === "{") {
          let depth = 0;
          const from = j + 2;
          while (j < source.length) {
            if (source[j] === "{") depth++;
            if (source[j] === "}" && --depth === 0) break;
            if (source[j] === "\n") line++;
            j++;
          }
          parts.push(out);
          exprs.push(source.slice(from, j));
          out = "";
          j++;
          continue;
        }
        if (source[j] === "\n") line++;
        out += source[j];
        j++;
      }
      parts.push(out);
      toks.push({ k: "tpl", parts, exprs, line: startLine });
      i = j + 1;
      newline = false;
      continue;
    }
    const prev = last();
    if (
      c === "/" &&
      (!prev ||
        (prev.k === "p" && REGEX_BEFORE.has(prev.v)) ||
        (prev.k === "name" && REGEX_BEFORE.has(prev.v)))
    ) {
      // a regular expression literal
      let j = i + 1;
      let klass = false;
      while (j < source.length && source[j] !== "\n") {
        const ch = source[j];
        if (ch === "\\") {
          j += 2;
          continue;
        }
        if (ch === "[") klass = true;
        else if (ch === "]") klass = false;
        else if (ch === "/" && !klass) break;
        j++;
      }
      j++;
      while (/[a-z]/i.test(source[j] ?? "")) j++;
      toks.push({ k: "re", line: startLine });
      i = j;
      newline = false;
      continue;
    }
    const num = /^(?:0[xXbBoO][0-9a-fA-F_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)n?/.exec(
      source.slice(i, i + 40),
    );
    if (num) {
      toks.push({
        k: "num",
        v: Number(num[0].replace(/_/g, "").replace(/n$/, "")),
        line: startLine,
      });
      i += num[0].length;
      newline = false;
      continue;
    }
    const name = /^[A-Za-z_$][\w$]*/.exec(source.slice(i, i + 200));
    if (name) {
      toks.push({ k: "name", v: name[0], line: startLine, nl: newline });
      i += name[0].length;
      newline = false;
      continue;
    }
    const op =
      /^(?:\.\.\.|===|!==|\?\?=|\?\.|=>|==|!=|<=|>=|&&|\|\||\?\?|\+\+|--|\+=|-=|\*=|\/=|\*\*|[-+*/%=<>!&|^~?:;,.()[\]{}])/.exec(
        source.slice(i, i + 4),
      );
    const v = op ? op[0] : c;
    toks.push({ k: "p", v, line: startLine, nl: newline });
    i += v.length;
    newline = false;
  }
  return toks;
}

function escapeLength(source: string, at: number): number {
  const e = source[at + 1];
  if (e === "x") return 4;
  if (e === "u") return source[at + 2] === "{" ? source.indexOf("}", at) - at + 1 : 6;
  return 2;
}

function jsEscape(source: string, at: number): string {
  const e = source[at + 1] ?? "";
  const simple: Record<string, string> = {
    n: "\n",
    t: "\t",
    r: "\r",
    b: "\b",
    f: "\f",
    v: "\v",
    "0": "\0",
    "\n": "",
  };
  if (e in simple) return simple[e] as string;
  if (e === "x") return String.fromCharCode(Number.parseInt(source.slice(at + 2, at + 4), 16));
  if (e === "u") {
    const hex =
      source[at + 2] === "{"
        ? source.slice(at + 3, source.indexOf("}", at))
        : source.slice(at + 2, at + 6);
    const code = Number.parseInt(hex, 16);
    return Number.isNaN(code) ? "" : String.fromCodePoint(code);
  }
  return e;
}

interface Val {
  v: unknown;
  dynamic: boolean;
}
const DYNAMIC: Val = { v: PLACEHOLDER, dynamic: true };

export function readNodeScript(source: string): ReaderResult {
  let toks = tokenize(source);
  const vars = new Map<string, Val>();
  const functions = new Map<string, Step[]>();
  const unreadable: Unreadable[] = [];
  let at = 0;
  const note = (line: number, reason: string) => {
    if (!unreadable.some((u) => u.line === line)) unreadable.push({ line, reason });
  };
  const peek = (offset = 0) => toks[at + offset];
  const isP = (v: string, offset = 0) => {
    const t = peek(offset);
    return t?.k === "p" && t.v === v;
  };
  const isName = (v: string, offset = 0) => {
    const t = peek(offset);
    return t?.k === "name" && t.v === v;
  };
  const lineOf = () => peek()?.line ?? 1;

  /** Skips a balanced (), [] or {} starting at the current token. */
  const skipBalanced = () => {
    const open = (peek() as Tok & { v: string }).v;
    const close = open === "(" ? ")" : open === "[" ? "]" : "}";
    let depth = 0;
    while (at < toks.length) {
      const t = toks[at] as Tok;
      at++;
      if (t.k === "p" && t.v === open) depth++;
      if (t.k === "p" && t.v === close && --depth === 0) return;
    }
  };

  // ---- values ----------------------------------------------------------------------------
  const value = (): Val => {
    const t = peek();
    if (!t) return DYNAMIC;
    let out: Val;
    if (t.k === "str") {
      at++;
      out = { v: t.v, dynamic: Boolean(t.dynamic) };
    } else if (t.k === "tpl") {
      at++;
      let text = t.parts[0] ?? "";
      let dynamic = false;
      t.exprs.forEach((expr, k) => {
        const inner = evaluateSource(expr);
        dynamic ||= inner.dynamic;
        text +=
          typeof inner.v === "string" || typeof inner.v === "number" || typeof inner.v === "boolean"
            ? String(inner.v)
            : PLACEHOLDER;
        if (typeof inner.v === "object" && inner.v !== null) dynamic = true;
        text += t.parts[k + 1] ?? "";
      });
      out = { v: text, dynamic };
    } else if (t.k === "num") {
      at++;
      out = { v: t.v, dynamic: false };
    } else if (t.k === "name") {
      if (t.v === "true" || t.v === "false") {
        at++;
        out = { v: t.v === "true", dynamic: false };
      } else if (t.v === "null") {
        at++;
        out = { v: null, dynamic: false };
      } else if (t.v === "JSON" && isP(".", 1) && isName("stringify", 2) && isP("(", 3)) {
        at += 3;
        const args = callArgs();
        const input = args[0] ?? DYNAMIC;
        const space = args[2];
        const indent =
          typeof space?.v === "number"
            ? space.v
            : typeof space?.v === "string"
              ? space.v
              : undefined;
        out = {
          v:
            input.v === undefined
              ? undefined
              : JSON.stringify(input.v, null, indent as number | string | undefined),
          dynamic: input.dynamic || Boolean(args[1] && args[1].v !== null),
        };
      } else {
        at++;
        out = vars.get(t.v) ?? DYNAMIC;
        if (isP("(")) {
          skipBalanced();
          out = DYNAMIC;
        }
      }
    } else if (t.k === "p" && t.v === "{") out = objectLiteral();
    else if (t.k === "p" && t.v === "[") out = arrayLiteral();
    else if (t.k === "p" && t.v === "-" && peek(1)?.k === "num") {
      at += 2;
      out = { v: -(toks[at - 1] as Tok & { v: number }).v, dynamic: false };
    } else {
      skipExpression();
      return DYNAMIC;
    }
    // member access, calls, operators: the value is no longer a literal we know
    let changed = false;
    while (isP(".") || isP("?.") || isP("[") || isP("(")) {
      if (isP("(") || isP("[")) skipBalanced();
      else at += 2;
      changed = true;
    }
    if (isP("+") && typeof out.v === "string") {
      at++;
      const right = value();
      return {
        v: `${out.v}${typeof right.v === "string" ? right.v : PLACEHOLDER}`,
        dynamic: out.dynamic || right.dynamic,
      };
    }
    if (!atExpressionEnd()) {
      skipExpression();
      return DYNAMIC;
    }
    return changed ? DYNAMIC : out;
  };

  /** The value of an expression's source text (a template literal's `${...}`). */
  const evaluateSource = (expr: string): Val => {
    const saved = [toks, at] as const;
    toks = tokenize(expr);
    at = 0;
    let result: Val;
    try {
      result = value();
      if (at < toks.length) result = DYNAMIC;
    } finally {
      [toks, at] = saved;
    }
    return result;
  };

  const atExpressionEnd = () => {
    const t = peek();
    return (
      !t ||
      (t.k === "p" && [",", ")", "]", "}", ";", ":"].includes(t.v)) ||
      (t.k !== "p" && "nl" in t && t.nl)
    );
  };

  const skipExpression = () => {
    while (at < toks.length && !atExpressionEnd()) {
      if (isP("(") || isP("[") || isP("{")) skipBalanced();
      else at++;
    }
  };

  const objectLiteral = (): Val => {
    at++; // {
    const out: Record<string, unknown> = {};
    let dynamic = false;
    while (at < toks.length && !isP("}")) {
      if (isP("...")) {
        at++;
        value();
        dynamic = true;
      } else {
        const key = peek() as Tok;
        let name: string | undefined;
        if (key.k === "tpl") {
          at++;
          dynamic = true;
        } else if (key.k === "name" || key.k === "str" || key.k === "num") {
          name = String(key.v);
          at++;
          if (key.k === "str" && key.dynamic) dynamic = true;
        } else if (key.k === "p" && key.v === "[") {
          skipBalanced();
          dynamic = true;
        } else at++;
        if (isP(":")) {
          at++;
          const v = value();
          if (name !== undefined) out[name] = v.v;
          dynamic ||= v.dynamic;
        } else if (isP("(")) {
          // a method
          skipBalanced();
          if (isP("{")) skipBalanced();
        } else if (name !== undefined) {
          const v = vars.get(name) ?? DYNAMIC; // shorthand
          out[name] = v.v;
          dynamic ||= v.dynamic;
        }
      }
      if (isP(",")) at++;
      else if (!isP("}")) break;
    }
    if (isP("}")) at++;
    return { v: out, dynamic };
  };

  const arrayLiteral = (): Val => {
    at++; // [
    const out: unknown[] = [];
    let dynamic = false;
    while (at < toks.length && !isP("]")) {
      if (isP("...")) {
        at++;
        value();
        dynamic = true;
      } else {
        const v = value();
        out.push(v.v);
        dynamic ||= v.dynamic;
      }
      if (isP(",")) at++;
      else if (!isP("]")) break;
    }
    if (isP("]")) at++;
    return { v: out, dynamic };
  };

  const callArgs = (): Val[] => {
    at++; // (
    const args: Val[] = [];
    while (at < toks.length && !isP(")")) {
      if (isP("...")) {
        at++;
        value();
        args.push(DYNAMIC);
      } else args.push(value());
      if (isP(",")) at++;
      else if (!isP(")")) {
        skipExpression();
        if (isP(",")) at++;
        else break;
      }
    }
    if (isP(")")) at++;
    return args;
  };

  /** `console.log`'s text for its arguments (util.format). */
  const formatArgs = (args: Val[]): Val => {
    const dynamic = args.some((a) => a.dynamic);
    const parts = args.map((a) => nodeInspect(a.v));
    return { v: `${parts.join(" ")}\n`, dynamic };
  };

  // ---- statements --------------------------------------------------------------------------
  const block = (): Step[] => {
    if (!isP("{")) return statement();
    at++;
    const steps: Step[] = [];
    while (at < toks.length && !isP("}")) {
      const before = at;
      for (const step of statement()) steps.push(step);
      if (at === before) at++;
    }
    if (isP("}")) at++;
    return steps;
  };

  const endStatement = () => {
    if (isP(";")) at++;
  };

  const functionBody = (): Step[] => {
    // after the parameter list: `{ ... }` or an expression
    if (isP("{")) return block();
    return expressionStatement();
  };

  const statement = (): Step[] => {
    const t = peek();
    if (!t) return [];
    const line = t.line;
    if (t.k === "p" && t.v === ";") {
      at++;
      return [];
    }
    if (t.k === "p" && t.v === "{") return block();
    if (t.k === "name") {
      switch (t.v) {
        case "if": {
          at++;
          if (isP("(")) skipBalanced();
          const yes = block();
          let no: Step[] = [];
          if (isName("else")) {
            at++;
            no = block();
          }
          return [{ kind: "branch", arms: [yes, no], line }];
        }
        case "for":
        case "while": {
          at++;
          if (isName("await")) at++;
          if (isP("(")) skipBalanced();
          // The body runs once (see the Python reader).
          return block();
        }
        case "do": {
          at++;
          const body = block();
          if (isName("while")) {
            at++;
            if (isP("(")) skipBalanced();
          }
          endStatement();
          return body;
        }
        case "try": {
          at++;
          const body = block();
          const arms: Step[][] = [];
          let final: Step[] = [];
          if (isName("catch")) {
            at++;
            if (isP("(")) skipBalanced();
            arms.push(block());
          }
          if (isName("finally")) {
            at++;
            final = block();
          }
          return [
            {
              kind: "branch",
              arms: [[...body, ...final], ...arms.map((a) => [...a, ...final])],
              line,
            },
          ];
        }
        case "switch": {
          at++;
          if (isP("(")) skipBalanced();
          if (!isP("{")) return [];
          at++;
          const arms: Step[][] = [];
          let current: Step[] | undefined;
          let hasDefault = false;
          while (at < toks.length && !isP("}")) {
            if (isName("case") || isName("default")) {
              if (isName("default")) hasDefault = true;
              while (at < toks.length && !isP(":")) at++;
              at++;
              current = [];
              arms.push(current);
              continue;
            }
            if (isName("break")) {
              at++;
              endStatement();
              current = undefined;
              continue;
            }
            const before = at;
            const steps = statement();
            if (current) for (const step of steps) current.push(step);
            if (at === before) at++;
          }
          if (isP("}")) at++;
          if (!hasDefault) arms.push([]);
          return [{ kind: "branch", arms, line }];
        }
        case "function":
        case "async": {
          if (t.v === "async" && !isName("function", 1)) break;
          if (t.v === "async") at++;
          at++;
          if (isP("*")) at++;
          const name = peek()?.k === "name" ? (peek() as Tok & { v: string }).v : undefined;
          if (name) at++;
          if (isP("(")) skipBalanced();
          const body = block();
          if (name) functions.set(name, body);
          return [];
        }
        case "return": {
          at++;
          let code: ExitCode | undefined;
          if (!atExpressionEnd()) {
            const v = value();
            code =
              typeof v.v === "number" && !v.dynamic
                ? v.v
                : v.v === undefined
                  ? undefined
                  : "dynamic";
          }
          endStatement();
          return [{ kind: "return", code, line }];
        }
        case "throw": {
          at++;
          skipExpression();
          endStatement();
          return [
            {
              kind: "print",
              pieces: [{ stream: "stderr", text: PLACEHOLDER, line, dynamic: true, unknown: true }],
              line,
            },
            { kind: "exit", code: 1, line },
          ];
        }
        case "const":
        case "let":
        case "var": {
          at++;
          const steps: Step[] = [];
          for (;;) {
            const name = peek()?.k === "name" ? (peek() as Tok & { v: string }).v : undefined;
            if (name) at++;
            else if (isP("{") || isP("[")) skipBalanced();
            if (isP("=")) {
              at++;
              const fn = functionExpression();
              if (fn) {
                if (name) functions.set(name, fn);
              } else {
                const start = at;
                const v = value();
                if (name) vars.set(name, v);
                at = start;
                for (const step of expressionStatement(false)) steps.push(step);
              }
            }
            if (isP(",")) {
              at++;
              continue;
            }
            break;
          }
          endStatement();
          return steps;
        }
        case "import":
        case "export":
          if (
            t.v === "export" &&
            (isName("function", 1) || isName("async", 1) || isName("const", 1))
          ) {
            at++;
            return statement();
          }
          while (
            at < toks.length &&
            !isP(";") &&
            !(
              peek()?.k !== "p" &&
              "nl" in (peek() as Tok) &&
              (peek() as { nl: boolean }).nl &&
              at > 0 &&
              toks[at - 1]?.k === "str"
            )
          )
            at++;
          endStatement();
          return [];
        case "break":
        case "continue":
          at++;
          endStatement();
          return [];
      }
    }
    return expressionStatement();
  };

  /** `(...) => body`, `function (...) {...}`, `async ...`: its body, or undefined. */
  const functionExpression = (): Step[] | undefined => {
    const start = at;
    if (isName("async")) at++;
    if (isName("function")) {
      at++;
      if (isP("*")) at++;
      if (peek()?.k === "name") at++;
      if (isP("(")) skipBalanced();
      return block();
    }
    if (isP("(")) {
      skipBalanced();
      if (isP("=>")) {
        at++;
        return functionBody();
      }
    } else if (peek()?.k === "name" && isP("=>", 1)) {
      at += 2;
      return functionBody();
    }
    at = start;
    return undefined;
  };

  /**
   * An expression statement: the effects we know (prints, exits, calls of the script's own
   * functions), and the bodies of functions written inside it, in order.
   */
  const expressionStatement = (terminate = true): Step[] => {
    const steps: Step[] = [];
    const startLine = lineOf();
    let depth = 0;
    while (at < toks.length) {
      const t = peek() as Tok;
      if (
        t.k === "p" &&
        (t.v === ";" || ((t.v === ")" || t.v === "]" || t.v === "}") && depth === 0))
      )
        break;
      if (at > 0 && "nl" in t && t.nl && depth === 0 && lineOf() > startLine && !continues()) break;
      if (t.k === "p" && t.v === "," && depth === 0 && !terminate) break;
      const line = t.line;
      // console.X(...), process.stdout.write(...), process.exit(...)
      if (
        t.k === "name" &&
        t.v === "console" &&
        isP(".", 1) &&
        peek(2)?.k === "name" &&
        isP("(", 3)
      ) {
        const method = (peek(2) as Tok & { v: string }).v;
        at += 3;
        const args = callArgs();
        const stream =
          method === "error" || method === "warn" || method === "trace" ? "stderr" : "stdout";
        const text = formatArgs(args);
        if (args.some((a) => a === DYNAMIC)) note(line, "it prints a value built at run time");
        steps.push({
          kind: "print",
          pieces: [{ stream, text: String(text.v), line, dynamic: text.dynamic }],
          line,
        });
        continue;
      }
      if (
        t.k === "name" &&
        t.v === "process" &&
        isP(".", 1) &&
        (isName("stdout", 2) || isName("stderr", 2)) &&
        isP(".", 3) &&
        isName("write", 4) &&
        isP("(", 5)
      ) {
        const stream = isName("stdout", 2) ? "stdout" : "stderr";
        at += 5;
        const args = callArgs();
        const arg = args[0] ?? DYNAMIC;
        if (arg === DYNAMIC) note(line, "it writes a value built at run time");
        steps.push({
          kind: "print",
          pieces: [
            {
              stream,
              text: typeof arg.v === "string" ? arg.v : PLACEHOLDER,
              line,
              dynamic: arg.dynamic || typeof arg.v !== "string",
            },
          ],
          line,
        });
        continue;
      }
      if (t.k === "name" && t.v === "process" && isP(".", 1) && isName("exit", 2) && isP("(", 3)) {
        at += 3; // on "("
        if (isP(")", 1)) {
          at += 2;
          steps.push({ kind: "exit", code: "last", line });
          continue;
        }
        const inner = peek(1);
        if (inner?.k === "name" && functions.has(inner.v) && isP("(", 2)) {
          at += 2;
          skipBalanced();
          if (isP(")")) at++;
          steps.push({ kind: "call", name: inner.v, line, exitOnReturn: true });
          continue;
        }
        const args = callArgs();
        const code = args[0];
        steps.push({
          kind: "exit",
          code:
            typeof code?.v === "number" && !code.dynamic ? ((code.v % 256) + 256) % 256 : "dynamic",
          line,
        });
        continue;
      }
      if (
        t.k === "name" &&
        t.v === "process" &&
        isP(".", 1) &&
        isName("exitCode", 2) &&
        isP("=", 3)
      ) {
        at += 4;
        const v = value();
        steps.push({
          kind: "exit-code",
          code: typeof v.v === "number" && !v.dynamic ? v.v : "dynamic",
        });
        continue;
      }
      // a function written here runs here (callbacks)
      if (
        (t.k === "p" && t.v === "(") ||
        (t.k === "name" && (t.v === "function" || t.v === "async"))
      ) {
        const fn = functionExpression();
        if (fn) {
          for (const step of fn) steps.push(step);
          continue;
        }
      }
      if (t.k === "name" && isP("=>", 1)) {
        const fn = functionExpression();
        if (fn) {
          for (const step of fn) steps.push(step);
          continue;
        }
      }
      if (
        t.k === "name" &&
        functions.has(t.v) &&
        isP("(", 1) &&
        !(toks[at - 1]?.k === "p" && (toks[at - 1] as { v: string }).v === ".")
      ) {
        steps.push({ kind: "call", name: t.v, line });
        at++;
        continue;
      }
      if (t.k === "p" && (t.v === "(" || t.v === "[" || t.v === "{")) depth++;
      if (t.k === "p" && (t.v === ")" || t.v === "]" || t.v === "}")) depth--;
      at++;
    }
    if (terminate) endStatement();
    return steps;
  };

  /** Whether the token at a line start continues the previous expression. */
  const continues = (): boolean => {
    const t = peek();
    const prev = toks[at - 1];
    if (
      t?.k === "p" &&
      [".", "?.", "?", ":", "+", "-", "*", "/", "&&", "||", "??", "=", "=>", ","].includes(t.v)
    )
      return true;
    if (
      prev?.k === "p" &&
      [
        ".",
        "?.",
        "?",
        ":",
        "+",
        "-",
        "*",
        "/",
        "&&",
        "||",
        "??",
        "=",
        "=>",
        ",",
        "(",
        "[",
        "{",
      ].includes(prev.v)
    )
      return true;
    return false;
  };

  const steps: Step[] = [];
  while (at < toks.length) {
    const before = at;
    for (const step of statement()) steps.push(step);
    if (at === before) at++;
  }
  // Calls of functions declared after the call site are resolved by name at run time.
  return { steps, functions, unreadable };
}

export type { Piece };
