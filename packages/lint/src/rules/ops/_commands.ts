/**
 * Shell commands in a SKILL.md body, for the ops/ rules: the code the model will run (shell
 * fences and inline code), the commands in it (read with a real shell parser, see
 * `_commands-shell.ts`), and which parts of the body forbid commands.
 */
import { isShellFence, type SkillFile } from "@ops-skill/core";
import { type CommandMatch, PROGRAM_MENTION, shellCommands } from "./_commands-shell.js";
import { analyze, argsOf, INFRA_TOOLS, type Tool } from "./_commands-tools.js";

export type { CommandMatch } from "./_commands-shell.js";
export { INFRA_TOOLS, type InfraTool, type Tool } from "./_commands-tools.js";

// ---------------------------------------------------------------------------------------------
// Commands in code and in prose.

/** The same snippet text is scanned by several rules and often repeats: parse it once. */
const commandCache = new Map<string, CommandMatch[]>();

/** Commands of the known tools in a piece of shell (a fence or an inline code span). */
export function findCommands(text: string): CommandMatch[] {
  if (!PROGRAM_MENTION.test(text)) return [];
  const cached = commandCache.get(text);
  if (cached) return cached;
  if (commandCache.size > 10_000) commandCache.clear();
  const matches = shellCommands(text);
  commandCache.set(text, matches);
  return matches;
}

/** Tools whose mentions in prose are looked for, and which end the previous one's words. */
const PROSE_TOOLS = new Set<string>([...INFRA_TOOLS, "rm", "docker", "git"]);
const PROSE_TOOL = /(?:^|[^\w-])(?:terraform|kubectl|helm|aws|gcloud|az|rm|docker|git)(?![\w-])/;
const PROSE_SEPARATOR = /\|\||&&|[;|&()`]/g;

/**
 * Infrastructure commands named in prose ("never run kubectl apply or delete"): a tool's name
 * wherever it stands, with the words after it up to the next tool or punctuation.
 */
export function findToolMentions(text: string): CommandMatch[] {
  if (!PROSE_TOOL.test(text)) return [];
  const cached = mentionCache.get(text);
  if (cached) return cached;
  if (mentionCache.size > 10_000) mentionCache.clear();
  const matches = scanMentions(text);
  mentionCache.set(text, matches);
  return matches;
}

const mentionCache = new Map<string, CommandMatch[]>();

function scanMentions(text: string): CommandMatch[] {
  const matches: CommandMatch[] = [];
  let start = 0;
  const segments: { start: number; text: string }[] = [];
  for (const separator of text.matchAll(PROSE_SEPARATOR)) {
    segments.push({ start, text: text.slice(start, separator.index) });
    start = separator.index + separator[0].length;
  }
  segments.push({ start, text: text.slice(start) });
  for (const segment of segments) {
    const tokens = [...segment.text.matchAll(/\S+/g)].map((m) => ({
      value: m[0].replace(/["']/g, ""),
      index: segment.start + m.index,
      raw: m[0],
    }));
    tokens.forEach((token, i) => {
      const name = token.value.slice(token.value.lastIndexOf("/") + 1);
      if (!PROSE_TOOLS.has(name)) return;
      const rest: string[] = [];
      for (const t of tokens.slice(i + 1)) {
        if (/^\d*[<>]/.test(t.value) || PROSE_TOOLS.has(t.value)) break;
        rest.push(trimEndOf(t.value, ",.;:"));
      }
      const tool = name as Tool;
      const verdict = analyze(tool, argsOf(tool, rest));
      matches.push({
        tool,
        verb: verdict?.verb ?? "",
        display: verdict ? `${tool} ${verdict.verb}` : tool,
        mutating: verdict?.mutating ?? false,
        index: token.index + token.raw.indexOf(name),
        length: name.length,
        via: [],
      });
    });
  }
  return matches;
}

// ---------------------------------------------------------------------------------------------
// The code of a body.

export interface CodeSnippet {
  /** A fence's code (prompts and console output left out), or an inline code span. */
  text: string;
  kind: "fence" | "inline";
  /** Inline code, or a shell (or plain-text) fence: what the model runs as commands. */
  shell: boolean;
  /** File position of an offset in `text`. */
  positionAt(index: number): { line: number; column: number };
  /** First file line of the code. */
  line: number;
  /** Whether an offset in `text` is in a `#` comment of its line. */
  inComment(index: number): boolean;
  /**
   * The surrounding prose forbids it ("Never run `kubectl delete`", "Do not run:" before a
   * fence). Worked out on first use: only snippets with a command in them need it.
   */
  readonly negated: boolean;
}

/** Where the lines of a snippet's text are in the file. */
interface LineMap {
  /** Offset in `text` where each line starts. */
  starts: number[];
  /** File line of the first line. */
  firstLine: number;
  /** 0-based file column where each line of `text` starts. */
  columns: number[];
}

class Snippet implements CodeSnippet {
  #negated: boolean | undefined;
  #map: LineMap | undefined;

  constructor(
    readonly text: string,
    readonly kind: CodeSnippet["kind"],
    readonly shell: boolean,
    readonly line: number,
    private readonly mapLines: () => LineMap,
    private readonly isNegated: () => boolean,
  ) {}

  get negated(): boolean {
    this.#negated ??= this.isNegated();
    return this.#negated;
  }

  private lineOf(index: number): { map: LineMap; k: number } {
    this.#map ??= this.mapLines();
    const map = this.#map;
    let low = 0;
    let high = map.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((map.starts[mid] as number) <= index) low = mid;
      else high = mid - 1;
    }
    return { map, k: low };
  }

  positionAt(index: number): { line: number; column: number } {
    const { map, k } = this.lineOf(index);
    const column = (map.columns[k] as number) + (index - (map.starts[k] as number)) + 1;
    return { line: map.firstLine + k, column };
  }

  inComment(index: number): boolean {
    const { map, k } = this.lineOf(index);
    return /(^|\s)#/.test(this.text.slice(map.starts[k], index));
  }
}

const lineStarts = (text: string): number[] => {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
};

export const NEGATION =
  /\b(never|not|don'?t|doesn'?t|avoid|forbid(den)?|prohibit(ed)?|must not|cannot|can'?t|refuse)\b/i;

/** How far back `proseBefore` looks: one sentence or list item is plenty. */
const PROSE_LOOKBACK = 400;

/**
 * The prose of the paragraph or list item before a position, from its last sentence on
 * (at most a few hundred characters, so long lines stay cheap).
 */
export function proseBefore(
  skill: SkillFile,
  line: number,
  column: number,
  lineText: (line: number) => string = (l) => skill.lines.lineText(l),
): string {
  const starts = (t: string) => /^\s*([-*+]|\d+[.)])\s|^\s*#{1,6}\s/.test(t);
  const own = lineText(line);
  let text = own.slice(Math.max(0, column - 1 - PROSE_LOOKBACK), column - 1);
  let current = line;
  const firstBodyLine = skill.lines.positionAt(skill.bodyStart).line;
  while (
    !starts(own) &&
    current > firstBodyLine &&
    current > line - 5 &&
    text.length < PROSE_LOOKBACK &&
    !starts(lineText(current))
  ) {
    const previous = lineText(current - 1);
    if (previous.trim() === "" || /^\s*(```|~~~)/.test(previous)) break;
    text = `${previous.slice(-PROSE_LOOKBACK)} ${text}`;
    current--;
  }
  const cut = Math.max(text.lastIndexOf(". "), text.lastIndexOf("! "), text.lastIndexOf("? "));
  return cut >= 0 ? text.slice(cut + 2) : text;
}

/** The last non-blank prose line before a fence says not to run it ("Never run this:"). */
function fenceIsNegated(skill: SkillFile, fenceLine: number): boolean {
  const firstBodyLine = skill.lines.positionAt(skill.bodyStart).line;
  for (let l = fenceLine - 1; l >= firstBodyLine && l >= fenceLine - 3; l--) {
    const text = skill.lines.lineText(l).trim();
    if (text === "") continue;
    return text.endsWith(":") && NEGATION.test(text);
  }
  return false;
}

interface CodeSpan {
  /** Offsets of the opening backtick run, of the code, and after the closing run. */
  open: number;
  start: number;
  end: number;
  close: number;
}

/**
 * The inline code spans of a line of prose: a run of backticks up to the next run of the same
 * length (CommonMark's rule, on one line). One pass over the backtick runs, no backtracking.
 */
function codeSpans(text: string): CodeSpan[] {
  const spans: CodeSpan[] = [];
  if (!text.includes("`")) return spans;
  const starts: number[] = [];
  const lengths: number[] = [];
  for (let i = text.indexOf("`"); i !== -1; ) {
    let j = i + 1;
    while (text.charCodeAt(j) === 96) j++;
    starts.push(i);
    lengths.push(j - i);
    i = text.indexOf("`", j);
  }
  // For each run, the next run of the same length.
  const next = new Array<number>(starts.length).fill(-1);
  const last = new Map<number, number>();
  for (let k = starts.length - 1; k >= 0; k--) {
    const length = lengths[k] as number;
    next[k] = last.get(length) ?? -1;
    last.set(length, k);
  }
  for (let k = 0; k < starts.length; ) {
    const closing = next[k] as number;
    if (closing === -1) {
      k++;
      continue;
    }
    const open = starts[k] as number;
    const end = starts[closing] as number;
    spans.push({
      open,
      start: open + (lengths[k] as number),
      end,
      close: end + (lengths[k] as number),
    });
    k = closing + 1;
  }
  return spans;
}

/** Inline code spans of a line of prose, with their 0-based start column. */
export function inlineCodeSpans(text: string): { code: string; column: number }[] {
  return codeSpans(text).map((s) => ({ code: text.slice(s.start, s.end), column: s.start }));
}

/** Prose without its inline code spans (their words are code, not prose). */
export function withoutInlineCode(text: string): string {
  let out = "";
  let from = 0;
  for (const span of codeSpans(text)) {
    out += `${text.slice(from, span.open)} `;
    from = span.close;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** A text without the trailing characters of `chars`. */
export function trimEndOf(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1] as string)) end--;
  return text.slice(0, end);
}

/**
 * The code of the body: each shell fence (every fence with `allFences`) as one snippet, and
 * each inline code span of the prose.
 */
export function codeSnippets(
  skill: SkillFile,
  options: { allFences?: boolean } = {},
): readonly CodeSnippet[] {
  const all = skill.derived(ALL_SNIPPETS, () => collectSnippets(skill));
  if (options.allFences) return all;
  return skill.derived(SHELL_SNIPPETS, () => all.filter((snippet) => snippet.shell));
}

const ALL_SNIPPETS = Symbol("code snippets of the body");
const SHELL_SNIPPETS = Symbol("code snippets of the body, shell fences only");

const CONSOLE_INFOS = /^(console|shell-session|shellsession|terminal)$/i;
/** A `$ ` prompt before a command in a shell fence; console fences also use `# ` and `> `. */
const PROMPT = /^\s*\$\s/;
const CONSOLE_PROMPT = /^\s*[$#>]\s/;
/** A fence that needs rewriting: prompts, or spaces after a continuation backslash. */
const REWRITE = /^[ \t]*\$\s|\\[ \t]+$/m;
const CONSOLE_REWRITE = /^[ \t]*[$#>]\s|\\[ \t]+$/m;

function collectSnippets(skill: SkillFile): CodeSnippet[] {
  const snippets: CodeSnippet[] = [];
  const { markdown } = skill;
  const lineText = (line: number) => skill.lines.lineText(line);
  for (const fence of markdown.fences) {
    const shell = isShellFence(fence.info);
    const content = fence.content.endsWith("\n") ? fence.content.slice(0, -1) : fence.content;
    if (!/\S/.test(content)) continue;
    const console = CONSOLE_INFOS.test(fence.info.split(/\s+/)[0] ?? "");
    const { text, shifts } = (console ? CONSOLE_REWRITE : REWRITE).test(content)
      ? rewriteFence(content, console)
      : { text: content, shifts: undefined };
    const firstLine = fence.line + 1;
    // markdown-it strips a fence's indentation from its content: the difference in length
    // between the file's line and the content's line is where the content starts.
    const mapLines = (): LineMap => {
      const contentLines = content.split("\n");
      const columns = contentLines.map((contentLine, k) => {
        const removed = lineText(firstLine + k).length - contentLine.length;
        return Math.max(0, removed) + (shifts?.[k] ?? 0);
      });
      return { starts: lineStarts(text), firstLine, columns };
    };
    let negated: boolean | undefined;
    const isNegated = () => {
      negated ??= fenceIsNegated(skill, fence.line);
      return negated;
    };
    snippets.push(new Snippet(text, "fence", shell, firstLine, mapLines, isNegated));
  }
  for (const line of markdown.proseLines) {
    const text = lineText(line);
    if (!text.includes("`")) continue;
    for (const span of inlineCodeSpans(text)) {
      const isNegated = () => NEGATION.test(proseBefore(skill, line, span.column + 1, lineText));
      const mapLines = () => ({ starts: [0], firstLine: line, columns: [span.column] });
      snippets.push(new Snippet(span.code, "inline", true, line, mapLines, isNegated));
    }
  }
  return snippets;
}

/**
 * A fence's code without prompts (`$ kubectl get pods`) and, in a console fence whose lines
 * have prompts, without the output lines (kept as empty lines so line numbers hold); `shifts`
 * are the characters removed at the start of each line.
 */
function rewriteFence(content: string, console: boolean): { text: string; shifts: number[] } {
  const lines = content.split("\n");
  const prompt = console ? CONSOLE_PROMPT : PROMPT;
  const prompted = console && lines.some((l) => prompt.test(l));
  const shifts: number[] = [];
  let continued = false;
  const out = lines.map((line) => {
    const match = prompt.exec(line);
    let kept = line;
    let shift = 0;
    if (match) {
      kept = line.slice(match[0].length);
      shift = match[0].length;
    } else if (prompted && !continued) kept = "";
    const trimmed = kept.replace(/\\[ \t]+$/, "\\");
    continued = trimmed.endsWith("\\");
    shifts.push(shift);
    return trimmed;
  });
  return { text: out.join("\n"), shifts };
}

// ---------------------------------------------------------------------------------------------
// Sections that forbid commands.

/** Headings of sections that state what the skill must not do. */
export const CONSTRAINT_HEADING =
  /\b(constraints?|guardrails?|safety|safeguards?|restrictions?|forbidden|prohibited)\b/i;

const CONSTRAINT_SECTIONS = Symbol("constraint sections");

export function inConstraintSection(skill: SkillFile, line: number): boolean {
  const sections = skill.derived(CONSTRAINT_SECTIONS, () =>
    skill.markdown.sections.filter((s) => CONSTRAINT_HEADING.test(s.heading.text)),
  );
  return sections.some((s) => s.heading.line < line && line <= s.endLine);
}

/** Whether a snippet is forbidden where it stands: by its prose or by a constraints section. */
export function isForbiddenHere(skill: SkillFile, snippet: CodeSnippet): boolean {
  return snippet.negated || inConstraintSection(skill, snippet.line);
}
