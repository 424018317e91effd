/**
 * What Codex 0.169.0 hides in the `command` it displays (`--json` items and the human log):
 * four patterns applied in this order to the displayed (quoted) command, each match replaced by
 * `[REDACTED_SECRET]`. `aggregated_output` is never redacted. Measured on the binary and on the
 * recorded session `conformance/mock/cases/redacted-secret` (a `Bearer` token is taken before an
 * OpenAI key inside it; `ghp_` tokens and values under 8 characters stay).
 */
const MARK = "[REDACTED_SECRET]";

/** A bearer token: the word (any case) becomes `Bearer`. */
const BEARER = /\bBearer[ \t]+[A-Za-z0-9._~+/-]{16,}=*/gi;
const OPENAI_KEY = /sk-[A-Za-z0-9]{20,}/g;
const AWS_ACCESS_KEY_ID = /\bAKIA[0-9A-Z]{16}\b/g;
/** `api_key=...`, `token: ...`, `secret='...'`: the name, the separator and a quote stay. */
const ASSIGNMENT = /\b(api[_-]?key|token|secret|password)\b(\s*[:=]\s*)(["']?)[^\s"']{8,}/gi;

/** Cheap test before the regexes: every pattern needs one of these (lower-cased) words. */
const HINTS = ["bearer", "sk-", "akia", "key", "token", "secret", "password"];

/** The command as Codex displays it, secrets replaced. */
export function redactSecrets(command: string): string {
  const lower = command.toLowerCase();
  if (!HINTS.some((hint) => lower.includes(hint))) return command;
  return command
    .replace(BEARER, `Bearer ${MARK}`)
    .replace(OPENAI_KEY, MARK)
    .replace(AWS_ACCESS_KEY_ID, MARK)
    .replace(ASSIGNMENT, `$1$2$3${MARK}`);
}
