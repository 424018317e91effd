/**
 * The `--output-schema` arguments of one file, each with the directories it may be relative
 * to and what is there. Three kinds of files run `codex exec`:
 *
 * - a skill's SKILL.md: the shell code blocks and the inline code of its prose;
 * - a skill's scripts (`scripts/**`): the whole file, line comments aside;
 * - a GitHub Actions workflow (`.github/workflows/*.yml`): each step's `run`.
 *
 * A relative path is resolved as Codex resolves it, against the directory `codex exec` starts
 * in (measured: not `-C`). For a skill that is not known for sure, so both likely ones are
 * tried: the project root (where Codex runs, the nearest folder with `.git`) and the skill's
 * folder, plus the script's own folder for a script. A workflow step runs in the repository
 * root or its `working-directory`. A `cd` earlier in the same code block, script or step moves
 * them. A path that holds a variable, a command substitution or a placeholder cannot be
 * resolved and is left alone.
 */
import { statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve, sep } from "node:path";
import {
  capYamlNesting,
  codexIoError,
  findProjectRoot,
  isShellFence,
  LineIndex,
  parseSkill,
  problemOfError,
  readRegularText,
  type TextRead,
} from "@ops-skill/core";
import { isMap, isScalar, isSeq, parseDocument, type YAMLMap } from "yaml";
import { isWorkflowPath, MAX_SCHEMA_FILE_BYTES } from "./files.js";
import {
  type CdCommand,
  cdCommands,
  lastCdBefore,
  type OutputSchemaArgument,
  outputSchemaArguments,
  type ShellWord,
} from "./scan.js";

export type MentionSourceKind = "skill" | "script" | "workflow";

/** A directory a relative argument may be relative to, and how to name it in a message. */
export interface Base {
  dir: string;
  label: string;
}

export interface SchemaMention {
  /** The argument as the shell passes it to Codex (quotes removed). */
  argument: string;
  /** Where it is written in the file (1-based; the end column is exclusive). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Why it cannot be followed, when it cannot; then `tried` is empty. */
  unresolvable?: string;
  /** The paths it may stand for, most likely first, each with its base's name. */
  tried: { path: string; label: string }[];
  /** The `cd` it follows, as written, when one moved the bases. */
  afterCd?: string;
  /** The skill folder the mention belongs to (SKILL.md and scripts). */
  skillDir?: string;
}

export type Resolution =
  | { status: "file"; path: string; size: number }
  | { status: "too-large"; path: string; size: number }
  | { status: "directory"; path: string }
  | { status: "not-regular"; path: string; what: string }
  | { status: "missing"; osError: string };

const NO_SUCH_FILE = "No such file or directory (os error 2)";

/**
 * What is at the first of `tried` that exists (a regular file wins over anything else), looked
 * at with `stat` only: nothing is opened, so a FIFO or a device cannot block the run.
 */
export function resolveMention(mention: SchemaMention): Resolution {
  let firstOther: Resolution | undefined;
  let firstError: string | undefined;
  for (const { path } of mention.tried) {
    let info: ReturnType<typeof statSync>;
    try {
      info = statSync(path, { throwIfNoEntry: false });
    } catch (error) {
      const problem = problemOfError(path, error);
      firstError ??= codexIoError(problem) ?? problem.problem;
      continue;
    }
    if (info === undefined) {
      firstError ??= NO_SUCH_FILE;
      continue;
    }
    if (info.isFile())
      return info.size > MAX_SCHEMA_FILE_BYTES
        ? { status: "too-large", path, size: info.size }
        : { status: "file", path, size: info.size };
    firstOther ??= info.isDirectory()
      ? { status: "directory", path }
      : { status: "not-regular", path, what: specialKind(info) };
  }
  return firstOther ?? { status: "missing", osError: firstError ?? NO_SUCH_FILE };
}

function specialKind(info: NonNullable<ReturnType<typeof statSync>>): string {
  if (info.isFIFO()) return "a FIFO";
  if (info.isSocket()) return "a socket";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  return "not a regular file";
}

/** What kind of file names schemas, from its path. */
export function mentionSourceKind(path: string): MentionSourceKind {
  if (basename(path) === "SKILL.md") return "skill";
  if (isWorkflowPath(path)) return "workflow";
  return "script";
}

/** Every `--output-schema` argument of a file, with the paths it may stand for. */
export async function schemaMentionsIn(path: string, text: string): Promise<SchemaMention[]> {
  const kind = mentionSourceKind(path);
  if (kind === "workflow") return workflowMentions(path, text);
  if (kind === "skill") {
    const skillDir = dirname(path);
    const bases = await skillBases(skillDir);
    const skill = parseSkill(path, Buffer.from(text, "utf8"));
    const lines = skill.lines;
    const context: Context = {
      bases,
      projectRoot: bases[0]?.dir ?? skillDir,
      cdAcrossLines: false,
      skillDir,
    };
    const mentions: SchemaMention[] = [];
    for (const [from, to] of skillCodeRanges(skill.text, skill.markdown, lines))
      for (const mention of mentionsInRange(skill.text, from, to, lines, context))
        mentions.push(mention);
    return mentions.sort((a, b) => a.line - b.line || a.column - b.column);
  }
  // A script: below `<skill>/scripts/`.
  const marker = `${sep}scripts${sep}`;
  const cut = path.lastIndexOf(marker);
  const skillDir = cut >= 0 ? path.slice(0, cut) : dirname(path);
  const scriptDir = dirname(path);
  const bases = await skillBases(skillDir);
  if (!bases.some((b) => b.dir === scriptDir))
    bases.push({ dir: scriptDir, label: "the script's folder" });
  const context: Context = {
    bases,
    projectRoot: bases[0]?.dir ?? skillDir,
    scriptDir,
    cdAcrossLines: true,
    skillDir,
  };
  return mentionsInRange(text, 0, text.length, new LineIndex(text), context);
}

async function skillBases(skillDir: string): Promise<Base[]> {
  const projectRoot = await findProjectRoot(skillDir);
  const bases: Base[] = [{ dir: projectRoot, label: "the project root" }];
  if (projectRoot !== skillDir) bases.push({ dir: skillDir, label: "the skill's folder" });
  return bases;
}

interface Context {
  bases: Base[];
  projectRoot: string;
  /** A script's folder: what `$(dirname "$0")` is. */
  scriptDir?: string;
  /** A workflow's repository root: what `$GITHUB_WORKSPACE` is. */
  workspace?: string;
  /**
   * Whether a `cd` on an earlier line still holds (a script, a workflow step: one shell). In a
   * SKILL.md code block only a `cd` on the same command line surely does: Codex may run the
   * block's lines as separate commands, so an earlier `cd` adds places to look.
   */
  cdAcrossLines: boolean;
  skillDir?: string;
}

function mentionsInRange(
  text: string,
  from: number,
  to: number,
  lines: LineIndex,
  context: Context,
): SchemaMention[] {
  const found = outputSchemaArguments(text, from, to);
  if (found.length === 0) return [];
  const cds = cdCommands(text, from, to);
  return found.map((argument) => {
    const cd = lastCdBefore(cds, argument.flagStart);
    const sure =
      cd !== undefined && (context.cdAcrossLines || onOneLine(text, cd.start, argument.flagStart));
    return toMention(argument, cd, sure, lines, context);
  });
}

/** Whether `text[from, to)` holds no line break other than a `\` continuation. */
function onOneLine(text: string, from: number, to: number): boolean {
  for (let i = text.indexOf("\n", from); i >= 0 && i < to; i = text.indexOf("\n", i + 1)) {
    const before = text.charCodeAt(i - 1) === 13 ? i - 2 : i - 1;
    if (text.charCodeAt(before) !== 92) return false;
  }
  return true;
}

function toMention(
  argument: OutputSchemaArgument,
  cd: CdCommand | undefined,
  cdIsSure: boolean,
  lines: LineIndex,
  context: Context,
): SchemaMention {
  const start = lines.positionAt(argument.start);
  const end = lines.positionAt(argument.end);
  const mention: SchemaMention = {
    argument: argument.value,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    tried: [],
    ...(context.skillDir !== undefined ? { skillDir: context.skillDir } : {}),
  };
  const path = staticPath(argument, context);
  if ("why" in path) return { ...mention, unresolvable: path.why };
  if (isAbsolute(path.dir)) return { ...mention, tried: [{ path: path.dir, label: path.label }] };
  let bases = context.bases;
  if (cd !== undefined) {
    const moved = cdBases(cd, context);
    // A `cd` to a place only known when it runs may hold, so the path cannot be known either.
    if (!Array.isArray(moved)) return { ...mention, unresolvable: moved.why };
    mention.afterCd = cd.target?.value;
    bases = cdIsSure ? moved : [...moved, ...bases];
  }
  return {
    ...mention,
    tried: bases.map((base) => ({ path: resolve(base.dir, path.dir), label: base.label })),
  };
}

/** The bases after a `cd`, or why they cannot be known. */
function cdBases(cd: CdCommand, context: Context): Base[] | { why: string } {
  if (cd.target === undefined) return { why: "it follows a `cd` to the home directory or back" };
  const dir = staticPath(cd.target, context);
  if ("why" in dir) return { why: `it follows \`cd ${cd.target.value}\`, which ${dir.why}` };
  const target = dir;
  if (isAbsolute(target.dir))
    return [{ dir: target.dir, label: target.label || `\`${target.dir}\`` }];
  return context.bases.map((base) => ({
    dir: join(base.dir, target.dir),
    label: `\`${target.dir}\` below ${base.label}`,
  }));
}

/**
 * The word as a path, with the expansions we can know replaced (`$(dirname "$0")` in a script,
 * `$(git rev-parse --show-toplevel)`, `$GITHUB_WORKSPACE` in a workflow), or why it cannot be.
 * A path that is exactly a known directory keeps that directory's name for messages.
 */
function staticPath(
  word: ShellWord,
  context: Context,
): { dir: string; label: string } | { why: string } {
  let value = word.value;
  let label = "";
  if (word.expansions.length > 0) {
    const [first] = word.expansions;
    const known =
      first !== undefined && value.startsWith(first) ? knownExpansion(first, context) : undefined;
    if (known === undefined || word.expansions.length > 1)
      return { why: `holds ${word.expansions.join(", ")}, which is only known when it runs` };
    const rest = value.slice((first as string).length);
    value = known.dir + rest;
    if (rest === "" || rest === "/") label = known.label;
  }
  if (value === "") return { why: "is empty" };
  if (value === "-") return { why: "is `-`" };
  if (value.startsWith("~")) return { why: "is in a home directory" };
  if (/[{}[\]<>*?]/.test(value) || value.includes("..."))
    return { why: "is a placeholder or a pattern" };
  if (/^[A-Z][A-Z0-9_]*$/.test(value)) return { why: "is a placeholder" };
  // Documentation's stand-in for any path: `path/to/schema.json`, `/path/to/report.json`.
  if (value.startsWith("path/to/") || value.includes("/path/to/"))
    return { why: "is a placeholder" };
  return { dir: value, label };
}

const SCRIPT_DIR =
  /^\$\(\s*dirname\s+(?:"\$(?:0|\{0\}|\{BASH_SOURCE(?:\[0\])?\}|BASH_SOURCE)"|\$0|\$\{BASH_SOURCE(?:\[0\])?\})\s*\)$/;
/** `${0%/*}`: the script's path without its last part. */
const SCRIPT_DIR_TRIM = "$" + "{0%/*}";
const TOP_LEVEL = /^\$\(\s*git\s+rev-parse\s+--show-toplevel\s*\)$/;
const WORKSPACE =
  /^(?:\$GITHUB_WORKSPACE|\$\{GITHUB_WORKSPACE\}|\$\{\{\s*github\.workspace\s*\}\})$/;

/** Expansions whose value we know where they run, with the name of the place. */
function knownExpansion(
  expansion: string,
  context: Context,
): { dir: string; label: string } | undefined {
  if (
    context.scriptDir !== undefined &&
    (SCRIPT_DIR.test(expansion) || expansion === SCRIPT_DIR_TRIM)
  )
    return { dir: context.scriptDir, label: "the script's folder" };
  if (TOP_LEVEL.test(expansion)) return { dir: context.projectRoot, label: "the project root" };
  if (context.workspace !== undefined && WORKSPACE.test(expansion))
    return { dir: context.workspace, label: "the repository root" };
  return undefined;
}

/** Regular expressions of this module, for the test that checks each is linear. */
export const MENTION_PATTERNS: readonly RegExp[] = [SCRIPT_DIR, TOP_LEVEL, WORKSPACE];

/**
 * Offset ranges of SKILL.md that hold code: the content of each shell code block, and each
 * inline code span on a prose line that mentions `--output-schema`.
 */
function skillCodeRanges(
  text: string,
  markdown: {
    fences: { info: string; line: number; endLine: number; closed: boolean }[];
    proseLines: number[];
  },
  lines: LineIndex,
): [number, number][] {
  const ranges: [number, number][] = [];
  for (const fence of markdown.fences) {
    if (!isShellFence(fence.info)) continue;
    const first = fence.line + 1;
    const last = fence.closed ? fence.endLine - 1 : fence.endLine;
    if (last < first) continue;
    const from = lines.offsetAt({ line: first, column: 1 });
    const to = last < lines.lineCount ? lines.offsetAt({ line: last + 1, column: 1 }) : text.length;
    ranges.push([from, to]);
  }
  for (const line of markdown.proseLines) {
    const lineText = lines.lineText(line);
    if (!lineText.includes("--output-schema")) continue;
    const offset = lines.offsetAt({ line, column: 1 });
    for (const [from, to] of inlineCodeSpans(lineText)) ranges.push([offset + from, offset + to]);
  }
  return ranges;
}

/**
 * The content ranges of the inline code spans of one line: a run of backticks opens a span that
 * the next run of the same length closes (CommonMark); a run that is never closed is text.
 */
export function inlineCodeSpans(line: string): [number, number][] {
  const runs: { start: number; length: number }[] = [];
  for (let i = line.indexOf("`"); i >= 0; ) {
    let j = i;
    while (line.charCodeAt(j) === 96) j++;
    runs.push({ start: i, length: j - i });
    i = line.indexOf("`", j);
  }
  const spans: [number, number][] = [];
  for (let k = 0; k < runs.length; k++) {
    const open = runs[k] as { start: number; length: number };
    const closeIndex = runs.findIndex((run, index) => index > k && run.length === open.length);
    if (closeIndex < 0) continue;
    const close = runs[closeIndex] as { start: number; length: number };
    spans.push([open.start + open.length, close.start]);
    k = closeIndex;
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------
// Workflows

interface RunBlock {
  from: number;
  to: number;
  workingDirectory: string | undefined;
}

/**
 * The `--output-schema` arguments of a workflow. Each step's `run` is a shell of its own that
 * starts in the repository root, or in its `working-directory` (the step's, else the job's or
 * the workflow's `defaults.run`). An argument outside any `run` (an action's input, say) is
 * taken relative to the repository root.
 */
function workflowMentions(path: string, source: string): SchemaMention[] {
  const repositoryRoot = dirname(dirname(dirname(path)));
  const lines = new LineIndex(source);
  const blocks = runBlocks(source);
  const context = (workingDirectory: string | undefined): Context => {
    const root: Base = { dir: repositoryRoot, label: "the repository root" };
    const base =
      workingDirectory === undefined
        ? root
        : {
            dir: resolve(repositoryRoot, workingDirectory),
            label: `the step's working-directory \`${workingDirectory}\``,
          };
    return {
      bases: [base],
      projectRoot: repositoryRoot,
      workspace: repositoryRoot,
      cdAcrossLines: true,
    };
  };
  const mentions: SchemaMention[] = [];
  const inBlocks = new Set<number>();
  for (const block of blocks) {
    const found = outputSchemaArguments(source, block.from, block.to);
    if (found.length === 0) continue;
    const cds = cdCommands(source, block.from, block.to);
    const dir = block.workingDirectory;
    const ctx = context(dir);
    if (dir !== undefined && (dir.includes("${{") || dir.includes("$"))) {
      for (const argument of found) {
        inBlocks.add(argument.flagStart);
        const mention = toMention(argument, undefined, false, lines, ctx);
        mentions.push({
          ...mention,
          tried: [],
          unresolvable: `its step's working-directory \`${dir}\` is only known when it runs`,
        });
      }
      continue;
    }
    for (const argument of found) {
      inBlocks.add(argument.flagStart);
      mentions.push(toMention(argument, lastCdBefore(cds, argument.flagStart), true, lines, ctx));
    }
  }
  for (const argument of outputSchemaArguments(source)) {
    if (inBlocks.has(argument.flagStart)) continue;
    mentions.push(toMention(argument, undefined, false, lines, context(undefined)));
  }
  return mentions.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Each step's `run` value as an offset range, with the working directory it runs in. */
function runBlocks(source: string): RunBlock[] {
  let document: ReturnType<typeof parseDocument>;
  try {
    // Nesting past the cap is read as a plain value (see core's yaml-depth.ts).
    document = parseDocument(capYamlNesting(source).text, { uniqueKeys: false });
  } catch {
    return [];
  }
  const root = document.contents;
  if (!isMap(root)) return [];
  const blocks: RunBlock[] = [];
  const workflowDefault = defaultWorkingDirectory(root);
  const jobs = root.get("jobs");
  if (!isMap(jobs)) return [];
  for (const pair of jobs.items) {
    const job = pair.value;
    if (!isMap(job)) continue;
    const jobDefault = defaultWorkingDirectory(job) ?? workflowDefault;
    const steps = job.get("steps");
    if (!isSeq(steps)) continue;
    for (const step of steps.items) {
      if (!isMap(step)) continue;
      const run = step.get("run", true);
      if (!isScalar(run) || !run.range) continue;
      const own = step.get("working-directory");
      blocks.push({
        from: run.range[0],
        to: run.range[1],
        workingDirectory: typeof own === "string" ? own : jobDefault,
      });
    }
  }
  return blocks;
}

function defaultWorkingDirectory(node: YAMLMap): string | undefined {
  const defaults = node.get("defaults");
  if (!isMap(defaults)) return undefined;
  const run = defaults.get("run");
  if (!isMap(run)) return undefined;
  const dir = run.get("working-directory");
  return typeof dir === "string" ? dir : undefined;
}

/** A schema file's text after `resolveMention` said it is a regular file of a sane size. */
export function readMentionedFile(path: string): TextRead {
  return readRegularText(path);
}
