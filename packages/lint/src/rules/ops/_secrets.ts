/**
 * Credentials written into a skill's files. Known token formats first, then a generic
 * `password = "..."` assignment. Every pattern is bounded (no nested quantifiers), so a huge
 * line cannot make a scan slow.
 */

export interface SecretFinding {
  /** "an AWS access key ID", "a GitHub token"... */
  kind: string;
  /** Offset and length of the secret in the text. */
  index: number;
  length: number;
  /** What may be shown: a known prefix or the first characters, then `…`. */
  redacted: string;
}

interface Pattern {
  kind: string;
  /** Text every match holds: files without any of it are not scanned with `regex` at all. */
  hint: string[] | RegExp;
  regex: RegExp;
  /** Characters of the match that may be shown (a format prefix, never the secret part). */
  shown: number | ((value: string) => number);
  /** The secret is this capture group at the end of the match (default: the whole match). */
  group?: number;
  /** Extra test on the value (and the text after the match). */
  accept?: (value: string, after: string) => boolean;
}

/** Values that only stand in for a secret: `${VAR}`, `<token>`, `changeme`, `xxxx`... */
const PLACEHOLDER =
  /x{4,}|\*{3,}|\.{3}|…|example|sample|changeme|change_me|change-me|placeholder|dummy|redacted|replace|your[-_]|<[^>]*>|\$\{|\$\(|\{\{|%\(|^\$[A-Za-z_]/i;

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value);
}

const mixed = (value: string) => /[A-Z]/.test(value) && /[a-z]/.test(value) && /\d/.test(value);

const PATTERNS: Pattern[] = [
  {
    kind: "an AWS access key ID",
    hint: ["AKIA", "ASIA"],
    regex: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
    shown: 4,
  },
  {
    kind: "an AWS secret access key",
    hint: /aws_secret_access_key/i,
    // The key name first, not a look-behind: that would be tried at every character.
    regex:
      /\baws_secret_access_key["']?\s{0,20}[:=]\s{0,20}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    group: 1,
    shown: 2,
  },
  {
    kind: "a GitHub token",
    hint: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
    regex: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/g,
    shown: 4,
  },
  {
    kind: "a GitHub token",
    hint: ["github_pat_"],
    regex: /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g,
    shown: 11,
  },
  {
    kind: "a Slack token",
    hint: ["xox"],
    regex: /\bxox[baprs]-[A-Za-z0-9-]{10,250}[A-Za-z0-9]/g,
    shown: 5,
  },
  {
    kind: "an OpenAI API key",
    hint: ["sk-"],
    regex: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,250}/g,
    shown: (value) => /^sk-(proj|svcacct|admin)-/.exec(value)?.[0].length ?? 3,
    // Real keys mix cases and digits; `sk-some-long-kebab-name` is not one.
    accept: (value) => mixed(value.replace(/^sk-(proj-|svcacct-|admin-)?/, "")),
  },
  {
    kind: "a private key",
    hint: ["-----BEGIN "],
    regex: /-----BEGIN (?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?-----/g,
    shown: Number.POSITIVE_INFINITY,
    // Only with key material after it: a header alone in prose ("never print the
    // -----BEGIN PRIVATE KEY----- block") is no secret.
    accept: (_value, after) => /^(?:\\[nr]|\s){1,8}(?:Proc-Type:|[A-Za-z0-9+/=]{20})/.test(after),
  },
  {
    kind: "a Google API key",
    hint: ["AIza"],
    regex: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g,
    shown: 4,
  },
];

/** `password = "..."`, `api_key: '...'`, `TOKEN="..."`: a key that ends in a secret word. */
const ASSIGNMENT =
  /(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key)["']?[ \t]{0,20}(?::=|=|:)[ \t]{0,20}(["'])([^"'\s\\]{8,200})\1/gi;

function redact(value: string, shown: number): string {
  if (shown === Number.POSITIVE_INFINITY) return value;
  return `${value.slice(0, Math.min(shown, value.length))}…`;
}

function mayHold(text: string, hint: Pattern["hint"]): boolean {
  return Array.isArray(hint) ? hint.some((h) => text.includes(h)) : hint.test(text);
}

/** Finds credentials in a text, in order, without overlaps. */
export function findSecrets(text: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const pattern of PATTERNS) {
    if (!mayHold(text, pattern.hint)) continue;
    for (const match of text.matchAll(pattern.regex)) {
      const value = match[pattern.group ?? 0] as string;
      const index = match.index + match[0].length - value.length;
      const after = text.slice(index + value.length, index + value.length + 40);
      if (pattern.kind !== "a private key" && isPlaceholder(value)) continue;
      if (pattern.accept && !pattern.accept(value, after)) continue;
      const shown = typeof pattern.shown === "function" ? pattern.shown(value) : pattern.shown;
      findings.push({
        kind: pattern.kind,
        index,
        length: value.length,
        redacted: redact(value, shown),
      });
    }
  }
  for (const match of text.matchAll(ASSIGNMENT)) {
    const value = match[2] as string;
    const index = match.index + match[0].length - value.length - 1;
    if (findings.some((f) => f.index < index + value.length && index < f.index + f.length))
      continue;
    if (isPlaceholder(value)) continue;
    // Names, paths, URLs and variable names are not secrets: `secret: "prod-db-credentials"`.
    if (/^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*$/.test(value)) continue;
    if (/^[A-Z][A-Z0-9_]*$/.test(value)) continue;
    if (/^(?:[a-z][a-z0-9+.-]*:\/\/|\.{0,2}\/|~\/)/i.test(value)) continue;
    let start = match.index;
    while (start > 0 && /[A-Za-z0-9_.-]/.test(text[start - 1] as string)) start--;
    const key =
      text.slice(start, match.index) + match[0].slice(0, match[0].search(/["']?[ \t]*(?::=|=|:)/));
    findings.push({
      kind: `a hard-coded \`${key}\` value`,
      index,
      length: value.length,
      redacted: redact(value, 2),
    });
  }
  return findings.sort((a, b) => a.index - b.index);
}
