/**
 * Finds credentials in a text: the provider formats of `_secrets-formats.ts` (checked
 * structure, `high` or `possible`) and generic assignments (`password = "..."`, `TOKEN=...`,
 * always `possible` at most).
 *
 * One pass over the text finds every keyword of every format at once (an Aho-Corasick
 * automaton over case-folded characters, built on first use), so a file that holds none costs
 * that pass and nothing more; a format's pattern runs only where one of its keywords is,
 * anchored there. A secret split over two lines (a shell line continuation, two string
 * literals joined) is found in a second pass over the text with the joins taken out, run only
 * when the text has such a join.
 */
import { LineIndex, type SkillFile } from "@ops-skill/core";
import { looksBinary } from "../quality/_skill-files.js";
import { looksLikeRealPassword } from "./_secrets-checks.js";
import { type Confidence, SECRET_FORMATS, type SecretFormat } from "./_secrets-formats.js";

export type { Confidence } from "./_secrets-formats.js";

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

const KEY_CHAR = /[A-Za-z0-9_.-]/;
/** After a key: the operator and a quoted or bare value. */
const ASSIGNMENT =
  /(?:["'`]|\]|\))?[ \t]{0,20}(?:=>|:=|===?|:|=)[ \t]{0,20}(?:(["'`])([^"'`\r\n]{1,200})\1|([^\s"'`,;&|<>(){}[\]]{1,200}))/y;
/** After a command-line flag (`--password VALUE`). */
const FLAG_VALUE = /[ \t]{1,4}(?:(["'])([^"'\r\n]{1,200})\1|([^\s"'`,;&|<>(){}[\]]{1,200}))/y;

interface Keyword {
  text: string;
  generic: boolean;
  formats: SecretFormat[];
}

/** The keyword automaton: built once, on the first text that is scanned. */
interface Automaton {
  keywords: Keyword[];
  /** Character code → class (case folded); 0 for characters no keyword holds. */
  classes: Uint8Array;
  width: number;
  /** (state × width + class) → next state × width, plus 1 when keywords end there. */
  table: Int32Array;
  /** State × width → the keywords that end in that state. */
  outputs: Map<number, number[]>;
}

let automaton: Automaton | undefined;

function buildAutomaton(): Automaton {
  const byText = new Map<string, Keyword>();
  for (const format of SECRET_FORMATS)
    for (const text of format.keywords) {
      let keyword = byText.get(text);
      if (!keyword) {
        keyword = { text, generic: false, formats: [] };
        byText.set(text, keyword);
      }
      keyword.formats.push(format);
    }
  for (const text of GENERIC_KEYWORDS) byText.set(`~${text}`, { text, generic: true, formats: [] });
  const keywords = [...byText.values()];

  const classes = new Uint8Array(65536);
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

  // The trie, then failure links breadth-first (Aho-Corasick), folded into one table.
  const next: number[][] = [new Array(width).fill(-1)];
  const ends: number[][] = [[]];
  keywords.forEach((keyword, k) => {
    let state = 0;
    for (const ch of keyword.text.toLowerCase()) {
      const c = classes[ch.charCodeAt(0)] as number;
      const row = next[state] as number[];
      if (row[c] === -1) {
        row[c] = next.length;
        next.push(new Array(width).fill(-1));
        ends.push([]);
      }
      state = row[c] as number;
    }
    (ends[state] as number[]).push(k);
  });
  const fail = new Array<number>(next.length).fill(0);
  const queue: number[] = [];
  const root = next[0] as number[];
  for (let c = 0; c < width; c++) {
    if (root[c] === -1) root[c] = 0;
    else queue.push(root[c] as number);
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head] as number;
    const row = next[state] as number[];
    for (let c = 0; c < width; c++) {
      const target = row[c] as number;
      const fallback = (next[fail[state] as number] as number[])[c] as number;
      if (target === -1) {
        row[c] = fallback;
        continue;
      }
      fail[target] = fallback;
      (ends[target] as number[]).push(...(ends[fallback] as number[]));
      queue.push(target);
    }
  }
  const table = new Int32Array(next.length * width);
  const outputs = new Map<number, number[]>();
  for (let s = 0; s < next.length; s++) {
    if ((ends[s] as number[]).length > 0) outputs.set(s * width, ends[s] as number[]);
    for (let c = 0; c < width; c++) {
      const target = (next[s] as number[])[c] as number;
      table[s * width + c] = target * width * 2 + ((ends[target] as number[]).length > 0 ? 1 : 0);
    }
  }
  return { keywords, classes, width, table, outputs };
}

/** Calls `onKeyword(keyword, start)` for every keyword occurrence, case-insensitively. */
function eachKeyword(text: string, onKeyword: (keyword: Keyword, start: number) => void): void {
  automaton ??= buildAutomaton();
  const { keywords, classes, table, outputs } = automaton;
  let state = 0;
  for (let i = 0; i < text.length; i++) {
    const value = table[state + (classes[text.charCodeAt(i)] as number)] as number;
    state = value >> 1;
    if ((value & 1) === 0) continue;
    for (const k of outputs.get(state) as number[]) {
      const keyword = keywords[k] as Keyword;
      onKeyword(keyword, i + 1 - keyword.text.length);
    }
  }
}

/** A character that continues a token: a format's prefix right after one is inside a word. */
const TOKEN_BEFORE = /[A-Za-z0-9_-]/;

/**
 * Tries `format` at the keyword at `at`. `covered` holds, per format, where its last match
 * ended: a keyword inside that match (`sk-sk-sk-…`) is not tried again, so each format reads
 * each character of the text at most a bounded number of times.
 */
function tryFormat(
  format: SecretFormat,
  text: string,
  at: number,
  found: Candidate[],
  covered: Map<SecretFormat, number>,
): void {
  let start = at;
  if (typeof format.back === "number") start = at - format.back;
  else if (format.back) {
    const { chars, max } = format.back;
    while (start > 0 && at - start < max && chars.test(text[start - 1] as string)) start--;
  }
  if (start < 0 || start < (covered.get(format) ?? 0)) return;
  // A format's prefix starts a token: `task-runner` holds no `sk-` key.
  const before = start > 0 ? (text[start - 1] as string) : "";
  if (format.back === undefined && !format.anywhere && TOKEN_BEFORE.test(before)) return;
  format.pattern.lastIndex = start;
  const match = format.pattern.exec(text);
  if (!match) return;
  covered.set(format, match.index + match[0].length);
  const confidence = format.check(match, text);
  const value = match[format.group ?? 0] as string;
  const why = typeof format.why === "function" ? format.why(match) : format.why;
  const index =
    format.group === undefined ? match.index : (match.indices?.[format.group]?.[0] ?? -1);
  if (index < 0) return;
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
  let keyStart = at;
  while (keyStart > 0 && at - keyStart < 64 && KEY_CHAR.test(text[keyStart - 1] as string))
    keyStart--;
  let keyEnd = at + length;
  while (keyEnd < text.length && keyEnd - at < 64 && KEY_CHAR.test(text[keyEnd] as string))
    keyEnd++;
  const key = text.slice(keyStart, keyEnd).replace(/\.+$/, "");
  // A key inside an ARN or a path (`arn:...:secret:prod/*`) is not a key.
  const before = text[keyStart - 1];
  if (before === ":" || before === "/" || !isSecretKey(key)) return keyEnd;
  const flag = key.startsWith("-");
  ASSIGNMENT.lastIndex = keyStart + key.length;
  let match = ASSIGNMENT.exec(text);
  if (!match && flag) {
    FLAG_VALUE.lastIndex = keyStart + key.length;
    match = FLAG_VALUE.exec(text);
  }
  if (!match) return keyEnd;
  const quoted = match[2];
  const value = quoted ?? (match[3] as string);
  const end = match.index + match[0].length;
  // A bare value is the rest of its line (`KEY=value`, `key: value  # note`), not prose; a
  // command-line flag's ends at the next space (`--password=VALUE next-argument`).
  if (quoted === undefined && !endsBareValue(text, end) && !(flag && /\s/.test(text[end] ?? "")))
    return keyEnd;
  if (!looksLikeRealPassword(value)) return keyEnd;
  found.push({
    formatId: "generic-assignment",
    kind: `a hard-coded \`${key.replace(/^[-.]+/, "")}\` value`,
    confidence: "possible",
    index: end - value.length - (quoted === undefined ? 0 : 1),
    length: value.length,
    redacted: `${value.length} characters`,
    why: "it is a literal, not a placeholder or a reference to where the secret lives",
    generic: true,
  });
  return keyEnd;
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
  const found = scan(text);
  const joins = findJoins(text);
  if (joins.length > 0) found.push(...scanJoined(text, joins));
  return settle(found);
}

function scan(text: string): Candidate[] {
  const found: Candidate[] = [];
  let genericUntil = -1;
  const covered = new Map<SecretFormat, number>();
  let privateKeyEnd = -2;
  eachKeyword(text, (keyword, start) => {
    if (keyword.generic) {
      if (start >= genericUntil)
        genericUntil = tryAssignment(text, start, keyword.text.length, found);
      return;
    }
    // Keywords are found case-insensitively; provider prefixes are case-sensitive.
    if (!text.startsWith(keyword.text, start)) return;
    if (keyword.text === "-----BEGIN ") {
      // The pattern reads up to the END line: skip the try when no END line follows.
      if (privateKeyEnd !== -1 && privateKeyEnd < start)
        privateKeyEnd = text.indexOf("-----END ", start);
      if (privateKeyEnd < 0 || privateKeyEnd - start > 12_100) return;
    }
    for (const format of keyword.formats) tryFormat(format, text, start, found, covered);
  });
  return found;
}

/**
 * Where a token goes on on the next line: a backslash-newline inside a shell string, or a
 * string literal closed and opened again (`"abc" +⏎ "def"`, Python's implicit joining).
 */
const JOIN =
  /(?<=[A-Za-z0-9_+/=.-])(?:\\\r?\n|(["'])[ \t]{0,40}(?:[+.][ \t]{0,40})?\\?\r?\n[ \t]{0,80}(?:[+.][ \t]{0,40})?\1)(?=[A-Za-z0-9_+/=.-])/g;

function findJoins(text: string): { index: number; length: number }[] {
  if (!text.includes("\n")) return [];
  const joins: { index: number; length: number }[] = [];
  for (const match of text.matchAll(JOIN))
    joins.push({ index: match.index, length: match[0].length });
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
  for (const candidate of scan(joined)) {
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

export interface FileSecrets {
  /** Absolute path. */
  path: string;
  /** Relative to the skill folder. */
  rel: string;
  lines: LineIndex;
  findings: SecretFinding[];
}

const SKILL_SECRETS = Symbol("secrets in the files of a skill");

/**
 * The secrets in SKILL.md and every text file of the skill, scanned once per skill for both
 * rules (`ops/hardcoded-secret` reports the sure ones, `ops/possible-secret` the others).
 */
export function secretsOfSkill(skill: SkillFile): FileSecrets[] {
  return skill.derived(SKILL_SECRETS, () => {
    const files: FileSecrets[] = [];
    if (skill.readError !== undefined) return files;
    if (!looksBinary(skill.bytes)) {
      const findings = findSecrets(skill.text);
      if (findings.length > 0)
        files.push({ path: skill.path, rel: "SKILL.md", lines: skill.lines, findings });
    }
    for (const entry of skill.files) {
      if (entry.path === skill.path) continue;
      const text = skill.textOf(entry);
      if (text === undefined) continue;
      const findings = findSecrets(text);
      if (findings.length > 0)
        files.push({ path: entry.path, rel: entry.rel, lines: new LineIndex(text), findings });
    }
    return files;
  });
}

/** Every regular expression the scan runs over a file's text (the linearity test reads it). */
export const SCAN_PATTERNS: readonly RegExp[] = [
  ASSIGNMENT,
  FLAG_VALUE,
  JOIN,
  ...SECRET_FORMATS.map((format) => format.pattern),
];
