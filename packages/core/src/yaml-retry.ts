/**
 * Codex's second chance, as measured on 0.169.0 (conformance/skills, cases `yaml-retry-*`):
 * when the frontmatter does not parse, Codex rewrites it line by line and parses once more. A
 * line `<indent>[- ]<key>:<space or tab><value>` outside a block scalar gets its value
 * (trimmed, a ` #comment` removed) double-quoted when the value does not start with `"`, `'`,
 * `|` or `>` and it contains `: `, or starts with `@` or a backtick, or starts with `[` or `{`
 * without being a valid flow collection on its own.
 */
import { parseDocument } from "yaml";
import { capYamlNesting } from "./yaml-depth.js";

// `(?![ \t])` keeps the spaces after the colon from being shared with the value: the match is
// the same, and a line ending in `\r` fails at once instead of quadratically.
const KEY_LINE =
  /^(\s*(?:- )?)("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'#][^:]*?):([ \t]+)(?![ \t])(.*)$/;
const BLOCK_SCALAR = /^[|>][0-9+-]*\s*(#.*)?$/;

export function quoteSingleLineValues(yaml: string): string {
  const lines = yaml.split("\n");
  let blockIndent: number | undefined;
  return lines
    .map((line) => {
      const indent = line.length - line.trimStart().length;
      if (blockIndent !== undefined) {
        if (line.trim() === "" || indent > blockIndent) return line;
        blockIndent = undefined;
      }
      const match = KEY_LINE.exec(line);
      if (!match) return line;
      const [, prefix = "", key = "", , rawValue = ""] = match;
      const value = stripComment(rawValue.trim());
      if (BLOCK_SCALAR.test(rawValue.trim())) {
        blockIndent = indent;
        return line;
      }
      if (!needsQuoting(value)) return line;
      return `${prefix}${key}: "${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
    })
    .join("\n");
}

function stripComment(value: string): string {
  const index = value.indexOf(" #");
  return index === -1 ? value : value.slice(0, index).trimEnd();
}

function needsQuoting(value: string): boolean {
  if (value === "" || /^["'|>]/.test(value)) return false;
  if (value.includes(": ")) return true;
  if (/^[@`]/.test(value)) return true;
  if (/^[[{]/.test(value)) return !isFlowCollection(value);
  return false;
}

function isFlowCollection(value: string): boolean {
  // Nested past serde_yaml's recursion limit, it is no valid flow collection to Codex either
  // (and it is never handed to the parser: see yaml-depth.ts).
  if (capYamlNesting(value).cappedAt !== undefined) return false;
  const document = parseDocument(value, { strict: true, uniqueKeys: false });
  if (document.errors.length > 0) return false;
  try {
    document.toJS({ maxAliasCount: 100 });
    return true;
  } catch {
    return false;
  }
}
