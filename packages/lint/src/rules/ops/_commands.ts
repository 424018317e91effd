/**
 * Shell commands in a SKILL.md body, for the ops/ rules: the code the model will run (shell
 * fences and inline code), which infrastructure tool each command calls and whether it
 * changes something, and which parts of the body forbid commands or ask for approval.
 */
import type { Section, SkillFile } from "@ops-skill/core";

/** Tools whose read-only use a skill should fence in with a constraints section. */
export const INFRA_TOOLS = ["terraform", "kubectl", "helm", "aws", "gcloud", "az"] as const;
export type InfraTool = (typeof INFRA_TOOLS)[number];

const TOOLS = [...INFRA_TOOLS, "rm", "docker", "git"] as const;
export type Tool = (typeof TOOLS)[number];

export interface CommandMatch {
  tool: Tool;
  /** `kubectl delete`, `terraform state rm`, `rm -rf`: the tool and the words that matter. */
  display: string;
  mutating: boolean;
  /** Offset of the tool's name in the searched text, and the length of the command shown. */
  index: number;
}

// ---------------------------------------------------------------------------------------------
// Which command a tool invocation is.

type Verdict = { verb: string; mutating: boolean } | undefined;

interface Args {
  /** Arguments that do not start with `-` (quotes removed), e.g. sub-commands and values. */
  words: string[];
  flags: string[];
}

const isDryRun = (flags: string[]) =>
  flags.some((f) => /^--dry-run(=(client|server|true))?$/.test(f) || f === "--dry-run=");

function firstKnown(words: string[], known: Record<string, unknown>): number {
  return words.findIndex((w) => Object.hasOwn(known, w));
}

const M = true;
const R = false;

const TERRAFORM: Record<string, boolean> = {
  apply: M,
  destroy: M,
  import: M,
  taint: M,
  untaint: M,
  refresh: M,
  "force-unlock": M,
  state: R,
  workspace: R,
  init: R,
  plan: R,
  show: R,
  output: R,
  validate: R,
  fmt: R,
  providers: R,
  version: R,
  graph: R,
  console: R,
  get: R,
  test: R,
  login: R,
  logout: R,
  metadata: R,
  modules: R,
};

const KUBECTL: Record<string, boolean> = {
  apply: M,
  delete: M,
  patch: M,
  scale: M,
  edit: M,
  replace: M,
  drain: M,
  cordon: M,
  uncordon: M,
  taint: M,
  label: M,
  annotate: M,
  create: M,
  set: M,
  autoscale: M,
  expose: M,
  run: M,
  rollout: R,
  get: R,
  describe: R,
  logs: R,
  diff: R,
  explain: R,
  top: R,
  version: R,
  "api-resources": R,
  "api-versions": R,
  "cluster-info": R,
  config: R,
  auth: R,
  wait: R,
  events: R,
  "port-forward": R,
  exec: R,
  cp: R,
  proxy: R,
  attach: R,
  kustomize: R,
  plugin: R,
  completion: R,
};

const HELM: Record<string, boolean> = {
  install: M,
  upgrade: M,
  uninstall: M,
  delete: M,
  rollback: M,
  list: R,
  ls: R,
  status: R,
  get: R,
  history: R,
  template: R,
  lint: R,
  show: R,
  search: R,
  repo: R,
  dependency: R,
  dep: R,
  version: R,
  pull: R,
  env: R,
  plugin: R,
  diff: R,
  test: R,
  verify: R,
  package: R,
  create: R,
};

const DOCKER_GROUPS = new Set(["system", "container", "image", "volume", "network", "builder"]);

const CLOUD_READ = new Set([
  "list",
  "describe",
  "show",
  "get",
  "get-credentials",
  "get-iam-policy",
  "get-value",
  "read",
  "tail",
  "info",
  "help",
  "version",
  "wait",
  "login",
  "account",
  "auth",
  "config",
]);

function analyze(tool: Tool, { words, flags }: Args): Verdict {
  switch (tool) {
    case "terraform": {
      const i = firstKnown(words, TERRAFORM);
      const verb = words[i];
      if (verb === undefined) return undefined;
      if (verb === "state" || verb === "workspace") {
        const sub = words[i + 1];
        const mutating =
          verb === "state"
            ? ["rm", "mv", "push", "replace-provider"].includes(sub ?? "")
            : ["new", "delete"].includes(sub ?? "");
        return { verb: sub ? `${verb} ${sub}` : verb, mutating };
      }
      return { verb, mutating: TERRAFORM[verb] === true };
    }
    case "kubectl": {
      const i = firstKnown(words, KUBECTL);
      const verb = words[i];
      if (verb === undefined) return undefined;
      if (verb === "rollout") {
        const sub = words[i + 1] ?? "";
        const mutating = ["restart", "undo", "pause", "resume"].includes(sub) && !isDryRun(flags);
        return { verb: sub ? `rollout ${sub}` : verb, mutating };
      }
      return { verb, mutating: KUBECTL[verb] === true && !isDryRun(flags) };
    }
    case "helm": {
      const verb = words[firstKnown(words, HELM)];
      if (verb === undefined) return undefined;
      return { verb, mutating: HELM[verb] === true && !isDryRun(flags) };
    }
    case "rm": {
      const short = flags.filter((f) => /^-[A-Za-z]+$/.test(f)).join("");
      const recursive = /[rR]/.test(short) || flags.includes("--recursive");
      const force = short.includes("f") || flags.includes("--force");
      return recursive && force ? { verb: "-rf", mutating: true } : undefined;
    }
    case "aws": {
      const head = words.slice(0, 4);
      const op = head.findIndex(
        (w) =>
          /^(delete|put|create|update|terminate|modify)-[a-z0-9-]+$/.test(w) ||
          w === "run-instances",
      );
      if (op >= 0) {
        const service = op > 0 ? `${head[op - 1]} ` : "";
        return { verb: `${service}${head[op]}`, mutating: true };
      }
      const s3 = head.indexOf("s3");
      const s3Verb = s3 >= 0 ? head[s3 + 1] : undefined;
      if (s3Verb && ["rm", "rb", "mv"].includes(s3Verb))
        return { verb: `s3 ${s3Verb}`, mutating: true };
      return head[0] ? { verb: head.slice(0, 2).join(" "), mutating: false } : undefined;
    }
    case "gcloud":
    case "az": {
      const head = words.slice(0, 7);
      for (let i = 0; i < head.length; i++) {
        const word = head[i] as string;
        if (CLOUD_READ.has(word)) return { verb: head.slice(0, i + 1).join(" "), mutating: false };
        const mutating =
          ["delete", "create", "update"].includes(word) || (tool === "gcloud" && word === "deploy");
        if (mutating) return { verb: head.slice(0, i + 1).join(" "), mutating: true };
      }
      return undefined;
    }
    case "docker": {
      const verb = words[0];
      if (verb === "rm" || verb === "rmi") return { verb, mutating: true };
      if (verb && DOCKER_GROUPS.has(verb)) {
        const sub = words[1] ?? "";
        return { verb: `${verb} ${sub}`.trim(), mutating: sub === "prune" || sub === "rm" };
      }
      return verb ? { verb, mutating: false } : undefined;
    }
    case "git": {
      if (!words.slice(0, 3).includes("push")) return undefined;
      const force =
        flags.some((f) => /^(-f|--force|--force-with-lease(=.*)?|--force-if-includes)$/.test(f)) ||
        words.some((w) => w.startsWith("+"));
      return force ? { verb: "push --force", mutating: true } : { verb: "push", mutating: false };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Finding tool invocations in a line of shell.

/** Words that may stand before a command without being the command. */
const WRAPPERS = new Set([
  "sudo",
  "doas",
  "env",
  "timeout",
  "gtimeout",
  "nohup",
  "exec",
  "command",
  "time",
  "nice",
  "ionice",
  "stdbuf",
  "xargs",
  "watch",
  "then",
  "do",
  "else",
  "if",
  "elif",
  "while",
  "until",
  "!",
  "{",
  "$",
  "-",
]);

function isPrefixToken(token: string): boolean {
  return (
    WRAPPERS.has(token) ||
    token.startsWith("-") ||
    token.startsWith("$") ||
    /^\w+=/.test(token) ||
    /^\d+(\.\d+)?[smhd]?$/.test(token) ||
    /^[A-Z_][A-Z0-9_]*$/.test(token)
  );
}

const SEPARATOR = /\|\||&&|[;|&()`]/g;
const TOOL_SET = new Set<string>(TOOLS);

/**
 * Commands of the known tools in one logical line of shell. With `anywhere`, a tool's name
 * counts wherever it stands (for prose such as "never run kubectl delete"); otherwise only in
 * command position, after wrappers like `sudo`, `timeout 60` or `env -u VAR`.
 */
/** Any tool name at all; most snippets have none, and then nothing needs tokenizing. */
const ANY_TOOL = new RegExp(
  `(?:^|[^\\w-])(?:${TOOLS.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})(?![\\w-])`,
);
/** The same snippet text is scanned by several rules: tokenize it once. */
const commandCache = new Map<string, CommandMatch[]>();

export function findCommands(text: string, options: { anywhere?: boolean } = {}): CommandMatch[] {
  if (!ANY_TOOL.test(text)) return [];
  const key = `${options.anywhere ? "1" : "0"}${text}`;
  const cached = commandCache.get(key);
  if (cached) return cached;
  if (commandCache.size > 10_000) commandCache.clear();
  const matches = scanCommands(text, options);
  commandCache.set(key, matches);
  return matches;
}

function scanCommands(text: string, options: { anywhere?: boolean }): CommandMatch[] {
  const matches: CommandMatch[] = [];
  let segmentStart = 0;
  const segments: { start: number; text: string }[] = [];
  for (const separator of text.matchAll(SEPARATOR)) {
    segments.push({ start: segmentStart, text: text.slice(segmentStart, separator.index) });
    segmentStart = separator.index + separator[0].length;
  }
  segments.push({ start: segmentStart, text: text.slice(segmentStart) });
  for (const segment of segments) {
    const tokens = [...segment.text.matchAll(/\S+/g)].map((m) => ({
      raw: m[0],
      value: m[0].replace(/["']/g, ""),
      index: segment.start + m.index,
    }));
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (!token) continue;
      const name = token.value.slice(token.value.lastIndexOf("/") + 1);
      if (!TOOL_SET.has(name)) continue;
      if (!options.anywhere && !tokens.slice(0, i).every((t) => isPrefixToken(t.value))) continue;
      const rest: string[] = [];
      for (const t of tokens.slice(i + 1)) {
        if (/^\d*[<>]/.test(t.value) || (options.anywhere && TOOL_SET.has(t.value))) break;
        rest.push(t.value.replace(/[,.;:]+$/, ""));
      }
      const args: Args = {
        words: rest.filter((w) => w !== "" && !w.startsWith("-") && !w.startsWith("$")),
        flags: rest.filter((w) => w.startsWith("-")),
      };
      const tool = name as Tool;
      const verdict = analyze(tool, args);
      matches.push({
        tool,
        display: verdict ? `${tool} ${verdict.verb}` : tool,
        mutating: verdict?.mutating ?? false,
        index: token.index + token.raw.indexOf(name),
      });
    }
  }
  return matches;
}

// ---------------------------------------------------------------------------------------------
// The code of a body.

export interface CodeSnippet {
  /** One logical line: a fence line with its `\` continuations joined, or an inline code span. */
  text: string;
  kind: "fence" | "inline";
  /** Inline code, or a line of a shell (or plain-text) fence: what the model runs as a command. */
  shell: boolean;
  /** File position of an offset in `text`. */
  positionAt(index: number): { line: number; column: number };
  /** First file line of the snippet. */
  line: number;
  /**
   * The surrounding prose forbids it ("Never run `kubectl delete`", "Do not run:" before a
   * fence). Worked out on first use: only snippets with a command in them need it.
   */
  readonly negated: boolean;
}

const SHELL_INFOS = new Set([
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

export function isShellFence(info: string): boolean {
  return SHELL_INFOS.has((info.split(/\s+/)[0] ?? "").toLowerCase());
}

interface Piece {
  textStart: number;
  line: number;
  /** 0-based column in the file line where the piece starts. */
  column: number;
}

/** A snippet as built here: positions from its pieces, negation worked out on first use. */
class Snippet implements CodeSnippet {
  #negated: boolean | undefined;

  constructor(
    readonly text: string,
    readonly kind: CodeSnippet["kind"],
    readonly shell: boolean,
    private readonly pieces: readonly Piece[],
    private readonly isNegated: () => boolean,
  ) {}

  get line(): number {
    return (this.pieces[0] as Piece).line;
  }

  get negated(): boolean {
    this.#negated ??= this.isNegated();
    return this.#negated;
  }

  positionAt(index: number): { line: number; column: number } {
    let piece = this.pieces[0] as Piece;
    for (const p of this.pieces) if (p.textStart <= index) piece = p;
    return { line: piece.line, column: piece.column + (index - piece.textStart) + 1 };
  }
}

/** Removes a shell comment: `#` at the start of the line or after whitespace. */
function stripComment(line: string): string {
  const match = /(^|\s)#/.exec(line);
  return match ? line.slice(0, match.index) : line;
}

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

const INLINE_CODE = /(`+)(?!`)(.+?)(?<!`)\1(?!`)/g;

/** Inline code spans of a line of prose, with their 0-based start column. */
export function inlineCodeSpans(text: string): { code: string; column: number }[] {
  return [...text.matchAll(INLINE_CODE)].map((m) => ({
    code: m[2] as string,
    column: m.index + (m[1] as string).length,
  }));
}

/**
 * The code of the body: each line of the shell fences (all fences with `allFences`), joined
 * across `\` continuations and without comments, and each inline code span of the prose.
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

function collectSnippets(skill: SkillFile): CodeSnippet[] {
  const snippets: CodeSnippet[] = [];
  const { markdown } = skill;
  const lineText = (line: number) => skill.lines.lineText(line);
  for (const fence of markdown.fences) {
    const shell = isShellFence(fence.info);
    let negated: boolean | undefined;
    const isNegated = () => {
      negated ??= fenceIsNegated(skill, fence.line);
      return negated;
    };
    const console = /^(console|shell-session|shellsession|terminal)$/i.test(
      fence.info.split(/\s+/)[0] ?? "",
    );
    const last = fence.closed ? fence.endLine - 1 : fence.endLine;
    let pieces: Piece[] = [];
    let text = "";
    for (let l = fence.line + 1; l <= last; l++) {
      let raw = lineText(l);
      let column = 0;
      if (console && pieces.length === 0) {
        const prompt = /^\s*[$#>]\s/.exec(raw);
        if (prompt) column = prompt[0].length;
      }
      raw = stripComment(raw.slice(column));
      const continued = /\\\s*$/.test(raw);
      const body = continued ? raw.replace(/\\\s*$/, "") : raw;
      pieces.push({ textStart: text.length, line: l, column });
      text += `${body} `;
      if (continued && l < last) continue;
      if (/\S/.test(text)) snippets.push(new Snippet(text, "fence", shell, pieces, isNegated));
      pieces = [];
      text = "";
    }
  }
  for (const line of markdown.proseLines) {
    const text = lineText(line);
    if (!text.includes("`")) continue;
    for (const span of inlineCodeSpans(text)) {
      const isNegated = () => NEGATION.test(proseBefore(skill, line, span.column + 1, lineText));
      const pieces = [{ textStart: 0, line, column: span.column }];
      snippets.push(new Snippet(span.code, "inline", true, pieces, isNegated));
    }
  }
  return snippets;
}

// ---------------------------------------------------------------------------------------------
// Sections that forbid commands, and approval steps.

/** Headings of sections that state what the skill must not do. */
export const CONSTRAINT_HEADING =
  /\b(constraints?|guardrails?|safety|safeguards?|restrictions?|forbidden|prohibited)\b/i;

/** Sections that hold a line, innermost first. */
export function sectionsAt(skill: SkillFile, line: number): Section[] {
  return skill.markdown.sections
    .filter((s) => s.heading.line < line && line <= s.endLine)
    .sort((a, b) => b.heading.line - a.heading.line);
}

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

export const APPROVAL_HEADING =
  /\b(approvals?|approve|sign-?off|human review|change control|change management|confirmation)\b/i;

const APPROVAL_WORDING =
  /\b(approval|approved|approves?|approving|approver|confirm (it )?with|confirmation (from|by)|human review|human-in-the-loop|sign-?off|wait for (a |an |the )?(human|operator|on-call|engineer|reviewer)|ask (the )?(user|operator|human|on-call|engineer)|change (ticket|request))\b/i;

const NEGATED_APPROVAL =
  /\b(without|no|skip(ping|s)?|bypass(ing|es)?|auto)[\s-]*(human\s+)?(approval|approve|confirmation|review)\w*/gi;

/** Whether a line of prose asks for human approval (inline code and "auto-approve" aside). */
export function saysApproval(text: string): boolean {
  const prose = text.replace(INLINE_CODE, " ").replace(NEGATED_APPROVAL, " ");
  return APPROVAL_WORDING.test(prose);
}
