/**
 * The body of a SKILL.md as the rules need it: headings, fenced code, links and the relative
 * paths it mentions, each with its line. markdown-it keeps block line maps and is fast enough
 * to parse thousands of skills per second.
 */
import MarkdownIt from "markdown-it";
import { trimTrailing } from "./text.js";

export interface Heading {
  level: number;
  text: string;
  /** 1-based line in the file. */
  line: number;
}

export interface CodeFence {
  info: string;
  content: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** 1-based line of the closing fence (or the last line when unclosed). */
  endLine: number;
  closed: boolean;
  marker: string;
}

export interface LinkRef {
  target: string;
  line: number;
  column: number;
  /** `link` for Markdown links and images, `code` for an inline-code or fenced path mention. */
  kind: "link" | "code";
}

export interface Section {
  heading: Heading;
  /** 1-based first and last line of the section's content (up to the next heading of the same or a higher level). */
  startLine: number;
  endLine: number;
}

export interface MarkdownBody {
  headings: Heading[];
  sections: Section[];
  fences: CodeFence[];
  links: LinkRef[];
  /** Lines (1-based, in the file) that hold prose rather than code. */
  proseLines: number[];
}

let parser: MarkdownIt | undefined;

function markdownIt(): MarkdownIt {
  if (!parser) {
    parser = new MarkdownIt({ html: true, linkify: false });
    // Only blocks, links, images and code spans matter here; emphasis, entities, line breaks
    // and typography make tokens nobody reads, and skipping them halves the parse time.
    parser.inline.ruler.disable(["emphasis", "strikethrough", "entity", "newline", "linkify"]);
    parser.inline.ruler2.disable(["balance_pairs", "fragments_join"]);
    parser.core.ruler.disable(["replacements", "smartquotes", "text_join", "linkify"]);
    // markdown-it's normalization, without two full-text replaces when there is nothing to replace.
    parser.core.ruler.at("normalize", (state) => {
      if (state.src.includes("\r")) state.src = state.src.replace(/\r\n?/g, "\n");
      if (state.src.includes("\0")) state.src = state.src.replaceAll("\0", "\uFFFD");
    });
    // Inline content is read only for links, images and code spans: text with neither a `[`
    // nor a backtick has none of them, and is not parsed at all.
    parser.core.ruler.at("inline", (state) => {
      for (const token of state.tokens) {
        if (token.type !== "inline") continue;
        if (!token.content.includes("[") && !token.content.includes("`")) continue;
        token.children ??= [];
        state.md.inline.parse(token.content, state.md, state.env, token.children);
      }
    });
  }
  return parser;
}

/**
 * `firstLine` is the file line the body starts on, `fileLines` gives any line of the file, and
 * `lastLine` (when the caller knows it) is the file's last line, where the body ends.
 */
export function parseMarkdownBody(
  body: string,
  firstLine: number,
  fileLines: (line: number) => string,
  lastLine?: number,
): MarkdownBody {
  const tokens = markdownIt().parse(body, {});
  const headings: Heading[] = [];
  const fences: CodeFence[] = [];
  const links: LinkRef[] = [];
  const codeLines = new Set<number>();
  const bodyLineCount =
    lastLine !== undefined ? lastLine - firstLine + 1 : body.split(/\r\n|\n|\r/).length;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    if (token.type === "heading_open" && token.map) {
      const inline = tokens[i + 1];
      headings.push({
        level: Number(token.tag.slice(1)),
        text: inline?.content ?? "",
        line: firstLine + token.map[0],
      });
    } else if ((token.type === "fence" || token.type === "code_block") && token.map) {
      const [start, end] = token.map;
      for (let l = start; l < end; l++) codeLines.add(firstLine + l);
      if (token.type === "fence") {
        const closingLine = fileLines(firstLine + end - 1).trim();
        // markdown-it ends an unclosed fence at the end of the document; a closed one ends
        // on its closing line: the fence character, at least as many times, and nothing else.
        const fenceChar = token.markup[0] ?? "`";
        const closed =
          end - start >= 2 &&
          closingLine.length >= token.markup.length &&
          [...closingLine].every((c) => c === fenceChar);
        fences.push({
          info: token.info.trim(),
          content: token.content,
          line: firstLine + start,
          endLine: firstLine + end - 1,
          closed,
          marker: token.markup,
        });
        // Mentions come in text order: count the newlines up to each from the one before.
        let counted = 0;
        let offsetLine = 1;
        for (const mention of pathMentions(token.content)) {
          for (let nl = token.content.indexOf("\n", counted); nl !== -1 && nl < mention.index; ) {
            offsetLine++;
            nl = token.content.indexOf("\n", nl + 1);
          }
          counted = mention.index;
          links.push({
            target: mention.path,
            kind: "code",
            line: firstLine + start + offsetLine,
            column: 1,
          });
        }
      }
    } else if (token.type === "inline" && token.map && token.children) {
      const line = firstLine + token.map[0];
      const span = token.map[1] - token.map[0];
      // Spans come in text order: each is looked for from the line the one before was on, so a
      // paragraph of many spans is read once, not once per span.
      let cursor = line;
      const locate = (text: string) => {
        const found = locateFrom(text, cursor, line + Math.max(span, 1), fileLines) ??
          locateFrom(text, line, cursor, fileLines) ?? { line, column: 1 };
        cursor = found.line;
        return found;
      };
      for (const child of token.children) {
        if (child.type === "link_open" || child.type === "image") {
          const target = child.attrGet(child.type === "image" ? "src" : "href");
          if (target)
            links.push({
              target,
              kind: "link",
              ...locate(target),
            });
        } else if (child.type === "code_inline") {
          for (const mention of pathMentions(child.content)) {
            links.push({
              target: mention.path,
              kind: "code",
              ...locate(mention.path),
            });
          }
        }
      }
    }
  }
  const proseLines: number[] = [];
  for (let l = 0; l < bodyLineCount; l++)
    if (!codeLines.has(firstLine + l)) proseLines.push(firstLine + l);
  const bodyEnd = firstLine + bodyLineCount - 1;
  // A section ends before the next heading of its level or above: one pass with a stack of the
  // headings still open (a search from each heading would be quadratic in their number).
  const sections = headings.map((heading) => ({
    heading,
    startLine: heading.line + 1,
    endLine: bodyEnd,
  }));
  const open: number[] = [];
  for (let i = 0; i < headings.length; i++) {
    const level = (headings[i] as Heading).level;
    while (open.length > 0 && (headings[open[open.length - 1] as number] as Heading).level >= level)
      (sections[open.pop() as number] as Section).endLine = (headings[i] as Heading).line - 1;
    open.push(i);
  }
  return { headings, sections, fences, links, proseLines };
}

/** The first line of `[from, to)` that contains the text, and its column, to place a link. */
function locateFrom(
  text: string,
  from: number,
  to: number,
  fileLines: (line: number) => string,
): { line: number; column: number } | undefined {
  for (let l = from; l < to; l++) {
    const index = fileLines(l).indexOf(text);
    if (index >= 0) return { line: l, column: index + 1 };
  }
  return undefined;
}

const PATH_MENTION =
  /(?:^|[\s"'(=])((?:\.\/)?(?:scripts|references|assets|agents)\/[A-Za-z0-9._\-/]+)/g;

/** Relative paths under a skill's own folders (`scripts/x.sh`, `references/y.md`) in a text. */
export function pathMentions(text: string): { path: string; index: number }[] {
  const mentions: { path: string; index: number }[] = [];
  if (!text.includes("/")) return mentions;
  for (const match of text.matchAll(PATH_MENTION)) {
    const path = trimTrailing(match[1] as string, ".,;:)");
    mentions.push({ path, index: (match.index ?? 0) + match[0].indexOf(match[1] as string) });
  }
  return mentions;
}

/** Fence infos whose code is commands: the shells, terminal sessions, and plain text. */
const SHELL_FENCE_INFOS = new Set([
  "",
  "sh",
  "bash",
  "shell",
  "zsh",
  "ksh",
  "fish",
  "console",
  "shell-session",
  "shellsession",
  "terminal",
  "text",
  "txt",
  "plain",
  "plaintext",
]);

/** Whether a fence's code is commands a reader (or the model) would run, by its info string. */
export function isShellFence(info: string): boolean {
  return SHELL_FENCE_INFOS.has((info.split(/\s+/)[0] ?? "").toLowerCase());
}
