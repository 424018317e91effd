/**
 * Splits a SKILL.md into frontmatter and body with Codex's delimiter rule: line 1 and a later
 * line are `---` after trimming whitespace, with at least one line between them. Lines end at
 * `\n` (a trailing `\r` is dropped), so CR-only files have one line and no frontmatter.
 */

import { rustTrim } from "./whitespace.js";

export interface FrontmatterSplit {
  /** Offset of the first character of line 1 (the opening `---`). */
  openStart: number;
  /** Offset where the YAML text starts (line 2). */
  yamlStart: number;
  /** Offset where the closing delimiter line starts (end of the YAML text). */
  yamlEnd: number;
  /** Offset just past the closing delimiter line and its line ending: where the body starts. */
  bodyStart: number;
  /** 1-based line of the closing delimiter. */
  closeLine: number;
  /** The YAML text exactly as Codex hands it to the YAML parser (lines joined with `\n`). */
  yaml: string;
}

export type FrontmatterProblem =
  | { kind: "no-opening"; detail: "bom" | "leading-blank" | "cr-only" | "other" }
  | { kind: "no-closing" }
  | { kind: "empty" };

interface Line {
  start: number;
  /** Offset past the content, before `\r\n` / `\n`. */
  contentEnd: number;
  /** Offset past the line ending. */
  end: number;
}

/** The line starting at `start` (which must be a line start). */
function lineAt(text: string, start: number): Line {
  const nl = text.indexOf("\n", start);
  const end = nl === -1 ? text.length : nl + 1;
  let contentEnd = nl === -1 ? text.length : nl;
  if (contentEnd > start && text.charCodeAt(contentEnd - 1) === 13) contentEnd--;
  return { start, contentEnd, end };
}

/** Whether a line's content is a delimiter: `---` once Rust's white space is trimmed. */
function isDelimiter(content: string): boolean {
  return content.includes("---") && rustTrim(content) === "---";
}

export function splitFrontmatter(text: string): FrontmatterSplit | FrontmatterProblem {
  // Lines are read only up to the closing delimiter: the body is never split here.
  const first = text.length > 0 ? lineAt(text, 0) : undefined;
  const content = (line: Line) => text.slice(line.start, line.contentEnd);
  if (!first || !isDelimiter(content(first))) {
    return { kind: "no-opening", detail: openingDetail(text, first ? content(first) : "") };
  }
  const yamlLines: string[] = [];
  let yamlStart: number | undefined;
  for (let start = first.end, number = 2; start < text.length; number++) {
    const line = lineAt(text, start);
    const lineContent = content(line);
    if (isDelimiter(lineContent)) {
      if (yamlStart === undefined) return { kind: "empty" };
      return {
        openStart: first.start,
        yamlStart,
        yamlEnd: line.start,
        bodyStart: line.end,
        closeLine: number,
        yaml: yamlLines.join("\n"),
      };
    }
    yamlStart ??= line.start;
    yamlLines.push(lineContent);
    start = line.end;
  }
  return { kind: "no-closing" };
}

function openingDetail(
  text: string,
  firstLine: string,
): "bom" | "leading-blank" | "cr-only" | "other" {
  if (text.startsWith("\uFEFF")) return "bom";
  if (firstLine.trim() === "") {
    // Blank lines, then `---`: found by a scan (`^\s*\r?\n\s*---` backtracks quadratically).
    const start = text.search(/\S/);
    if (start > 0 && text.startsWith("---", start) && text.lastIndexOf("\n", start) !== -1)
      return "leading-blank";
  }
  if (firstLine.includes("\r")) return "cr-only";
  return "other";
}

export function isFrontmatterProblem(
  split: FrontmatterSplit | FrontmatterProblem,
): split is FrontmatterProblem {
  return "kind" in split;
}
