import { fileURLToPath } from "node:url";

/**
 * Codex's stderr log lines look like
 * `2026-11-25T12:18:23.009386Z ERROR codex_core::session::session: <message>`
 * (the app server adds ANSI colours; `codex exec` with a pipe does not).
 */
export interface CodexLogLine {
  timestamp: string;
  level: "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR";
  target: string;
  message: string;
}

export interface SkillLoadFailure {
  /** Absolute path of the refused `SKILL.md`, as Codex printed it. */
  path: string;
  /** Codex's reason, e.g. ``invalid YAML: duplicate field `name` ``. */
  reason: string;
}

export interface TraversalLimitHit {
  /** Filesystem path of the skills root whose scan hit the directory limit. */
  root: string;
  /** The root as printed (a `file://` URI in 0.169.0). */
  printedRoot: string;
}

const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
const LOG_LINE =
  /^(\d{4}-\d\d-\d\dT[0-9:.]+Z)\s+(TRACE|DEBUG|INFO|WARN|ERROR)\s+([A-Za-z0-9_:]+): (.*)$/;
const LOAD_FAILURE_PREFIX = "failed to load skill ";
const TRAVERSAL_LIMIT = "skills scan reached its traversal limit (root: ";
/** Where the path of a load failure ends: the file is always named SKILL.md. */
const SKILL_FILE_END = "/SKILL.md: ";
/** Characters `.` does not match: a regex `(.+)$` would have failed on them. */
const LINE_TERMINATOR = /[\r\u2028\u2029]/;

export function stripAnsi(text: string): string {
  return text.replace(ANSI_ESCAPE, "");
}

function stderrLines(stderr: string): string[] {
  return stripAnsi(stderr)
    .split("\n")
    .map((line) => line.replace(/\r$/, ""));
}

/** Every timestamped log line on Codex's stderr; other lines are skipped. */
export function parseCodexLogLines(stderr: string): CodexLogLine[] {
  const lines: CodexLogLine[] = [];
  for (const line of stderrLines(stderr)) {
    const match = LOG_LINE.exec(line);
    if (match?.[1] === undefined || match[2] === undefined || match[3] === undefined) continue;
    lines.push({
      timestamp: match[1],
      level: match[2] as CodexLogLine["level"],
      target: match[3],
      message: match[4] ?? "",
    });
  }
  return lines;
}

function splitFailure(rest: string): SkillLoadFailure | undefined {
  // The file is always named SKILL.md, so its end is the safest place to split (a scan: the
  // regex `^(.+?\/SKILL\.md): (.*)$` is quadratic on long lines).
  const end = rest.indexOf(SKILL_FILE_END, 1);
  if (end !== -1 && !LINE_TERMINATOR.test(rest)) {
    return {
      path: rest.slice(0, end + SKILL_FILE_END.length - 2),
      reason: rest.slice(end + SKILL_FILE_END.length),
    };
  }
  const separator = rest.indexOf(": ");
  if (separator === -1) return undefined;
  return { path: rest.slice(0, separator), reason: rest.slice(separator + 2) };
}

/** `failed to load skill <abs path>: <reason>` lines, in the order Codex printed them. */
export function parseSkillLoadFailures(stderr: string): SkillLoadFailure[] {
  const failures: SkillLoadFailure[] = [];
  for (const line of stderrLines(stderr)) {
    const at = line.indexOf(LOAD_FAILURE_PREFIX);
    if (at === -1) continue;
    const failure = splitFailure(line.slice(at + LOAD_FAILURE_PREFIX.length));
    if (failure !== undefined) failures.push(failure);
  }
  return failures;
}

function printedRootToPath(printedRoot: string): string {
  if (!printedRoot.startsWith("file://")) return printedRoot;
  try {
    return fileURLToPath(printedRoot);
  } catch {
    return printedRoot;
  }
}

/**
 * `skills scan reached its traversal limit (root: file:///...)`: a root with more directories
 * than Codex scans. Codex then drops every skill of that root; this line is the only trace.
 */
export function parseTraversalLimitHits(stderr: string): TraversalLimitHit[] {
  const hits: TraversalLimitHit[] = [];
  for (const line of stderrLines(stderr)) {
    const at = line.indexOf(TRAVERSAL_LIMIT);
    if (at === -1 || !line.endsWith(")") || LINE_TERMINATOR.test(line)) continue;
    const printedRoot = line.slice(at + TRAVERSAL_LIMIT.length, -1);
    if (printedRoot === "") continue;
    hits.push({ root: printedRootToPath(printedRoot), printedRoot });
  }
  return hits;
}

/** One hook run as `codex exec`'s human-readable log reports it (`hook: PreToolUse Blocked`). */
export interface HookRunStatusLine {
  /** `PreToolUse`, `PostToolUse`, ... */
  event: string;
  /** `Completed`, `Failed`, `Blocked`, ... */
  status: string;
}

const HOOK_STATUS_LINE = /^hook: (\w+) (\w+)$/;

/**
 * Codex's status of each hook run, in the order its human-readable log (`codex exec` without
 * `--json`) prints them on stderr.
 */
export function parseHookStatuses(stderr: string): HookRunStatusLine[] {
  const statuses: HookRunStatusLine[] = [];
  for (const line of stderrLines(stderr)) {
    const match = HOOK_STATUS_LINE.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined)
      statuses.push({ event: match[1], status: match[2] });
  }
  return statuses;
}
