/**
 * Tests that tell a real credential from the stand-ins documentation is full of: check digits
 * (CRC-32 in base62 for GitHub and npm tokens, bech32 for age keys), an entropy floor, and
 * counting sequences, repeats and placeholder words. Each runs on one candidate value at a
 * time, in time linear in its length.
 */

/** Shannon entropy of the characters of `value`, in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

let crcTable: Int32Array | undefined;

/** CRC-32 (IEEE 802.3, as zlib computes it) of a string of single-byte characters. */
export function crc32(text: string): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let crc = -1;
  for (let i = 0; i < text.length; i++)
    crc = (crc >>> 8) ^ (crcTable[(crc ^ text.charCodeAt(i)) & 0xff] as number);
  return (crc ^ -1) >>> 0;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `n` in base62 (digits, then upper case, then lower case), left-padded with `0`. */
export function base62(n: number, width: number): string {
  let out = "";
  let rest = n;
  do {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, "0");
}

/**
 * GitHub's (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`) and npm's (`npm_`) token check digits:
 * after the prefix come 30 random base62 characters and then the CRC-32 of those 30 in
 * base62, six characters wide. `body` is the part after the prefix.
 */
export function hasBase62Checksum(body: string): boolean {
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
}

const BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const BECH32_GENERATORS = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function bech32Polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= BECH32_GENERATORS[i] as number;
  }
  return chk >>> 0;
}

/** Whether a bech32 string (BIP 173: `hrp` `1` data, six checksum characters) is intact. */
export function isValidBech32(value: string): boolean {
  const lower = value.toLowerCase();
  if (lower !== value && value.toUpperCase() !== value) return false;
  const separator = lower.lastIndexOf("1");
  if (separator < 1 || lower.length - separator - 1 < 6) return false;
  const values: number[] = [];
  for (let i = 0; i < separator; i++) values.push(lower.charCodeAt(i) >> 5);
  values.push(0);
  for (let i = 0; i < separator; i++) values.push(lower.charCodeAt(i) & 31);
  for (let i = separator + 1; i < lower.length; i++) {
    const v = BECH32.indexOf(lower[i] as string);
    if (v < 0) return false;
    values.push(v);
  }
  return bech32Polymod(values) === 1;
}

/** The bech32 checksum for `hrp` and data values (for tests and the corpus generator). */
export function bech32Checksum(hrp: string, data: readonly number[]): string {
  const values: number[] = [];
  for (let i = 0; i < hrp.length; i++) values.push(hrp.charCodeAt(i) >> 5);
  values.push(0);
  for (let i = 0; i < hrp.length; i++) values.push(hrp.charCodeAt(i) & 31);
  values.push(...data, 0, 0, 0, 0, 0, 0);
  const mod = bech32Polymod(values) ^ 1;
  let out = "";
  for (let i = 0; i < 6; i++) out += BECH32[(mod >>> (5 * (5 - i))) & 31];
  return out;
}

const lowerCode = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Counting made to look like a key: a run of five characters that count up or down
 * (`abcde`, `12345`, `EDCBA`), or letters and digits that each count on through the value
 * (`A1B2C3D4…`, `abc123~defGHI456…`). Random keys do neither.
 */
export function isSequential(value: string): boolean {
  let up = 1;
  let down = 1;
  let letterSteps = 0;
  let letterCounting = 0;
  let digitSteps = 0;
  let digitCounting = 0;
  let lastLetter = -1;
  let lastDigit = -1;
  for (let i = 0; i < value.length; i++) {
    const c = lowerCode(value.charCodeAt(i));
    if (i > 0) {
      const d = c - lowerCode(value.charCodeAt(i - 1));
      up = d === 1 ? up + 1 : 1;
      down = d === -1 ? down + 1 : 1;
      if (up >= 5 || down >= 5) return true;
    }
    if (isLetter(c)) {
      if (lastLetter >= 0) {
        letterSteps++;
        if (c - lastLetter === 1 || c === lastLetter) letterCounting++;
      }
      lastLetter = c;
    } else if (isDigit(c)) {
      if (lastDigit >= 0) {
        digitSteps++;
        if (c - lastDigit === 1 || (lastDigit === 57 && c === 48) || c === lastDigit)
          digitCounting++;
      }
      lastDigit = c;
    }
  }
  const steps = letterSteps + digitSteps;
  return steps >= 8 && (letterCounting + digitCounting) / steps >= 0.6;
}

/**
 * A short unit said over and over (`xxxxxxxx`, `abababab`, `Ab1Ab1Ab1…`): at least 60% of the
 * characters equal the one `period` places before, for some period up to `maxPeriod`.
 */
export function isRepetitive(value: string, maxPeriod = 8): boolean {
  const n = value.length;
  for (let p = 1; p <= Math.min(maxPeriod, Math.floor(n / 2)); p++) {
    let same = 0;
    for (let i = p; i < n; i++) if (value.charCodeAt(i) === value.charCodeAt(i - p)) same++;
    if (same / (n - p) >= 0.6) return true;
  }
  return false;
}

/** Words that mark a value as a stand-in, wherever they appear in it. */
const PLACEHOLDER_WORD =
  /example|sample|dummy|fake|test|demo|changeme|change_me|change-me|placeholder|redacted|replace|insert|your|my_api|my-api|myapi|my_secret|my-secret|mysecret|my_token|my-token|mytoken|my_key|my-key|mykey|my_pass|my-pass|mypass|xxx|\*\*\*|\.\.\.|…|<|\{\{|\$\{|\$\(|%\(|%s|todo|fixme|here$|key_here|key-here|keyhere/i;

export function hasPlaceholderWord(value: string): boolean {
  return PLACEHOLDER_WORD.test(value);
}

/**
 * Stand-in words inside a token's random part. Only words a random string cannot spell by
 * chance: a 1,600-character key spells `xxx` or `test` one time in twenty.
 */
const TOKEN_PLACEHOLDER =
  /example|sample|dummy|placeholder|redacted|changeme|your[-_]?(?:api|key|token|secret)|x{5}|0{8}|\.{3}|…|\*{3}|[<>{}]/i;

/**
 * The random part of a token: entropy at least `floor` bits per character, no counting, no
 * repeats, no placeholder words.
 */
export function looksRandom(value: string, floor: number): boolean {
  return (
    shannonEntropy(value) >= floor &&
    !isSequential(value) &&
    !isRepetitive(value) &&
    !TOKEN_PLACEHOLDER.test(value)
  );
}

/** A placeholder word in the random part of a token (see `looksRandom`). */
export function hasTokenPlaceholder(value: string): boolean {
  return TOKEN_PLACEHOLDER.test(value);
}

/** Words a password value is made of when it only names or describes one. */
const PASSWORD_WORD =
  /passw(?:or)?d|passwd|secret|token|apikey|api[_-]key|credential|s3cr3t|letmein|qwerty|welcome|admin(?:istrator)?$|root$|default|none|null|undefined|required|optional|string|value|empty|foo|bar/i;

const FILE_EXTENSION =
  /\.(?:json|ya?ml|pem|key|crt|cer|der|txt|env|p12|pfx|jks|keystore|ini|cfg|conf|toml|sh|py|js|ts|gpg|asc|enc|age|b64)$/i;

/** A value made of words, as names are: `prod-db-credentials`, `SENDGRID_API_KEY`, `SendGridApiKey`. */
export function isNameLike(value: string): boolean {
  let end = value.length;
  while (end > 0 && "!?.;,".includes(value[end - 1] as string)) end--;
  const bare = value.slice(0, end);
  if (/^[A-Za-z]+$/.test(bare)) return true;
  const segments = bare.split(/[-_.:/ ]/);
  if (segments.length < 2) return false;
  return segments.every((s) => /^(?:[a-z]+\d{0,4}|[A-Z]+\d{0,4}|[A-Z][a-z]+\d{0,4}|\d+)$/.test(s));
}

/** A path, a URL without credentials, a reference to where the secret really lives. */
export function isReference(value: string): boolean {
  if (/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\|\\\\)/.test(value)) return true;
  if (FILE_EXTENSION.test(value)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return true;
  // Secret stores and templating: `@vercel-secret`, `$VAR`, `%VAR%`, `!Ref`, `ENC[...]`,
  // `op://`, `vault:`, `arn:aws:`, `projects/p/secrets/s`, `secretRef:`.
  if (/^[@$%&*!#]|^ENC\[|^(?:op|vault|arn|ref\+|sm|gcp|aws|azure|secret|env|sha\d+):/i.test(value))
    return true;
  if (/(?:^|\/)(?:secrets?|projects|versions)\//.test(value)) return true;
  return /^[^\s@]{1,64}@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(value);
}

/**
 * A password or token someone really typed, not a stand-in: 8 to 200 characters, two kinds of
 * character at least (lower, upper, digit, symbol), not a name, path, reference, placeholder,
 * counting or a character said over and over, and an entropy of at least 2.5 bits per character.
 * `hunter2hunter2` passes; `Test123!`, `changeme`, `{BearerToken}`, `SendGridApiKey` do not.
 */
export function looksLikeRealPassword(value: string, user?: string): boolean {
  if (value.length < 8 || value.length > 200) return false;
  if (/[\s(){}<>[\]"'`\\]|\$[{(A-Za-z_]/.test(value)) return false;
  // An address on a blockchain is public (`0x` and 40 hex digits); a UUID names a thing (a
  // download link's `token=<uuid>`, a request id).
  if (/^0x[0-9a-fA-F]{40}$|^[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$/.test(value))
    return false;
  if (user !== undefined && value.toLowerCase() === user.toLowerCase()) return false;
  let kinds = 0;
  if (/[a-z]/.test(value)) kinds++;
  if (/[A-Z]/.test(value)) kinds++;
  if (/\d/.test(value)) kinds++;
  if (/[^A-Za-z0-9]/.test(value)) kinds++;
  if (kinds < 2 || /^\d+$/.test(value)) return false;
  if (isNameLike(value) || isReference(value)) return false;
  if (hasPlaceholderWord(value) || PASSWORD_WORD.test(value)) return false;
  if (isSequential(value) || isRepetitive(value, 2)) return false;
  return shannonEntropy(value) >= 2.5;
}
