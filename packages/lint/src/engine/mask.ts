/**
 * Secrets never leave the engine. A rule whose findings are secrets (`redactsRange`) reports
 * the secret's range; before any formatter sees the run, the characters of every such range
 * become `*` in the file's `source` (line breaks kept, so every position stays valid and code
 * frames, JSON, SARIF, annotations and JUnit can only print the masked text), and the secret
 * is blanked in every message and hint of the run, since another rule may quote the line that
 * holds it.
 */
import { LineIndex } from "@ops-skill/core";
import type { FileResult } from "./lint.js";

/** Pieces of a secret shorter than this are not searched for in messages. */
const MIN_QUOTED = 6;

export function maskSecrets(
  results: readonly FileResult[],
  secretRules: ReadonlySet<string>,
): void {
  if (secretRules.size === 0) return;
  const secrets = new Set<string>();
  for (const result of results) {
    const source = result.source;
    if (source === undefined) continue;
    const ranges = result.diagnostics.filter((d) => secretRules.has(d.ruleId));
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
    }
}
