import { defineSkillRule } from "../../rule.js";
import { hasBody } from "../../rule-support/skill-files.js";

const PLACEHOLDER =
  /\b(TODO|FIXME|TBD|XXX)\b|<(placeholder|insert[^<>]*|your[-_ ][^<>]*|replace[-_ ][^<>]*|fill[-_ ][^<>]*|todo[^<>]*|tbd)>|\[(TODO|TBD|placeholder)[^\][]*\]|\blorem ipsum\b/gi;
const MARKER = /^(TODO|FIXME|TBD|XXX)$/;

/** Placeholders in a line of prose, with inline code blanked out so `<namespace>` in code stays. */
export function findPlaceholders(text: string): { text: string; index: number }[] {
  const prose = text.includes("`") ? blankInlineCode(text) : text;
  const found: { text: string; index: number }[] = [];
  for (const match of prose.matchAll(PLACEHOLDER)) {
    // Markers count only in capitals: "todo list" and "xxx-large" are prose.
    if (match[1] !== undefined && !MARKER.test(match[1])) continue;
    found.push({ text: match[0], index: match.index });
  }
  return found;
}

/**
 * `text` with each code span (a run of backticks, text, and the next run of exactly as many
 * backticks) replaced by spaces. Runs are paired by length in one pass, so a line of many
 * unmatched backtick runs stays linear.
 */
function blankInlineCode(text: string): string {
  const runs: { start: number; end: number }[] = [];
  for (let i = 0; i < text.length; ) {
    if (text[i] !== "`") {
      i++;
      continue;
    }
    const start = i;
    while (text[i] === "`") i++;
    runs.push({ start, end: i });
  }
  // For each run, the index of the next run of the same length.
  const nextSameLength = new Array<number>(runs.length).fill(-1);
  const lastOfLength = new Map<number, number>();
  for (let r = runs.length - 1; r >= 0; r--) {
    const run = runs[r] as { start: number; end: number };
    const length = run.end - run.start;
    nextSameLength[r] = lastOfLength.get(length) ?? -1;
    lastOfLength.set(length, r);
  }
  let out = "";
  let copied = 0;
  for (let r = 0; r < runs.length; ) {
    const close = nextSameLength[r] as number;
    if (close === -1) {
      r++;
      continue;
    }
    const open = runs[r] as { start: number; end: number };
    const end = (runs[close] as { start: number; end: number }).end;
    out += text.slice(copied, open.start) + " ".repeat(end - open.start);
    copied = end;
    r = close + 1;
  }
  return out + text.slice(copied);
}

/**
 * Whether a text may hold a placeholder: true for every text where `findPlaceholders` finds
 * one (blanking code only removes matches), so one search over the body skips clean skills.
 */
const MARKER_ANYWHERE = /\b(?:TODO|FIXME|TBD|XXX)\b/;
const OTHER_ANYWHERE =
  /<(?:placeholder|insert|your[-_ ]|replace[-_ ]|fill[-_ ]|todo|tbd)|\[(?:TODO|TBD|placeholder)|\blorem ipsum\b/i;

/** A line with each `<!-- ops-skill-... -->` comment (to its `-->` or the line's end) blanked. */
function blankDirectives(text: string): string {
  let out = text;
  for (let at = text.indexOf("<!--"); at !== -1; ) {
    let content = at + 4;
    while (text[content] === " " || text[content] === "\t") content++;
    if (!text.startsWith("ops-skill-", content)) {
      at = text.indexOf("<!--", content);
      continue;
    }
    const close = text.indexOf("-->", content);
    const end = close === -1 ? text.length : close + 3;
    out = out.slice(0, at) + " ".repeat(end - at) + out.slice(end);
    at = text.indexOf("<!--", end);
  }
  return out;
}

function mayHoldPlaceholder(text: string): boolean {
  return MARKER_ANYWHERE.test(text) || OTHER_ANYWHERE.test(text);
}

export default defineSkillRule(
  {
    id: "quality/placeholder-text",
    description:
      "TODO, FIXME, TBD or a `<placeholder>` left in the instructions outside code reaches the model as is.",
    defaultSeverity: "warning",
  },
  ({ skill, report }) => {
    if (!hasBody(skill)) return;
    const description = skill.field("description");
    if (description?.text) {
      const [first] = findPlaceholders(description.text);
      if (first) {
        const { start } = skill.fieldPosition(description, "value");
        report({
          message: `The description still holds the placeholder "${first.text}"; Codex shows it to the model as the skill's description.`,
          line: start.line,
          column: start.column,
        });
      }
    }
    if (!mayHoldPlaceholder(skill.text.slice(skill.bodyStart))) return;
    for (const line of skill.markdown.proseLines) {
      let text = skill.lines.lineText(line);
      // A directive may name a TODO as its reason; the rest of its line is still read.
      if (text.includes("ops-skill-")) text = blankDirectives(text);
      for (const found of findPlaceholders(text)) {
        report({
          message: `"${found.text}" is left in the instructions; Codex hands the body to the model as is, and an unattended run cannot ask what was meant.`,
          line,
          column: found.index + 1,
          endColumn: found.index + found.text.length + 1,
          hint: "Write the missing instruction, or remove the note.",
        });
      }
    }
  },
);
