/**
 * Inline directives in a SKILL.md, ESLint's semantics where they fit. They are read only where
 * comments really are: HTML comments in the Markdown body outside code (fenced and indented
 * blocks, code spans), and YAML comments in the frontmatter. A directive names the rules it
 * silences and says why after ` -- `:
 *
 *   <!-- ops-skill-disable-next-line ops/mutating-command -- approved by change CHG-12 -->
 *   <!-- ops-skill-disable quality/body-length -- generated reference -->  ... <!-- ops-skill-enable -->
 *   # ops-skill-disable-line spec/name-format -- legacy name   (a YAML comment in the frontmatter)
 *
 * A disable without rule ids or without a reason suppresses nothing, and an error of a `codex/`
 * rule is never suppressed: Codex refuses (or never lists) the skill whatever a comment says.
 * The `quality/` directive rules report what is wrong with a directive; they run after the
 * directives are applied, so no directive can silence them.
 */
import type { Diagnostic, Severity, SkillFile } from "@ops-skill/core";
import { Lexer } from "yaml";
import type { DeferredLintPlugin, Rule } from "../rule.js";

export type DirectiveKind = "disable" | "enable" | "disable-next-line" | "disable-line";

/** One rule id as written in a directive. */
export interface DirectiveRuleRef {
  id: string;
  /** File offsets of the id: [start, end). */
  range: [number, number];
  line: number;
  column: number;
}

export interface Directive {
  /** `undefined` for a comment that starts like a directive with a keyword we do not know. */
  kind: DirectiveKind | undefined;
  /** The keyword as written (`disable-next-line`, or the unknown one). */
  keyword: string;
  /** The rule ids it names, in order; none for a bare `ops-skill-enable` (every rule). */
  rules: DirectiveRuleRef[];
  reason: string | undefined;
  /** `html` in the Markdown body, `yaml` in the frontmatter. */
  syntax: "html" | "yaml";
  /** 1-based position of the comment's opening (`<!--` or `#`). */
  line: number;
  column: number;
  /** File offsets of the whole comment: [start, end). */
  range: [number, number];
  /** Whether the comment runs past the line it starts on (an HTML comment); YAML comments never do. */
  multiline: boolean;
}

/** A directive after the engine applied it to a file's findings. */
export interface AppliedDirective extends Directive {
  /**
   * Per id of `rules`: how many findings it silenced (a disable), or how many disables it
   * ended (an enable). For a bare `ops-skill-enable`, `enabledAll` says whether it ended any.
   */
  uses: number[];
  enabledAll: boolean;
  /** Whether it can silence anything: a disable with rule ids and a reason, or an enable. */
  effective: boolean;
}

/**
 * A finding an inline directive silenced, as ESLint keeps it in `suppressedMessages`: with
 * each directive that silenced it and the reason it gives.
 */
export type SuppressedDiagnostic = Diagnostic & {
  suppressions: { kind: "directive"; justification: string }[];
};

/** An error of a `codex/` rule means Codex refuses or never lists the skill: never silenced. */
export function cannotSuppress(ruleId: string, severity: Severity | "off"): boolean {
  return severity === "error" && ruleId.startsWith("codex/");
}

const PREFIX = "ops-skill-";
const KINDS = new Set<string>(["disable", "enable", "disable-next-line", "disable-line"]);
/** A comment that starts (after white space, line breaks included) with `ops-skill-disable…` or `ops-skill-enable…` is meant as a directive. */
const KEYWORD = /^\s*ops-skill-((?:disable|enable)[\w-]*)/;

/** The directives of a SKILL.md, in file order. Files without `ops-skill-` pay one `includes`. */
export function parseDirectives(skill: SkillFile): Directive[] {
  const directives: Directive[] = [];
  if (!skill.text.includes(PREFIX)) return directives;
  yamlDirectives(skill, directives);
  bodyDirectives(skill, directives);
  return directives;
}

/** YAML comments in the frontmatter, as the `yaml` library's lexer finds them. */
function yamlDirectives(skill: SkillFile, into: Directive[]) {
  const split = skill.codex.split;
  if (split === undefined || "kind" in split || !split.yaml.includes(PREFIX)) return;
  // The YAML text is the file's lines 2.. joined with `\n` (a trailing `\r` dropped): map
  // each of its line starts to the file's.
  const fileLineStarts: number[] = [];
  for (let at = split.yamlStart; at < split.yamlEnd; ) {
    fileLineStarts.push(at);
    const nl = skill.text.indexOf("\n", at);
    if (nl === -1) break;
    at = nl + 1;
  }
  let offset = 0;
  let yamlLine = 0;
  let yamlLineStart = 0;
  for (const token of new Lexer().lex(split.yaml)) {
    // Control tokens (document start, flow end, scalar marker) take no source characters.
    if (token.length === 1 && (token === "\x02" || token === "\x18" || token === "\x1f")) continue;
    if (token.startsWith("#") && token.includes(PREFIX)) {
      const start = (fileLineStarts[yamlLine] ?? split.yamlStart) + (offset - yamlLineStart);
      const directive = directiveIn(skill, token.slice(1), start + 1, "yaml");
      if (directive) into.push({ ...directive, range: [start, start + token.length] });
    }
    for (let nl = token.indexOf("\n"); nl !== -1; nl = token.indexOf("\n", nl + 1)) {
      yamlLine++;
      yamlLineStart = offset + nl + 1;
    }
    offset += token.length;
  }
}

/**
 * HTML comments in the Markdown body outside code. The body's parsed Markdown says which lines
 * are code blocks; code spans are found the CommonMark way within each run of prose lines.
 */
function bodyDirectives(skill: SkillFile, into: Directive[]) {
  const { text, lines } = skill;
  let at = text.indexOf(PREFIX, skill.bodyStart);
  if (at === -1) return;
  const prose = skill.markdown.proseLines;
  const firstBodyLine = lines.positionAt(skill.bodyStart).line;
  const isProse = (line: number) => binarySearch(prose, line);
  const blank = (line: number) => lines.lineText(line).trim() === "";
  while (at !== -1) {
    const line = lines.positionAt(at).line;
    let last = line;
    if (isProse(line)) {
      let first = line;
      while (first > firstBodyLine && isProse(first - 1) && !blank(first - 1)) first--;
      while (last < lines.lineCount && isProse(last + 1) && !blank(last + 1)) last++;
      for (const comment of htmlComments(skill, first, last)) {
        const content = text.slice(comment.contentStart, comment.contentEnd);
        const directive = directiveIn(skill, content, comment.contentStart, "html");
        if (directive)
          into.push({
            ...directive,
            range: [comment.start, comment.end],
            multiline: comment.multiline,
          });
      }
    }
    const next = lines.lineStarts[last];
    at = next === undefined ? -1 : text.indexOf(PREFIX, next);
  }
}

interface HtmlComment {
  start: number;
  end: number;
  contentStart: number;
  contentEnd: number;
  /** Whether it does not end (`-->`) on the line it starts on. */
  multiline: boolean;
}

const HTML_BLOCK_START = /^ {0,3}<!--/;

/**
 * HTML comments in a run of prose lines. Blocks first, as CommonMark parses them: a line that
 * opens with `<!--` starts an HTML block running to the line that holds `-->`, with no code
 * spans in it; the other lines are paragraph text, where a code span and a comment compete,
 * the one that starts first wins, and a backtick run that is never closed is text.
 */
function htmlComments(skill: SkillFile, firstLine: number, lastLine: number): HtmlComment[] {
  const { text, lines } = skill;
  const comments: HtmlComment[] = [];
  const startOf = (line: number) => lines.lineStarts[line - 1] ?? text.length;
  let line = firstLine;
  while (line <= lastLine) {
    let end = line;
    const html = HTML_BLOCK_START.test(lines.lineText(line));
    if (html) {
      const close = text.indexOf("-->", startOf(line) + lines.lineText(line).indexOf("<!--") + 2);
      end = close === -1 ? lastLine : Math.min(lastLine, lines.positionAt(close).line);
    } else {
      while (end < lastLine && !HTML_BLOCK_START.test(lines.lineText(end + 1))) end++;
    }
    scanInline(text, startOf(line), endOfLine(text, startOf(end)), !html, comments);
    line = end + 1;
  }
  return comments;
}

function scanInline(
  text: string,
  from: number,
  to: number,
  codeSpans: boolean,
  into: HtmlComment[],
) {
  // The next `-->` at or after a position, found once for every `<!--` before it: a text of
  // many unclosed `<!--` is read once, not once each.
  let nextClose = -2;
  let runs: BacktickRuns | undefined;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (codeSpans && c === 92 /* \ */) {
      i += 2;
      continue;
    }
    if (codeSpans && c === 96 /* ` */) {
      let run = 1;
      while (text.charCodeAt(i + run) === 96) run++;
      runs ??= new BacktickRuns(text, from, to);
      const close = runs.next(run, i + run);
      i = close === -1 ? i + run : close + run;
      continue;
    }
    if (c === 60 /* < */ && text.startsWith("<!--", i)) {
      // `<!-->` and `<!--->` are comments too: the first `-->` after `<!` ends it.
      if (nextClose !== -1 && nextClose < i + 2) nextClose = text.indexOf("-->", i + 2);
      const close = nextClose;
      if (close === -1 || close + 3 > to) {
        if (codeSpans) {
          i++;
          continue;
        }
        // An HTML block whose comment never closes: what its line holds is read.
        const lineEnd = endOfLine(text, i);
        into.push({
          start: i,
          end: lineEnd,
          contentStart: i + 4,
          contentEnd: lineEnd,
          multiline: true,
        });
        return;
      }
      into.push({
        start: i,
        end: close + 3,
        contentStart: i + 4,
        contentEnd: Math.max(i + 4, close),
        multiline: close + 3 > endOfLine(text, i),
      });
      i = close + 3;
      continue;
    }
    i++;
  }
}

/**
 * The backtick runs of a segment by length, listed once: a code span opened by `n` backticks
 * closes at the next run of exactly `n`. Asked with ever later positions, each list is walked
 * once, so a text of many unmatched runs costs one pass, not one per run.
 */
class BacktickRuns {
  readonly #starts = new Map<number, number[]>();
  readonly #cursor = new Map<number, number>();

  constructor(text: string, from: number, to: number) {
    for (let at = text.indexOf("`", from); at !== -1 && at < to; ) {
      let length = 1;
      while (text.charCodeAt(at + length) === 96) length++;
      const list = this.#starts.get(length);
      if (list) list.push(at);
      else this.#starts.set(length, [at]);
      at = text.indexOf("`", at + length);
    }
  }

  /** Start of the first run of exactly `length` backticks at or after `after`, or -1. */
  next(length: number, after: number): number {
    const starts = this.#starts.get(length);
    if (!starts) return -1;
    let k = this.#cursor.get(length) ?? 0;
    while (k < starts.length && (starts[k] as number) < after) k++;
    this.#cursor.set(length, k);
    return starts[k] ?? -1;
  }
}

function endOfLine(text: string, from: number): number {
  const nl = text.indexOf("\n", from);
  const end = nl === -1 ? text.length : nl;
  return text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}

function binarySearch(sorted: readonly number[], value: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const v = sorted[mid] as number;
    if (v === value) return true;
    if (v < value) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

/**
 * A directive in a comment's content (`content` starts at file offset `start`): the keyword,
 * the rule ids up to ` -- `, and the reason after it. Undefined when the comment is not one.
 */
function directiveIn(
  skill: SkillFile,
  content: string,
  start: number,
  syntax: Directive["syntax"],
): Omit<Directive, "range"> | undefined {
  const match = KEYWORD.exec(content);
  if (!match) return undefined;
  const keyword = match[1] as string;
  const rest = content.slice(match[0].length);
  const restStart = start + match[0].length;
  const separator = /\s--/.exec(rest);
  const rulesPart = separator ? rest.slice(0, separator.index) : rest;
  const reason = separator ? rest.slice(separator.index + separator[0].length).trim() : "";
  const rules: DirectiveRuleRef[] = [];
  for (const id of rulesPart.matchAll(/[^\s,]+/g)) {
    const offset = restStart + (id.index ?? 0);
    const position = skill.lines.positionAt(offset);
    rules.push({ id: id[0], range: [offset, offset + id[0].length], ...position });
  }
  const opening = syntax === "html" ? start - 4 : start - 1;
  return {
    kind: KINDS.has(keyword) ? (keyword as DirectiveKind) : undefined,
    keyword,
    rules,
    reason: reason === "" ? undefined : reason,
    syntax,
    ...skill.lines.positionAt(opening),
    multiline: false,
  };
}

/** Whether a directive can silence anything (the rules report those that cannot). */
function isEffective(d: Directive): boolean {
  if (d.kind === undefined) return false;
  if (d.kind === "enable") return true;
  if (d.multiline && d.kind !== "disable") return false;
  return d.rules.length > 0 && d.reason !== undefined;
}

const before = (d: Directive, line: number, column: number) =>
  d.line < line || (d.line === line && d.column <= column);

/**
 * Applies a SKILL.md's directives to the findings of its rules: returns the findings that
 * stand and the directives with what each silenced. Findings in other files of the skill are
 * untouched (comments in SKILL.md speak for its own lines), as are `codex/` errors.
 */
export function applyDirectives(
  directives: readonly Directive[],
  diagnostics: readonly Diagnostic[],
  file: string,
): { kept: Diagnostic[]; applied: AppliedDirective[]; suppressed: SuppressedDiagnostic[] } {
  const applied: AppliedDirective[] = directives.map((d) => ({
    ...d,
    uses: d.rules.map(() => 0),
    enabledAll: false,
    effective: isEffective(d),
  }));
  const blocks = applied
    .filter((d) => d.effective && (d.kind === "disable" || d.kind === "enable"))
    .sort((a, b) => a.range[0] - b.range[0]);
  const lineDirectives = applied.filter(
    (d) => d.effective && (d.kind === "disable-line" || d.kind === "disable-next-line"),
  );

  // Which enables end a disable: by position, whatever the findings.
  const open = new Map<string, number>();
  for (const d of blocks) {
    if (d.kind === "disable") {
      for (const rule of d.rules) open.set(rule.id, (open.get(rule.id) ?? 0) + 1);
    } else if (d.rules.length === 0) {
      d.enabledAll = open.size > 0;
      open.clear();
    } else {
      d.rules.forEach((rule, index) => {
        if (!open.has(rule.id)) return;
        d.uses[index] = 1;
        open.delete(rule.id);
      });
    }
  }

  const kept: Diagnostic[] = [];
  const suppressed: SuppressedDiagnostic[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.file !== file || cannotSuppress(diagnostic.ruleId, diagnostic.severity)) {
      kept.push(diagnostic);
      continue;
    }
    const { ruleId, line, column } = diagnostic;
    const by: AppliedDirective[] = [];
    // Block directives: the last disable of the rule before the finding, unless enabled since.
    let active: { directive: AppliedDirective; index: number } | undefined;
    for (const d of blocks) {
      if (!before(d, line, column)) break;
      const index = d.rules.findIndex((r) => r.id === ruleId);
      if (d.kind === "disable" && index >= 0) active = { directive: d, index };
      else if (d.kind === "enable" && (d.rules.length === 0 || index >= 0)) active = undefined;
    }
    if (active) {
      active.directive.uses[active.index] = (active.directive.uses[active.index] ?? 0) + 1;
      by.push(active.directive);
    }
    for (const d of lineDirectives) {
      const target = d.kind === "disable-line" ? d.line : d.line + 1;
      if (target !== line) continue;
      const index = d.rules.findIndex((r) => r.id === ruleId);
      if (index < 0) continue;
      d.uses[index] = (d.uses[index] ?? 0) + 1;
      by.push(d);
    }
    if (by.length === 0) kept.push(diagnostic);
    else
      suppressed.push({
        ...diagnostic,
        suppressions: by.map((d) => ({ kind: "directive", justification: d.reason ?? "" })),
      });
  }
  return { kept, applied, suppressed };
}

/**
 * Every rule id a directive may name in this run: the rules given, on or off, and those of
 * the deferred plugins. A deferred plugin is loaded for its ids only when a skill of the run
 * holds a directive and the plugin's prefix, so a run without such a skill never pays for it.
 */
export async function knownRuleIds(
  rules: readonly Rule[],
  deferred: readonly DeferredLintPlugin[],
  texts: readonly string[],
): Promise<Set<string>> {
  const ids = new Set(rules.map((r) => r.meta.id));
  for (const plugin of deferred) {
    if (!texts.some((text) => text.includes(PREFIX) && text.includes(plugin.rulePrefix))) continue;
    for (const rule of (await plugin.load()).rules) ids.add(rule.meta.id);
  }
  return ids;
}
