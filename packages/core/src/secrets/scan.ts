/**
 * Finds credentials in a text: the provider formats of `formats.ts` (checked
 * structure, `high` or `possible`) and generic assignments (`password = "..."`, `TOKEN=...`,
 * always `possible` at most).
 *
 * One pass over the text finds every keyword of every format at once — a regular expression
 * for a run's first texts, an Aho-Corasick automaton over the text's code units after (faster
 * once the JIT has compiled it) — so a file that holds none costs that pass and nothing more;
 * a format's pattern runs only where one of its keywords is, anchored there. A secret split
 * over two lines (a shell line continuation, two string literals joined) is found in a second
 * pass over the text with the joins taken out, run only when a provider's token is cut by one.
 */
import { looksLikeRealPassword } from "./checks.js";
import { type Confidence, SECRET_FORMATS, type SecretFormat } from "./formats.js";

export type { Confidence } from "./formats.js";

export interface SecretFinding {
  /** The format's id (`github-token`, `generic-assignment`, ...). */
  formatId: string;
  /** "an AWS access key ID", "a hard-coded `db_password` value"... */
  kind: string;
  confidence: Confidence;
  /** Offset and length of the secret in the text (a split secret spans the join). */
  index: number;
  length: number;
  /** What may be shown: a known prefix or a length, never the secret part. */
  redacted: string;
  /** Why a `possible` finding is not sure. */
  why?: string;
}

/** Words that make a key name a secret's (matched case-insensitively, whole key words). */
const GENERIC_KEYWORDS = [
  "password",
  "passwd",
  "passphrase",
  "pwd",
  "secret",
  "token",
  "apikey",
  "api_key",
  "api-key",
  "accesskey",
  "access_key",
  "privatekey",
  "private_key",
  "credential",
];

const SECRET_WORDS = new Set([
  "password",
  "passwd",
  "passphrase",
  "pwd",
  "secret",
  "token",
  "apikey",
  "accesskey",
  "privatekey",
  "credential",
  "credentials",
]);
const SECRET_PAIRS = new Set(["api key", "access key", "private key", "secret key", "auth key"]);
const SECRET_ENDINGS = [
  ...["password", "passwd", "passphrase", "pwd", "secret", "token", "credential"],
  ...[...SECRET_PAIRS].map((pair) => pair.replace(" ", "")),
];

/** Words after the secret's word that still name the secret itself: `DB_PASSWORD_PROD`. */
const QUALIFIERS = new Set(
  "prod production dev development staging stage live test old new current raw plain plaintext value val str literal b64 base64".split(
    " ",
  ),
);

/** A key's words: `DB_PASSWORD` → db password, `apiKey` → api key, `x-api-key` → x api key. */
function keyWords(key: string): string[] {
  return (key.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g) ?? []).map((w) => w.toLowerCase());
}

/**
 * A key that holds a secret: its last word (after qualifiers such as `prod` or `2`) is a
 * secret's word (`password`, `token`, `secret`) or its last two one (`api key`), and nothing in
 * it says the secret is public. `password_file`, `secretName`, `max_tokens`, `tokenizer`,
 * `PublicKeyToken` and `token_hex` name something else.
 */
function isSecretKey(key: string): boolean {
  const words = keyWords(key);
  while (words.length > 1) {
    const last = words[words.length - 1] as string;
    if (!QUALIFIERS.has(last) && !/^\d+$/.test(last)) break;
    words.pop();
  }
  if (words.includes("public")) return false;
  const last = words[words.length - 1] as string;
  if (SECRET_WORDS.has(last)) return true;
  if (words.length > 1 && SECRET_PAIRS.has(`${words[words.length - 2]} ${last}`)) return true;
  // Words run together in one case: `PGPASSWORD`, `authtoken`, `SECRETKEY`.
  return SECRET_ENDINGS.some((ending) => last.endsWith(ending));
}

/** A character of a key name: `[A-Za-z0-9_.-]`. */
function isKeyChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 46 ||
    code === 45
  );
}

/**
 * Whether an operator follows a key ending at `at` (`=`, `:`, `=>`, after a closing quote or
 * bracket and spaces), or a space follows a flag: the cheap test before the key is read.
 */
function operatorFollows(at: number, flag: boolean): boolean {
  let i = at;
  const first = codeAt(i);
  // " ' ` ] )
  if (first === 34 || first === 39 || first === 96 || first === 93 || first === 41) i++;
  const spaces = i;
  while ((codeAt(i) === 32 || codeAt(i) === 9) && i - spaces <= 20) i++;
  const c = codeAt(i);
  return c === 61 || c === 58 || (flag && i > at);
}

interface Keyword {
  text: string;
  generic: boolean;
  formats: SecretFormat[];
}

/** Every keyword once, with what finding it needs; built on the first text scanned. */
interface KeywordIndex {
  keywords: Keyword[];
  /** Keyword index → the keywords that are prefixes of it (itself among them), longest first. */
  prefixes: number[][];
  /** A keyword's lower-case text → its index (one of them, when cases differ). */
  byLowerText: Map<string, number>;
  /** Every keyword, case-insensitively, in a look-ahead: one match at each start of one. */
  search: RegExp;
}

/**
 * Keywords are cut to this length: the pattern checks the rest, and a shorter keyword means a
 * smaller automaton.
 */
const KEYWORD_LENGTH = 10;

let keywordIndex: KeywordIndex | undefined;

/** See `keywordSearchSource`. */
export const KEYWORD_SEARCH =
  /(?=(private_key|-----begin|\.webhook\.o|access_key|accountkey|age-secret|aws_secret|credential|discord\.co|discordapp|github_pat|hooks\.slac|passphrase|privatekey|pypi-ageic|secretacce|\.atlasv1\.|accesskey|dckr_oat_|dckr_pat_|gr1348941|rubygems_|glagent-|lin_api_|password|rk_live_|rk_test_|sk_live_|sk_test_|xkeysib-|api-key|api_key|bearer |doo_v1_|dop_v1_|dor_v1_|dt0c01\.|glffct-|glsoat-|hrku-aa|ops_eyj|sk-ant-|sntrys_|sntryu_|sq0atp-|sq0csp-|apikey|atatt3|basic |glcbt-|gloas-|glpat-|glptt-|passwd|secret|shpat_|shpca_|shppa_|shpss_|tskey-|whsec_|bkua_|gldt-|glft-|glrt-|glsa_|nrak-|pmak-|pplx-|token|xapp-|xoxa-|xoxb-|xoxe-|xoxe\.|xoxo-|xoxp-|xoxr-|xoxs-|abia|acca|aiza|akcp|akia|asia|dapi|fm2_|fo1_|gho_|ghp_|ghr_|ghs_|ghu_|glc_|gsk_|hvb\.|hvs\.|npm_|ntn_|pul-|sbp_|xai-|-us|:\/\/|:aa|a3t|dp\.|eyj|hf_|pwd|r8_|sg\.|sk-|q~))/gi;

/** The private key header's keyword, as the index keeps it. */
const PEM_KEYWORD = "-----BEGIN ".slice(0, KEYWORD_LENGTH);

function buildKeywordIndex(): KeywordIndex {
  const byText = new Map<string, Keyword>();
  for (const format of SECRET_FORMATS)
    for (const full of format.keywords) {
      const text = full.slice(0, KEYWORD_LENGTH);
      let keyword = byText.get(text);
      if (!keyword) {
        keyword = { text, generic: false, formats: [] };
        byText.set(text, keyword);
      }
      keyword.formats.push(format);
    }
  for (const text of GENERIC_KEYWORDS) byText.set(`~${text}`, { text, generic: true, formats: [] });
  const keywords = [...byText.values()];
  const withLowerText = new Map<string, number[]>();
  keywords.forEach((keyword, k) => {
    const lower = keyword.text.toLowerCase();
    withLowerText.set(lower, [...(withLowerText.get(lower) ?? []), k]);
  });
  const prefixes = keywords.map((keyword) => {
    const lower = keyword.text.toLowerCase();
    const found: number[] = [];
    for (let length = lower.length; length > 0; length--)
      found.push(...(withLowerText.get(lower.slice(0, length)) ?? []));
    return found;
  });
  const byLowerText = new Map([...withLowerText].map(([text, ks]) => [text, ks[0] as number]));
  return { keywords, prefixes, byLowerText, search: KEYWORD_SEARCH };
}

/**
 * The source of the keyword search: every keyword in lower case, longest first, escaped, as
 * alternatives of one look-ahead. `KEYWORD_SEARCH` is this, written out so the regex checks
 * read it; a test keeps the two the same.
 */
export function keywordSearchSource(): string {
  const texts = new Set(buildKeywordIndex().keywords.map((k) => k.text.toLowerCase()));
  const alternatives = [...texts]
    .sort((x, y) => y.length - x.length || (x < y ? -1 : 1))
    .map((text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return `(?=(${alternatives.join("|")}))`;
}

/**
 * The same keywords as an Aho-Corasick automaton: a transition table over case-folded
 * character classes, built when a run has scanned enough text to use it.
 */
interface Automaton {
  /** ASCII character code → class (case folded); 0 for characters no keyword holds. */
  classes: Uint8Array;
  /** (state × width + class) → (next state × width) × 2, plus 1 when keywords end in it. */
  table: Uint16Array;
  /** State × width → the keywords that end in that state. */
  outputs: Map<number, number[]>;
}

let automaton: Automaton | undefined;

function buildAutomaton({ keywords }: KeywordIndex): Automaton {
  const classes = new Uint8Array(128);
  let count = 1;
  for (const { text } of keywords)
    for (const ch of text.toLowerCase()) {
      const code = ch.charCodeAt(0);
      if (classes[code] !== 0) continue;
      classes[code] = count;
      const upper = ch.toUpperCase().charCodeAt(0);
      if (upper !== code) classes[upper] = count;
      count++;
    }
  const width = count;

  // The trie in one flat array, then failure links breadth-first, folded into the table.
  let capacity = 1;
  for (const { text } of keywords) capacity += text.length;
  const next = new Int32Array(capacity * width).fill(-1);
  const ends: (number[] | undefined)[] = [];
  let states = 1;
  keywords.forEach((keyword, k) => {
    let state = 0;
    for (const ch of keyword.text.toLowerCase()) {
      const cell = state * width + (classes[ch.charCodeAt(0)] as number);
      if (next[cell] === -1) next[cell] = states++;
      state = next[cell] as number;
    }
    ends[state] = [...(ends[state] ?? []), k];
  });
  // 16 bits hold every entry (about 500 states of about 45 classes): a table that small stays
  // in the processor's cache, which is most of the pass's speed.
  if (states * width * 2 > 0xffff) throw new Error("secret keywords: automaton too large");
  const fail = new Int32Array(states);
  const queue = new Int32Array(states);
  let tail = 0;
  for (let c = 0; c < width; c++) {
    if (next[c] === -1) next[c] = 0;
    else queue[tail++] = next[c] as number;
  }
  for (let head = 0; head < tail; head++) {
    const state = queue[head] as number;
    const fallbackRow = (fail[state] as number) * width;
    for (let c = 0; c < width; c++) {
      const cell = state * width + c;
      const target = next[cell] as number;
      const fallback = next[fallbackRow + c] as number;
      if (target === -1) {
        next[cell] = fallback;
        continue;
      }
      fail[target] = fallback;
      const inherited = ends[fallback];
      if (inherited) ends[target] = [...(ends[target] ?? []), ...inherited];
      queue[tail++] = target;
    }
  }
  const table = new Uint16Array(states * width);
  const outputs = new Map<number, number[]>();
  for (let state = 0; state < states; state++) {
    const found = ends[state];
    if (found) outputs.set(state * width, found);
    for (let c = 0; c < width; c++) {
      const target = next[state * width + c] as number;
      table[state * width + c] = target * width * 2 + (ends[target] ? 1 : 0);
    }
  }
  return { classes, table, outputs };
}

/**
 * The first texts of a process are searched with the regular expression (native code at
 * once); after this many characters the automaton takes over, about three times faster once
 * the JIT has compiled its loop but slow before, and worth its build only on a large run. Both
 * report every occurrence in the same order, so which one ran never changes a finding.
 */
const AUTOMATON_AFTER = 128 * 1024;
/** `Buffer.write(…, "utf16le")` writes little-endian units; others are copied one by one. */
const BIG_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 0;
let scannedChars = 0;

/**
 * The text being scanned as UTF-16 code units, copied natively into an array reused from file
 * to file (grown when a file needs more). The automaton and the per-keyword checks read this
 * array, not the string: code that reads strings is compiled for one kind of string at a time
 * (one-byte, two-byte, sliced…) and drops to slow code each time another kind comes; an
 * array is always the same kind, and its offsets are the string's.
 */
let units = new Uint16Array(64 * 1024);
let unitBytes = Buffer.from(units.buffer);
let unitCount = 0;

function loadUnits(text: string): void {
  if (units.length < text.length) {
    units = new Uint16Array(text.length);
    unitBytes = Buffer.from(units.buffer);
  }
  if (BIG_ENDIAN) for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  else unitBytes.write(text, 0, "utf16le");
  unitCount = text.length;
}

/** Whether `keyword` is at `start` of the loaded text, case and all. */
function keywordAt(keyword: string, start: number): boolean {
  for (let j = 0; j < keyword.length; j++)
    if (codeAt(start + j) !== keyword.charCodeAt(j)) return false;
  return true;
}

/** The code unit at `i` of the text being scanned; -1 outside it. */
function codeAt(i: number): number {
  return i >= 0 && i < unitCount ? (units[i] as number) : -1;
}

/**
 * Every keyword occurrence, case-insensitively, as `[start, keyword index, start, keyword
 * index…]` in order of start, longer keywords first at one start; empty when there is none.
 */
function findKeywords(text: string): number[] {
  keywordIndex ??= buildKeywordIndex();
  if (scannedChars < AUTOMATON_AFTER) {
    scannedChars += text.length;
    return searchKeywords(keywordIndex, text);
  }
  automaton ??= buildAutomaton(keywordIndex);
  return runAutomaton(keywordIndex, automaton);
}

/** The automaton over the loaded text (`loadUnits`). */
function runAutomaton(index: KeywordIndex, a: Automaton): number[] {
  const ends = keywordEnds(units, unitCount, a.table, a.classes);
  if (ends === undefined) return NONE;
  const { keywords } = index;
  const hits: number[] = [];
  let ordered = true;
  let lastStart = -1;
  let lastLength = 0;
  for (let n = 0; n < ends.length; n += 2) {
    for (const k of a.outputs.get(ends[n + 1] as number) as number[]) {
      const length = (keywords[k] as Keyword).text.length;
      const start = (ends[n] as number) + 1 - length;
      if (start < lastStart || (start === lastStart && length > lastLength)) ordered = false;
      lastStart = start;
      lastLength = length;
      hits.push(start, k);
    }
  }
  return ordered ? hits : inStartOrder(keywords, hits);
}

const NONE: number[] = [];

/**
 * The automaton finds keywords by where they end; this orders them by where they start (only
 * needed where keywords overlap: `sk-ant-` holds `sk-`).
 */
function inStartOrder(keywords: Keyword[], hits: number[]): number[] {
  const order = Array.from({ length: hits.length / 2 }, (_, n) => n * 2);
  order.sort(
    (x, y) =>
      (hits[x] as number) - (hits[y] as number) ||
      (keywords[hits[y + 1] as number] as Keyword).text.length -
        (keywords[hits[x + 1] as number] as Keyword).text.length,
  );
  return order.flatMap((n) => [hits[n] as number, hits[n + 1] as number]);
}

function searchKeywords(index: KeywordIndex, text: string): number[] {
  const hits: number[] = [];
  for (const match of text.matchAll(index.search)) {
    const longest = index.byLowerText.get((match[1] as string).toLowerCase()) as number;
    for (const k of index.prefixes[longest] as number[]) hits.push(match.index, k);
  }
  return hits;
}

/**
 * The hot loop: the offsets where keywords end, each with the automaton's state there
 * (`[offset, state, offset, state…]`), or undefined when no keyword occurs.
 */
function keywordEnds(
  text: Uint16Array,
  length: number,
  table: Uint16Array,
  classes: Uint8Array,
): number[] | undefined {
  let ends: number[] | undefined;
  let state = 0;
  for (let i = 0; i < length; i++) {
    const unit = text[i] as number;
    // Keywords are ASCII: any other character is class 0.
    const value = table[state + (unit < 128 ? (classes[unit] as number) : 0)] as number;
    state = value >> 1;
    if ((value & 1) === 0) continue;
    if (ends === undefined) ends = [];
    ends.push(i, state);
  }
  return ends;
}

/** A character that continues a token: a format's prefix right after one is inside a word. */
function continuesToken(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 45
  );
}

/**
 * Tries `format` at the keyword at `at`. `covered` holds, per format, where its last match
 * ended: a keyword inside that match (`sk-sk-sk-…`) is not tried again, so each format reads
 * each character of the text at most a bounded number of times. False when the pattern did not
 * match where it was tried (the token may go on after a join).
 */
function tryFormat(
  format: SecretFormat,
  text: string,
  at: number,
  found: Candidate[],
  covered: Map<SecretFormat, number>,
): boolean {
  let start = at;
  if (typeof format.back === "number") start = at - format.back;
  else if (format.back) {
    const { chars, max } = format.back;
    while (start > 0 && at - start < max && chars.test(text[start - 1] as string)) start--;
  }
  if (start < 0 || start < (covered.get(format) ?? 0)) return true;
  // A format's prefix starts a token: `task-runner` holds no `sk-` key.
  if (format.back === undefined && !format.anywhere && continuesToken(codeAt(start - 1)))
    return true;
  if (format.quick && !format.quick(codeAt, at)) return true;
  // The pattern is anchored: it runs on the text from `start` (a slice costs no copy).
  const match = format.pattern.exec(text.slice(start, start + (format.span ?? 600)));
  if (!match) return false;
  covered.set(format, start + match[0].length);
  const confidence = format.check(match, text, start);
  const value = match[format.group ?? 0] as string;
  const why = typeof format.why === "function" ? format.why(match) : format.why;
  const index =
    format.group === undefined
      ? start
      : start + match[0].length - value.length - (format.tail?.(match) ?? 0);
  found.push({
    formatId: format.id,
    kind: format.kind,
    confidence,
    index,
    length: value.length,
    redacted: format.redact(match),
    generic: false,
    ...(confidence === "possible" && why ? { why } : {}),
  });
  return true;
}

interface Candidate extends Omit<SecretFinding, "confidence"> {
  /** Undefined: the format matched but the value is a stand-in (it also silences generic checks there). */
  confidence: Confidence | undefined;
  generic: boolean;
}

/**
 * A generic assignment around the keyword at `at`: the whole key name (`DB_PASSWORD`,
 * `client_secret`, `--password`), an operator, and a literal value someone really typed.
 * Returns where the key ends, so the other keywords of one key are not tried again.
 */
function tryAssignment(text: string, at: number, length: number, found: Candidate[]): number {
  let keyEnd = at + length;
  while (keyEnd - at < 64 && isKeyChar(codeAt(keyEnd))) keyEnd++;
  let keyStart = at;
  while (at - keyStart < 64 && isKeyChar(codeAt(keyStart - 1))) keyStart--;
  let nameEnd = keyEnd;
  while (nameEnd > at && codeAt(nameEnd - 1) === 46) nameEnd--;
  // Most keywords are words in prose: no operator after them, nothing more to read.
  if (!operatorFollows(nameEnd, codeAt(keyStart) === 45)) return keyEnd;
  readAssignment(text, keyStart, nameEnd, found);
  return keyEnd;
}

/**
 * The rest of `tryAssignment`, for the few keywords an operator follows: kept apart so the
 * hot part above stays small for the JIT.
 */
function readAssignment(text: string, keyStart: number, nameEnd: number, found: Candidate[]): void {
  const key = text.slice(keyStart, nameEnd);
  // A key inside an ARN or a path (`arn:...:secret:prod/*`) is not a key.
  const before = codeAt(keyStart - 1);
  if (before === 58 || before === 47 || !isSecretKey(key)) return;
  const flag = key.startsWith("-");
  const read = valueAfter(nameEnd, flag);
  if (read === undefined) return;
  const end = read.index + read.length;
  // A bare value is the rest of its line (`KEY=value`, `key: value  # note`), not prose; a
  // command-line flag's ends at the next space (`--password=VALUE next-argument`).
  if (!read.quoted && !endsBareValue(text, end) && !(flag && isSpace(codeAt(end)))) return;
  const value = text.slice(read.index, end);
  if (!looksLikeRealPassword(value)) return;
  found.push({
    formatId: "generic-assignment",
    kind: `a hard-coded \`${key.replace(/^[-.]+/, "")}\` value`,
    confidence: "possible",
    index: read.index,
    length: read.length,
    redacted: `${read.length} characters`,
    why: "it is a literal, not a placeholder or a reference to where the secret lives",
    generic: true,
  });
}

/** Longest value read after a key. */
const MAX_VALUE = 200;

/**
 * The value after a key ending at `at`: an operator (`=`, `:`, `:=`, `=>`, `==`) after an
 * optional closing quote or bracket and spaces, or, after a flag, spaces alone; then a quoted
 * value (up to its closing quote on the same line) or a bare one (up to a space, quote,
 * bracket or separator). Read by hand: one pass, no backtracking.
 */
function valueAfter(
  at: number,
  flag: boolean,
): { index: number; length: number; quoted: boolean } | undefined {
  let i = at;
  const first = codeAt(i);
  // " ' ` ] )
  if (first === 34 || first === 39 || first === 96 || first === 93 || first === 41) i++;
  const spacesFrom = i;
  while ((codeAt(i) === 32 || codeAt(i) === 9) && i - spacesFrom < 20) i++;
  const operator = codeAt(i);
  if (operator === 61) {
    i++;
    if (codeAt(i) === 62) i++;
    else while (codeAt(i) === 61 && i - spacesFrom < 24) i++;
  } else if (operator === 58) {
    i++;
    if (codeAt(i) === 61) i++;
  } else if (!flag || i === spacesFrom || i > spacesFrom + 4) return undefined;
  const valueFrom = i;
  while ((codeAt(i) === 32 || codeAt(i) === 9) && i - valueFrom < 20) i++;
  const quote = codeAt(i);
  if (quote === 34 || quote === 39 || quote === 96) {
    let j = i + 1;
    while (j - i <= MAX_VALUE) {
      const c = codeAt(j);
      if (c === quote || c === 10 || c === 13 || c === -1) break;
      j++;
    }
    if (codeAt(j) !== quote || j === i + 1) return undefined;
    return { index: i + 1, length: j - i - 1, quoted: true };
  }
  let j = i;
  while (j - i < MAX_VALUE && isBareChar(codeAt(j))) j++;
  if (j === i || isBareChar(codeAt(j))) return undefined;
  return { index: i, length: j - i, quoted: false };
}

/** Whitespace, as `\s` matches it. */
function isSpace(code: number): boolean {
  return (
    (code >= 9 && code <= 13) ||
    code === 32 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** A character of a bare value: not a space, quote, bracket or separator (`,;&|<>`). */
function isBareChar(code: number): boolean {
  if (code < 0 || isSpace(code)) return false;
  // " ' ` , ; & | < > ( ) { } [ ]
  return !(
    code === 34 ||
    code === 39 ||
    code === 96 ||
    code === 44 ||
    code === 59 ||
    code === 38 ||
    code === 124 ||
    code === 60 ||
    code === 62 ||
    code === 40 ||
    code === 41 ||
    code === 123 ||
    code === 125 ||
    code === 91 ||
    code === 93
  );
}

/**
 * A bare value ends its line (a comment may follow), a Markdown code span, a string it sits
 * in, or a field of a URL query or connection string (`&`, `;`).
 */
function endsBareValue(text: string, end: number): boolean {
  const next = text[end];
  if (next === "&" || next === ";" || next === "`" || next === '"' || next === "'") return true;
  let i = end;
  while (text[i] === " " || text[i] === "\t") i++;
  const c = text[i];
  return c === undefined || c === "\n" || c === "\r" || (c === "#" && i > end);
}

/** Finds credentials in a text, in order, without overlaps. */
export function findSecrets(text: string): SecretFinding[] {
  const { found, cut } = scan(text);
  // A token split over two lines keeps its prefix on the first line: only a text where a
  // provider's keyword starts a token that a join cuts is scanned again with the joins out.
  if (cut) {
    const joins = findJoins(text);
    if (joins.length > 0) for (const secret of scanJoined(text, joins)) found.push(secret);
  }
  return found.length === 0 ? [] : settle(found);
}

/** Where the token starting at `start` ends (at most 400 characters on). */
function tokenEnd(text: string, start: number): number {
  let end = start;
  const limit = Math.min(text.length, start + 400);
  while (end < limit && isTokenChar(codeAt(end))) end++;
  return end;
}

/** A character of a token: `[A-Za-z0-9_+/=.-]`. */
function isTokenChar(code: number): boolean {
  return isKeyChar(code) || code === 43 || code === 47 || code === 61;
}

/** Whether a join (`\⏎`, `"⏎ "`) starts at `index`. */
function joinAt(text: string, index: number): boolean {
  const next = text[index];
  if (next !== "\\" && next !== '"' && next !== "'") return false;
  JOIN_AT.lastIndex = index;
  return JOIN_AT.test(text);
}

function scan(text: string): { found: Candidate[]; cut: boolean } {
  loadUnits(text);
  const found: Candidate[] = [];
  let cut = false;
  let walked = 0;
  let genericUntil = -1;
  const covered = new Map<SecretFormat, number>();
  let privateKeyEnd = -2;
  const hits = findKeywords(text);
  const keywords = (keywordIndex as KeywordIndex).keywords;
  for (let n = 0; n < hits.length; n += 2) {
    const start = hits[n] as number;
    const keyword = keywords[hits[n + 1] as number] as Keyword;
    if (keyword.generic) {
      if (start >= genericUntil)
        genericUntil = tryAssignment(text, start, keyword.text.length, found);
      continue;
    }
    // Keywords are found case-insensitively; provider prefixes are case-sensitive.
    if (!keywordAt(keyword.text, start)) continue;
    if (keyword.text === PEM_KEYWORD) {
      // The pattern reads up to the END line: skip the try when no END line follows.
      if (privateKeyEnd !== -1 && privateKeyEnd < start)
        privateKeyEnd = text.indexOf("-----END ", start);
      if (privateKeyEnd < 0 || privateKeyEnd - start > 12_100) continue;
    }
    for (const format of keyword.formats) {
      if (tryFormat(format, text, start, found, covered) || cut || start < walked) continue;
      // The pattern failed on a prefix: the token may go on after a join.
      walked = tokenEnd(text, start);
      cut = joinAt(text, walked);
    }
  }
  return { found, cut };
}

/**
 * Where a token goes on on the next line: a backslash-newline inside a shell string, or a
 * string literal closed and opened again (`"abc" +⏎ "def"`, Python's implicit joining). The
 * characters on both sides must be a token's (checked after the match: a look-behind in front
 * would be tried at every character of the text).
 */
export const JOIN =
  /\\\r?\n|"[ \t]{0,40}(?:[+.][ \t]{0,40})?\\?\r?\n[ \t]{0,80}(?:[+.][ \t]{0,40})?"|'[ \t]{0,40}(?:[+.][ \t]{0,40})?\\?\r?\n[ \t]{0,80}(?:[+.][ \t]{0,40})?'/g;
/** The same, tried where a cut token ends (a test keeps the two the same). */
export const JOIN_AT =
  /\\\r?\n|"[ \t]{0,40}(?:[+.][ \t]{0,40})?\\?\r?\n[ \t]{0,80}(?:[+.][ \t]{0,40})?"|'[ \t]{0,40}(?:[+.][ \t]{0,40})?\\?\r?\n[ \t]{0,80}(?:[+.][ \t]{0,40})?'/y;

function findJoins(text: string): { index: number; length: number }[] {
  const joins: { index: number; length: number }[] = [];
  for (const match of text.matchAll(JOIN)) {
    const end = match.index + match[0].length;
    if (isTokenChar(codeAt(match.index - 1)) && isTokenChar(codeAt(end)))
      joins.push({ index: match.index, length: match[0].length });
  }
  return joins;
}

/** Scans the text with its joins taken out; keeps the findings that cross a join. */
function scanJoined(text: string, joins: { index: number; length: number }[]): Candidate[] {
  let joined = "";
  let from = 0;
  /** For each join: where it is in the joined text and how much was cut before it. */
  const cuts: { at: number; removed: number }[] = [];
  let removed = 0;
  for (const join of joins) {
    joined += text.slice(from, join.index);
    removed += join.length;
    cuts.push({ at: joined.length, removed });
    from = join.index + join.length;
  }
  joined += text.slice(from);
  const toOriginal = (offset: number, isEnd: boolean): number => {
    let shift = 0;
    for (const cut of cuts) {
      if (cut.at < offset || (!isEnd && cut.at === offset)) shift = cut.removed;
      else break;
    }
    return offset + shift;
  };
  const crossing: Candidate[] = [];
  for (const candidate of scan(joined).found) {
    const end = candidate.index + candidate.length;
    if (!cuts.some((cut) => cut.at > candidate.index && cut.at < end)) continue;
    const start = toOriginal(candidate.index, false);
    crossing.push({ ...candidate, index: start, length: toOriginal(end, true) - start });
  }
  return crossing;
}

const RANK: Record<Confidence, number> = { high: 2, possible: 1 };

/** One finding per stretch of text: the surest, a provider format before a generic key. */
function settle(found: Candidate[]): SecretFinding[] {
  const ordered = [...found].sort(
    (a, b) =>
      Number(a.generic) - Number(b.generic) ||
      (b.confidence ? RANK[b.confidence] : 0) - (a.confidence ? RANK[a.confidence] : 0) ||
      b.length - a.length ||
      a.index - b.index,
  );
  const kept: Candidate[] = [];
  for (const candidate of ordered) {
    const end = candidate.index + candidate.length;
    if (kept.some((k) => k.index < end && candidate.index < k.index + k.length)) continue;
    kept.push(candidate);
  }
  return kept
    .filter((k): k is Candidate & { confidence: Confidence } => k.confidence !== undefined)
    .map(({ generic: _generic, ...finding }) => finding)
    .sort((a, b) => a.index - b.index);
}

/** Every regular expression the scan runs over a file's text (the linearity test reads it). */
export const SCAN_PATTERNS: readonly RegExp[] = [
  JOIN,
  ...SECRET_FORMATS.map((format) => format.pattern),
];

/**
 * Every keyword occurrence as `start:keyword`, found by the automaton or by the regular
 * expression (the test that keeps the two the same reads it).
 */
export function keywordOccurrences(text: string, engine: "automaton" | "search"): string[] {
  keywordIndex ??= buildKeywordIndex();
  const index = keywordIndex;
  let hits: number[];
  if (engine === "search") hits = searchKeywords(index, text);
  else {
    loadUnits(text);
    automaton ??= buildAutomaton(index);
    hits = runAutomaton(index, automaton);
  }
  const out: string[] = [];
  for (let n = 0; n < hits.length; n += 2)
    out.push(`${hits[n]}:${(index.keywords[hits[n + 1] as number] as Keyword).text}`);
  return out;
}
