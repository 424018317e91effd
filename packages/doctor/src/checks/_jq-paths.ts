/**
 * The field paths a jq filter reads, for the subset a report gate uses: `.a.b`, `.a[]`,
 * `.a[0]`, `."a-b"`, `.["a"]`, `?`, pipes (`.findings[] | .severity`), `select(...)`,
 * `map(...)`/`sort_by(...)`/`any(...)` (their argument reads the array's elements), `if`,
 * `and`/`or`, comparisons, `//`, object construction (`{status, n: .summary}`) and string
 * interpolation (`"\(.status)"`). Each path is made absolute from the document's root through
 * the pipe; once a pipe stage gives something that is not a path of the report (`length`,
 * `keys`, `..`, a variable), what follows it is not judged (`partial`). A path read on the way
 * to a longer one is not listed apart. No npm package parses
 * jq into paths for Node 20 (the maintained ones evaluate filters or wrap the jq binary), so
 * this reader is small, linear and tested on its own.
 */

export type JqStep = { kind: "field"; name: string } | { kind: "each" };

export interface JqPaths {
  /** Each field path read, from the document's root, in the order written (no duplicates). */
  paths: JqStep[][];
  /** True when part of the filter was not followed (its paths are not in `paths`). */
  partial: boolean;
}

/** `.findings[].severity`. */
export function jqPathText(steps: readonly JqStep[]): string {
  if (steps.length === 0) return ".";
  let out = "";
  for (const step of steps) {
    if (step.kind === "each") out += "[]";
    else
      out += /^[A-Za-z_][A-Za-z0-9_]*$/.test(step.name)
        ? `.${step.name}`
        : `.${JSON.stringify(step.name)}`;
  }
  return out.startsWith("[]") ? `.${out}` : out;
}

type Token =
  | { t: "dot" }
  | { t: "dotdot" }
  | { t: "ident"; v: string }
  | { t: "var" }
  | { t: "str"; parts: string[]; interps: string[] }
  | { t: "num"; v: string }
  | { t: "punct"; v: string };

const IDENT = /[A-Za-z0-9_:]/;

/** Reads a `"..."` string from `i` (at the quote); interpolations `\(...)` kept as source text. */
function readString(src: string, start: number): { token: Token; end: number } {
  let i = start + 1;
  let text = "";
  const parts: string[] = [];
  const interps: string[] = [];
  while (i < src.length && src[i] !== '"') {
    if (src[i] === "\\" && src[i + 1] === "(") {
      let depth = 1;
      let j = i + 2;
      let inner = "";
      while (j < src.length && depth > 0) {
        const c = src[j] as string;
        if (c === "(") depth++;
        else if (c === ")") depth--;
        if (depth > 0) inner += c;
        j++;
      }
      parts.push(text);
      text = "";
      interps.push(inner);
      i = j;
      continue;
    }
    if (src[i] === "\\") {
      const next = src[i + 1] ?? "";
      text += next === "n" ? "\n" : next === "t" ? "\t" : next;
      i += 2;
      continue;
    }
    text += src[i];
    i++;
  }
  parts.push(text);
  return { token: { t: "str", parts, interps }, end: i + 1 };
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "#") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === '"') {
      const { token, end } = readString(src, i);
      tokens.push(token);
      i = end;
    } else if (c === ".") {
      if (src[i + 1] === ".") {
        tokens.push({ t: "dotdot" });
        i += 2;
      } else {
        tokens.push({ t: "dot" });
        i++;
      }
    } else if (c === "$") {
      i++;
      while (i < src.length && IDENT.test(src[i] as string)) i++;
      tokens.push({ t: "var" });
    } else if (/[0-9]/.test(c)) {
      let v = "";
      while (i < src.length && /[0-9.eE]/.test(src[i] as string)) v += src[i++];
      tokens.push({ t: "num", v });
    } else if (/[A-Za-z_]/.test(c)) {
      let v = "";
      while (i < src.length && IDENT.test(src[i] as string)) v += src[i++];
      tokens.push({ t: "ident", v });
    } else {
      const two = src.slice(i, i + 2);
      if (["==", "!=", "<=", ">=", "//", "|=", "+=", "-=", "?/"].includes(two)) {
        tokens.push({ t: "punct", v: two });
        i += 2;
      } else {
        tokens.push({ t: "punct", v: c });
        i++;
      }
    }
  }
  return tokens;
}

/** Functions whose argument runs on each element of the array they are given. */
const ELEMENT_FUNCTIONS = new Set([
  "map",
  "map_values",
  "sort_by",
  "group_by",
  "unique_by",
  "min_by",
  "max_by",
  "any",
  "all",
]);

/** Parentheses, brackets, calls and interpolations followed one inside another, at most. */
const MAX_NESTING = 64;

const isPunct = (token: Token | undefined, v: string) => token?.t === "punct" && token.v === v;

class Reader {
  readonly paths: JqStep[][] = [];
  partial = false;
  private readonly seen = new Set<string>();
  private i = 0;

  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    /** How deep the string that holds these tokens is nested in interpolations. */
    private readonly nesting = 0,
  ) {}

  private add(path: JqStep[]) {
    const key = JSON.stringify(path);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.paths.push(path);
  }

  /** Reads until `stop` (an unmatched closer) or the end; returns the pipe's output context. */
  pipe(context: JqStep[] | undefined, stops: readonly string[]): JqStep[] | undefined {
    if (this.depth + this.nesting >= MAX_NESTING) {
      // Nesting no report gate has: the rest is not followed (and the stack stays small).
      this.partial = true;
      this.i = this.tokens.length;
      return undefined;
    }
    this.depth++;
    let ctx = context;
    try {
      for (;;) {
        const out = this.stage(ctx, [...stops, "|"]);
        if (isPunct(this.tokens[this.i], "|")) {
          this.i++;
          ctx = out;
          continue;
        }
        return out;
      }
    } finally {
      this.depth--;
    }
  }

  /**
   * One pipe stage: reads every path in it relative to `ctx`; returns the stage's output
   * context when it is one path of the report (or `select`, which keeps its input), else
   * undefined.
   */
  private stage(ctx: JqStep[] | undefined, stops: readonly string[]): JqStep[] | undefined {
    const start = this.i;
    let single: JqStep[] | undefined;
    let terms = 0;
    while (this.i < this.tokens.length) {
      const token = this.tokens[this.i] as Token;
      if (token.t === "punct" && stops.includes(token.v)) break;
      terms++;
      if (token.t === "dot") {
        const steps = this.path();
        if (steps === undefined) {
          this.partial = true;
          single = undefined;
          continue;
        }
        if (ctx === undefined) {
          this.partial = true;
        } else {
          this.add([...ctx, ...steps]);
          if (terms === 1) single = [...ctx, ...steps];
        }
        continue;
      }
      if (token.t === "dotdot" || token.t === "var") {
        this.i++;
        this.skipPostfix();
        this.partial = true;
        continue;
      }
      if (token.t === "str") {
        this.i++;
        for (const inner of token.interps) {
          const sub = new Reader(tokenize(inner), this.nesting + this.depth + 1);
          sub.pipe(ctx, []);
          for (const path of sub.paths) this.add(path);
          this.partial ||= sub.partial;
        }
        continue;
      }
      if (token.t === "ident" && isPunct(this.tokens[this.i + 1], "(")) {
        const name = token.v;
        this.i += 2;
        const argCtx =
          ctx !== undefined && ELEMENT_FUNCTIONS.has(name)
            ? [...ctx, { kind: "each" } as JqStep]
            : ctx;
        for (;;) {
          this.pipe(argCtx, [")", ";"]);
          if (isPunct(this.tokens[this.i], ";")) {
            this.i++;
            continue;
          }
          break;
        }
        if (isPunct(this.tokens[this.i], ")")) this.i++;
        if (terms === 1 && name === "select" && this.atStageEnd(stops)) single = ctx;
        continue;
      }
      if (token.t === "punct" && (token.v === "(" || token.v === "[")) {
        this.i++;
        const close = token.v === "(" ? ")" : "]";
        const out = this.pipe(ctx, [close]);
        if (isPunct(this.tokens[this.i], close)) this.i++;
        if (close === ")" && terms === 1) {
          const steps = this.isPathNext() ? this.path(true) : [];
          if (steps === undefined || out === undefined) this.partial ||= steps === undefined;
          else if (this.atStageEnd(stops)) single = [...out, ...steps];
          if (out !== undefined && steps !== undefined && steps.length > 0)
            this.add([...out, ...steps]);
        }
        continue;
      }
      if (token.t === "punct" && token.v === "{") {
        this.i++;
        this.object(ctx);
        continue;
      }
      this.i++;
    }
    if (this.i === start) return ctx;
    return terms === 1 && this.atStageEnd(stops) ? single : undefined;
  }

  private atStageEnd(stops: readonly string[]): boolean {
    const next = this.tokens[this.i];
    return next === undefined || (next.t === "punct" && stops.includes(next.v));
  }

  private isPathNext(): boolean {
    const next = this.tokens[this.i];
    return next?.t === "dot" || isPunct(next, "[");
  }

  /** `{a, b: .c, "d": .e, (.f): 1}`: the shorthand keys are fields too. */
  private object(ctx: JqStep[] | undefined) {
    let expectKey = true;
    while (this.i < this.tokens.length && !isPunct(this.tokens[this.i], "}")) {
      const token = this.tokens[this.i] as Token;
      if (expectKey) {
        expectKey = false;
        const next = this.tokens[this.i + 1];
        if (token.t === "ident" && (isPunct(next, ",") || isPunct(next, "}"))) {
          if (ctx !== undefined) this.add([...ctx, { kind: "field", name: token.v }]);
          else this.partial = true;
          this.i++;
          continue;
        }
        if ((token.t === "ident" || token.t === "str" || token.t === "var") && isPunct(next, ":")) {
          this.i += 2;
          this.pipe(ctx, [",", "}"]);
          if (isPunct(this.tokens[this.i], ",")) {
            this.i++;
            expectKey = true;
          }
          continue;
        }
      }
      this.pipe(ctx, [",", "}", ":"]);
      if (isPunct(this.tokens[this.i], ":")) this.i++;
      else if (isPunct(this.tokens[this.i], ",")) {
        this.i++;
        expectKey = true;
      }
    }
    if (isPunct(this.tokens[this.i], "}")) this.i++;
  }

  /** After a value: `[...]`, `.x`, `?` that apply to it (skipped: the value is not the report's). */
  private skipPostfix() {
    while (this.i < this.tokens.length) {
      if (this.isPathNext()) {
        if (this.path(true) === undefined) return;
      } else if (isPunct(this.tokens[this.i], "?")) this.i++;
      else return;
    }
  }

  /** A path from `.` or `[`: its steps, or undefined when a step is not a field or `[]`/`[n]`. */
  private path(bracketFirst = false): JqStep[] | undefined {
    const steps: JqStep[] = [];
    let ok = true;
    let first = !bracketFirst;
    while (this.i < this.tokens.length) {
      const token = this.tokens[this.i] as Token;
      if (token.t === "dot") {
        this.i++;
        const next = this.tokens[this.i];
        if (next?.t === "ident") {
          steps.push({ kind: "field", name: next.v });
          this.i++;
        } else if (next?.t === "str" && next.interps.length === 0) {
          steps.push({ kind: "field", name: next.parts.join("") });
          this.i++;
        } else if (!isPunct(next, "[")) {
          // `.` alone: the input itself.
          if (!first) ok = false;
        }
        first = false;
        continue;
      }
      if (isPunct(token, "[") && !first) {
        this.i++;
        const inner = this.tokens[this.i];
        if (isPunct(inner, "]")) {
          steps.push({ kind: "each" });
          this.i++;
        } else if (inner?.t === "num" && isPunct(this.tokens[this.i + 1], "]")) {
          steps.push({ kind: "each" });
          this.i += 2;
        } else if (
          inner?.t === "str" &&
          inner.interps.length === 0 &&
          isPunct(this.tokens[this.i + 1], "]")
        ) {
          steps.push({ kind: "field", name: inner.parts.join("") });
          this.i += 2;
        } else {
          // A slice or a computed index: skip to the matching bracket.
          let depth = 1;
          while (this.i < this.tokens.length && depth > 0) {
            if (isPunct(this.tokens[this.i], "[")) depth++;
            else if (isPunct(this.tokens[this.i], "]")) depth--;
            this.i++;
          }
          ok = false;
        }
        first = false;
        continue;
      }
      if (isPunct(token, "?")) {
        this.i++;
        continue;
      }
      break;
    }
    return ok ? steps : undefined;
  }
}

/** The report paths a jq filter reads (see the module's comment for the subset followed). */
export function jqPaths(filter: string): JqPaths {
  const reader = new Reader(tokenize(filter));
  reader.pipe([], []);
  // A path read on the way to a longer one (`.findings` of `.findings[].severity`) is in it.
  const key = (path: readonly JqStep[]) => path.map((step) => JSON.stringify(step)).join("");
  const keys = reader.paths.map(key);
  const paths = reader.paths.filter((_path, k) =>
    keys.every(
      (other, j) =>
        j === k ||
        !(other.length > (keys[k] as string).length && other.startsWith(keys[k] as string)),
    ),
  );
  return { paths, partial: reader.partial };
}
