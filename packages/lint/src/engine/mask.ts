/**
 * Secrets never leave the engine. A rule whose findings are secrets (`redactsRange`) reports
 * the secret's range; before any formatter sees the run, the characters of every such range
 * become `*` in the file's `source` (line breaks kept, so every position stays valid and code
 * frames, JSON, SARIF, annotations and JUnit can only print the masked text), and the secret
 * is blanked in every message and hint of the run, since another rule may quote the line that
 * holds it; a fix whose new text holds it is dropped from the report. Secret findings a
 * directive silenced (`hidden`) are masked the same way, and a file lists at most `MAX_SHOWN`
 * findings of a secret rule (one dump of keys does not flood the report), every one of them
 * masked, then one finding that counts the rest.
 */
import { type Diagnostic, LineIndex } from "@ops-skill/core";
import type { FileResult } from "./lint.js";
import { moreFindingsMessage } from "./rules.js";

/** Pieces of a secret shorter than this are not searched for in messages. */
const MIN_QUOTED = 6;

/** At most this many findings of one secret rule are listed for a file. */
export const MAX_SHOWN = 20;

export function maskSecrets(
  results: readonly FileResult[],
  secretRules: ReadonlySet<string>,
  hidden: readonly Diagnostic[] = [],
): void {
  if (secretRules.size === 0) return;
  const secrets = new Set<string>();
  const hiddenIn = new Map<string, Diagnostic[]>();
  for (const d of hidden) {
    const list = hiddenIn.get(d.file);
    if (list) list.push(d);
    else hiddenIn.set(d.file, [d]);
  }
  for (const result of results) {
    const source = result.source;
    const shown = result.diagnostics.filter((d) => secretRules.has(d.ruleId));
    if (shown.length > MAX_SHOWN) result.diagnostics = capped(result.diagnostics, secretRules);
    if (source === undefined) continue;
    const ranges = [...shown, ...(hiddenIn.get(result.filePath) ?? [])];
    if (ranges.length === 0) continue;
    const lines = new LineIndex(source);
    const spans = ranges
      .map((d) => [
        lines.offsetAt({ line: d.line, column: d.column }),
        lines.offsetAt({ line: d.endLine, column: d.endColumn }),
      ])
      .filter(([start, end]) => (end as number) > (start as number))
      .sort((a, b) => (a[0] as number) - (b[0] as number)) as [number, number][];
    let masked = "";
    let from = 0;
    for (const [start, end] of spans) {
      const begin = Math.max(start, from);
      if (end <= begin) continue;
      const secret = source.slice(begin, end);
      for (const piece of secret.split(/\r\n|\n|\r/))
        if (piece.length >= MIN_QUOTED) secrets.add(piece);
      masked += source.slice(from, begin) + secret.replace(/[^\r\n]/g, "*");
      from = end;
    }
    result.source = masked + source.slice(from);
  }
  if (secrets.size === 0) return;
  const blank = (text: string) => {
    let out = text;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join("****");
    return out;
  };
  for (const result of results)
    for (const d of result.diagnostics) {
      d.message = blank(d.message);
      if (d.hint) d.hint = blank(d.hint);
      // A fix whose new text holds a secret (one that quotes a frontmatter value) is left out
      // of the report: the JSON `fix` would print it, and a blanked one would write `****`
      // into the file. `--fix` has applied it already when asked.
      if (d.fix?.edits.some((edit) => [...secrets].some((secret) => edit.text.includes(secret))))
        delete d.fix;
    }
}

/**
 * The diagnostics with at most `MAX_SHOWN` findings of each secret rule, the first ones, and
 * for each rule with more, one finding (where the first one left out is) that counts them.
 */
function capped(
  diagnostics: readonly Diagnostic[],
  secretRules: ReadonlySet<string>,
): Diagnostic[] {
  const first = new Set<Diagnostic>();
  const byRule = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    if (!secretRules.has(d.ruleId)) continue;
    const list = byRule.get(d.ruleId);
    if (list) list.push(d);
    else byRule.set(d.ruleId, [d]);
  }
  const more: Diagnostic[] = [];
  for (const [ruleId, list] of byRule) {
    list.sort((a, b) => a.line - b.line || a.column - b.column);
    for (const d of list.slice(0, MAX_SHOWN)) first.add(d);
    const next = list[MAX_SHOWN];
    if (next)
      more.push({
        ruleId,
        severity: next.severity,
        message: moreFindingsMessage(ruleId, list.length - MAX_SHOWN, MAX_SHOWN),
        file: next.file,
        line: next.line,
        column: next.column,
        endLine: next.line,
        endColumn: next.column + 1,
      });
  }
  const kept = diagnostics.filter((d) => !secretRules.has(d.ruleId) || first.has(d));
  for (const d of more) kept.push(d);
  return kept;
}
