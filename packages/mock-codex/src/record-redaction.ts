/**
 * Redaction of a recorded session, at record time: every secret found in any text of the
 * cassette is replaced, everywhere it occurs, by a stable placeholder (`[REDACTED:<kind>:<n>]`,
 * numbered in order of first appearance, so the same secret is the same placeholder throughout
 * one cassette). Found: what the linter's secret scan finds (`@ops-skill/core/secrets`: API
 * keys and tokens, bearer tokens, AWS, GCP and Azure keys, private keys and PEM blocks, passwords
 * in assignments), base64-encoded private keys (a Kubernetes secret's `tls.key`), any value of a
 * `tls.key` field, and the values the user names. Pure.
 */
import { findSecrets } from "@ops-skill/core/secrets";

export interface RedactionOptions {
  /** Values to redact wherever they appear (`--redact VALUE`, `--redact-env NAME`'s values). */
  values?: ReadonlyArray<{ value: string; label: string }>;
}

/** The shortest value redacted (a shorter one would replace ordinary text). */
export const MIN_REDACTED_LENGTH = 4;

interface Found {
  secret: string;
  kind: string;
}

/** `LS0tLS1CRUdJTi` is `-----BEGIN` in base64: a PEM block encoded once more. */
const BASE64_PEM = /LS0tLS1CRUdJTi[A-Za-z0-9+/]{16,20000}={0,2}/g;
/** A `tls.key` field's value, in YAML (`tls.key: <b64>`) or JSON (`"tls.key": "<b64>"`). */
const TLS_KEY = /tls\.key"?[ \t]{0,8}:[ \t]{0,8}"?([A-Za-z0-9+/]{16,20000}={0,2})/g;

function encodedPrivateKey(base64: string): boolean {
  const head = Buffer.from(base64.slice(0, 80), "base64").toString("latin1");
  return /^-----BEGIN [A-Z0-9 ]{0,30}PRIVATE KEY/.test(head);
}

function secretsIn(text: string): Found[] {
  const found: Found[] = [];
  for (const finding of findSecrets(text)) {
    found.push({
      secret: text.slice(finding.index, finding.index + finding.length),
      kind: finding.formatId,
    });
  }
  if (text.includes("LS0tLS1CRUdJTi")) {
    for (const match of text.matchAll(BASE64_PEM)) {
      if (encodedPrivateKey(match[0])) found.push({ secret: match[0], kind: "private-key-base64" });
    }
  }
  if (text.includes("tls.key")) {
    for (const match of text.matchAll(TLS_KEY)) {
      found.push({ secret: match[1] as string, kind: "tls-key" });
    }
  }
  return found;
}

/** Redacts a set of texts together, so a secret has one placeholder across all of them. */
export class Redactor {
  private readonly placeholders = new Map<string, string>();
  private readonly counts = new Map<string, number>();
  private count = 0;

  constructor(options: RedactionOptions = {}) {
    for (const { value, label } of options.values ?? []) {
      if (value.length >= MIN_REDACTED_LENGTH) this.add(value, label);
    }
  }

  private add(secret: string, kind: string): void {
    if (this.placeholders.has(secret) || secret.length < MIN_REDACTED_LENGTH) return;
    this.count++;
    this.placeholders.set(secret, `[REDACTED:${kind}:${this.count}]`);
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }

  /** Finds the secrets of `text` (call for every text first, then `redact` each). */
  scan(text: string): void {
    for (const { secret, kind } of secretsIn(text)) this.add(secret, kind);
  }

  /** `text` with every secret known so far replaced, longest first. */
  redact(text: string): string {
    if (this.placeholders.size === 0) return text;
    let out = text;
    const secrets = [...this.placeholders.keys()].sort((a, b) => b.length - a.length);
    for (const secret of secrets) {
      if (out.includes(secret))
        out = out.split(secret).join(this.placeholders.get(secret) as string);
    }
    return out;
  }

  /** How many distinct secrets were found, by kind. */
  summary(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  get size(): number {
    return this.placeholders.size;
  }
}

/** Redacts the texts as one cassette: scans them all, then replaces in each. */
export function redactTexts(texts: readonly string[], options: RedactionOptions = {}): string[] {
  const redactor = new Redactor(options);
  for (const text of texts) redactor.scan(text);
  return texts.map((text) => redactor.redact(text));
}
