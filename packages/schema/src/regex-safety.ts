/**
 * A small heuristic for `pattern` values that can make a backtracking regex engine (the
 * skill's own validator, ajv, jq) take exponential time. It never runs the pattern on input:
 * it parses it into groups, atoms and quantifiers and looks for the two classic shapes:
 *
 * 1. a repeated group holding a repetition of its own, `(a+)+`, `(.*)*`, `(\d+\s?)+`, unless
 *    the group also needs a character the inner repetition cannot match, as in `(\w+\.)+`;
 * 2. a repeated group whose alternatives can match the same text, `(a|a)*`, `(\w|\d)+`.
 *
 * Both bounds being small (`(\d{1,3}\.){3}`) is not reported. Lookarounds are skipped.
 */

interface Atom {
  kind: "atom";
  /** Source text of one character matcher (`a`, `\d`, `[a-z]`, `.`), or an assertion. */
  text: string;
  /** Zero-width (`^`, `$`, `\b`, lookarounds): matches no character. */
  zeroWidth: boolean;
  /** Matches something we cannot model (a backreference): treated as any character. */
  opaque: boolean;
}

interface Group {
  kind: "group";
  alternatives: RegexNode[][];
  lookaround: boolean;
  text: string;
}

interface Quantified {
  kind: "quantified";
  child: RegexNode;
  min: number;
  max: number;
  text: string;
}

type RegexNode = Atom | Group | Quantified;

export interface BacktrackingRisk {
  /** The part of the pattern that is the problem. */
  fragment: string;
  reason: "nested-quantifier" | "overlapping-alternatives";
}

class ParseFailure extends Error {}

function parse(source: string): RegexNode[][] {
  let i = 0;

  const readEscape = (): Atom => {
    const start = i;
    i++; // backslash
    const c = source[i];
    if (c === undefined) throw new ParseFailure("trailing backslash");
    i++;
    if (c === "u" && source[i] === "{") {
      const end = source.indexOf("}", i);
      i = end < 0 ? source.length : end + 1;
    } else if (c === "u") i += Math.min(4, source.length - i);
    else if (c === "x") i += Math.min(2, source.length - i);
    else if (c === "c") i += 1;
    else if ((c === "p" || c === "P") && source[i] === "{") {
      const end = source.indexOf("}", i);
      i = end < 0 ? source.length : end + 1;
    } else if (c === "k" && source[i] === "<") {
      const end = source.indexOf(">", i);
      i = end < 0 ? source.length : end + 1;
      return { kind: "atom", text: source.slice(start, i), zeroWidth: false, opaque: true };
    } else if (/[1-9]/.test(c)) {
      while (/[0-9]/.test(source[i] ?? "")) i++;
      return { kind: "atom", text: source.slice(start, i), zeroWidth: false, opaque: true };
    }
    const text = source.slice(start, i);
    return { kind: "atom", text, zeroWidth: text === "\\b" || text === "\\B", opaque: false };
  };

  const readClass = (): Atom => {
    const start = i;
    i++; // [
    if (source[i] === "^") i++;
    while (i < source.length && source[i] !== "]") {
      if (source[i] === "\\") i += 2;
      else i++;
    }
    if (i >= source.length) throw new ParseFailure("unclosed class");
    i++; // ]
    return { kind: "atom", text: source.slice(start, i), zeroWidth: false, opaque: false };
  };

  const readQuantifier = (): { min: number; max: number } | undefined => {
    const c = source[i];
    let q: { min: number; max: number } | undefined;
    if (c === "*") q = { min: 0, max: Number.POSITIVE_INFINITY };
    else if (c === "+") q = { min: 1, max: Number.POSITIVE_INFINITY };
    else if (c === "?") q = { min: 0, max: 1 };
    else if (c === "{") {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
      if (match === null) return undefined; // a literal brace
      const min = Number(match[1]);
      const max =
        match[2] === undefined
          ? min
          : match[3] === ""
            ? Number.POSITIVE_INFINITY
            : Number(match[3]);
      i += match[0].length - 1;
      q = { min, max };
    }
    if (q === undefined) return undefined;
    i++;
    if (source[i] === "?") i++; // lazy: backtracks all the same on failure
    return q;
  };

  const readSequence = (depth: number): RegexNode[][] => {
    if (depth > 200) throw new ParseFailure("too deep");
    const alternatives: RegexNode[][] = [[]];
    for (;;) {
      const c = source[i];
      if (c === undefined || c === ")") return alternatives;
      const current = alternatives[alternatives.length - 1] as RegexNode[];
      if (c === "|") {
        i++;
        alternatives.push([]);
        continue;
      }
      const start = i;
      let node: RegexNode;
      if (c === "(") {
        i++;
        let lookaround = false;
        if (source[i] === "?") {
          const rest = source.slice(i, i + 3);
          if (rest.startsWith("?=") || rest.startsWith("?!")) {
            lookaround = true;
            i += 2;
          } else if (rest.startsWith("?<=") || rest.startsWith("?<!")) {
            lookaround = true;
            i += 3;
          } else if (rest.startsWith("?:")) {
            i += 2;
          } else if (rest.startsWith("?<")) {
            const end = source.indexOf(">", i);
            if (end < 0) throw new ParseFailure("bad group name");
            i = end + 1;
          } else {
            throw new ParseFailure("unknown group");
          }
        }
        const inner = readSequence(depth + 1);
        if (source[i] !== ")") throw new ParseFailure("unclosed group");
        i++;
        node = { kind: "group", alternatives: inner, lookaround, text: source.slice(start, i) };
      } else if (c === "[") {
        node = readClass();
      } else if (c === "\\") {
        node = readEscape();
      } else if (c === "*" || c === "+" || c === "?") {
        throw new ParseFailure("nothing to repeat");
      } else {
        i++;
        node = { kind: "atom", text: c, zeroWidth: c === "^" || c === "$", opaque: false };
      }
      const q = readQuantifier();
      if (q !== undefined) {
        node = { kind: "quantified", child: node, ...q, text: source.slice(start, i) };
      }
      current.push(node);
    }
  };

  const result = readSequence(0);
  if (i < source.length) throw new ParseFailure("unbalanced )");
  return result;
}

/** Characters the atoms are tested against to approximate their character sets. */
const SAMPLE = (() => {
  const chars: string[] = [];
  for (let c = 0; c < 128; c++) chars.push(String.fromCharCode(c));
  chars.push("é", "ß", "\u00a0", "\u2028", "中", "😀");
  return chars;
})();

const charSetCache = new Map<string, boolean[]>();

/** Which SAMPLE characters a single-character matcher accepts (compiled alone: no backtracking). */
function charSet(atom: Atom): boolean[] {
  if (atom.opaque) return SAMPLE.map(() => true);
  let set = charSetCache.get(atom.text);
  if (set === undefined) {
    try {
      const re = new RegExp(`^(?:${atom.text})$`, "su");
      set = SAMPLE.map((c) => re.test(c));
    } catch {
      try {
        const re = new RegExp(`^(?:${atom.text})$`, "s");
        set = SAMPLE.map((c) => re.test(c));
      } catch {
        set = SAMPLE.map(() => true);
      }
    }
    charSetCache.set(atom.text, set);
  }
  return set;
}

function overlaps(a: boolean[], b: boolean[]): boolean {
  return a.some((value, index) => value && b[index] === true);
}

function union(sets: boolean[][]): boolean[] {
  return SAMPLE.map((_, index) => sets.some((set) => set[index] === true));
}

/** Characters any atom inside a node can consume. */
function charsInside(node: RegexNode): boolean[] {
  const sets: boolean[][] = [];
  const stack: RegexNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop() as RegexNode;
    if (current.kind === "atom") {
      if (!current.zeroWidth) sets.push(charSet(current));
    } else if (current.kind === "quantified") stack.push(current.child);
    else if (!current.lookaround)
      for (const alt of current.alternatives) for (const node of alt) stack.push(node);
  }
  return union(sets);
}

const isRepeating = (node: RegexNode): node is Quantified =>
  node.kind === "quantified" && node.max > 1;

/** Repeating quantifiers inside a node (not inside lookarounds). */
function innerRepetitions(node: RegexNode): Quantified[] {
  const found: Quantified[] = [];
  const stack: RegexNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop() as RegexNode;
    if (current.kind === "quantified") {
      if (isRepeating(current)) found.push(current);
      stack.push(current.child);
    } else if (current.kind === "group" && !current.lookaround) {
      for (const alt of current.alternatives) for (const node of alt) stack.push(node);
    }
  }
  return found;
}

/** Atoms every match of a sequence must consume (direct atoms, or quantified with min >= 1). */
function mandatoryAtoms(sequence: RegexNode[]): Atom[] {
  const atoms: Atom[] = [];
  for (const node of sequence) {
    if (node.kind === "atom" && !node.zeroWidth) atoms.push(node);
    else if (node.kind === "quantified" && node.min >= 1 && node.child.kind === "atom")
      atoms.push(node.child);
  }
  return atoms;
}

function singleAtom(alternative: RegexNode[]): Atom | undefined {
  if (alternative.length !== 1) return undefined;
  const only = alternative[0] as RegexNode;
  if (only.kind === "atom" && !only.zeroWidth) return only;
  if (only.kind === "quantified" && only.child.kind === "atom" && !only.child.zeroWidth)
    return only.child;
  return undefined;
}

function altText(alternative: RegexNode[]): string {
  return alternative.map((n) => n.text).join("");
}

function checkRepeatedGroup(outer: Quantified): BacktrackingRisk | undefined {
  const group = outer.child;
  if (group.kind !== "group" || group.lookaround) return undefined;
  // 1. Nested repetition.
  for (const alternative of group.alternatives) {
    const inner = alternative.flatMap((node) => innerRepetitions(node));
    const risky = inner.filter(
      (q) => outer.max === Number.POSITIVE_INFINITY || q.max === Number.POSITIVE_INFINITY,
    );
    if (risky.length === 0) continue;
    const repeated = union(risky.map((q) => charsInside(q.child)));
    const separated = mandatoryAtoms(alternative).some(
      (atom) => !overlaps(charSet(atom), repeated),
    );
    if (!separated) return { fragment: outer.text, reason: "nested-quantifier" };
  }
  // 2. Alternatives that match the same text.
  if (group.alternatives.length > 1 && outer.max > 1) {
    const texts = group.alternatives.map(altText);
    if (new Set(texts).size < texts.length)
      return { fragment: outer.text, reason: "overlapping-alternatives" };
    const atoms = group.alternatives.map(singleAtom);
    if (atoms.every((a) => a !== undefined)) {
      const sets = (atoms as Atom[]).map(charSet);
      for (let a = 0; a < sets.length; a++) {
        for (let b = a + 1; b < sets.length; b++) {
          if (overlaps(sets[a] as boolean[], sets[b] as boolean[]))
            return { fragment: outer.text, reason: "overlapping-alternatives" };
        }
      }
    }
  }
  return undefined;
}

/**
 * The first exponential-backtracking shape in a pattern, or `undefined`. Patterns that do not
 * parse are left to the compile check.
 */
export function findBacktrackingRisk(pattern: string): BacktrackingRisk | undefined {
  let tree: RegexNode[][];
  try {
    tree = parse(pattern);
  } catch (error) {
    if (error instanceof ParseFailure) return undefined;
    throw error;
  }
  // Breadth-first, so the outermost problem is the one reported.
  const queue: RegexNode[] = tree.flat();
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as RegexNode;
    if (node.kind === "quantified") {
      if (isRepeating(node)) {
        const risk = checkRepeatedGroup(node);
        if (risk !== undefined) return risk;
      }
      queue.push(node.child);
    } else if (node.kind === "group" && !node.lookaround) {
      for (const alt of node.alternatives) for (const next of alt) queue.push(next);
    }
  }
  return undefined;
}

/** A compile error for a `pattern`, as ECMAScript reports it, or `undefined` if it compiles. */
export function patternCompileError(pattern: string): string | undefined {
  try {
    new RegExp(pattern, "u");
    return undefined;
  } catch {
    try {
      new RegExp(pattern);
      return undefined; // valid without the `u` flag; fine for most engines
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
}
