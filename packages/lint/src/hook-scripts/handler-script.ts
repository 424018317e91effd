/**
 * Shared by the hooks/ rules that ask what a hook prints: the script a handler runs, read once
 * per config file into candidate outcomes, each judged by the hook-output judge as Codex
 * 0.169.0 would. Also whether a hook can block at all.
 */
import { relative } from "node:path";
import type { HookGroup, HookHandler } from "@ops-skill/codex/config";
import { DEFAULT_HOOK_TIMEOUT_SEC } from "@ops-skill/codex/config";
import { type HookVerdict, judgeHookOutput, rustTrim } from "@ops-skill/codex/hook-judge";
import { isSpecialFile, readRegularFile } from "@ops-skill/core";
import type { RunCache } from "../engine/cache.js";
import type { ConfigFile } from "../rule.js";
import { commandBaseDir, targetOf } from "./command-target.js";
import type { HookScriptReaders, LintedConfigFile } from "./config-model.js";
import type { ScriptLanguage, ScriptOutcome, ScriptReading } from "./hook-script.js";

/** Interpreters whose code the linter does not read. */
const OTHER_INTERPRETERS = /^(ruby|perl|php|pwsh|powershell|lua|tclsh|osascript|go|java)$/;

/** Scripts larger than this are not read (hook scripts are small; this one is something else). */
export const MAX_SCRIPT_BYTES = 512 * 1024;

export interface JudgedOutcome {
  outcome: ScriptOutcome;
  /** Codex's answer with output the linter cannot see taken as empty. */
  verdict: HookVerdict;
  /** Codex's answer with that output standing as a placeholder. */
  pessimistic: HookVerdict;
}

export interface HookScript {
  /** The script file relative to where Codex runs the command, or "the command". */
  where: string;
  /** Absolute path of the script file, when there is one. */
  path?: string;
  language?: ScriptLanguage;
  reading?: ScriptReading;
  /** Why the linter cannot read what the hook prints. */
  cannotRead?: string;
  /** The script is missing or a directory: hooks/command-not-found reports it. */
  missing?: boolean;
  judged: JudgedOutcome[];
  /** Whether any way through the hook blocks: yes, no, or cannot tell. */
  canBlock: "yes" | "no" | "unknown";
}

/**
 * What a command handler's hook prints, judged; once per run for each file, command and
 * timeout (the rules of the file and the skill rules asking what the project's hooks block).
 */
export function hookScriptOf(
  cache: RunCache,
  file: ConfigFile,
  parsed: LintedConfigFile,
  handler: HookHandler,
): HookScript | undefined {
  const { command } = handler;
  if (handler.type !== "command" || command === undefined) return undefined;
  const timeoutSec = handler.timeout ?? DEFAULT_HOOK_TIMEOUT_SEC;
  return cache(`hooks/script\u0000${file.path}\u0000${timeoutSec}\u0000${command}`, () =>
    readHandler(file, parsed.hookScripts, command, timeoutSec),
  );
}

function readHandler(
  file: ConfigFile,
  readers: HookScriptReaders,
  command: string,
  timeoutSec: number,
): HookScript {
  const { read: readHookScript, language: scriptLanguage, interpreterLanguage } = readers;
  const base = commandBaseDir(file);
  const target = targetOf(file, command);
  if (target.kind === "dynamic")
    return unreadable(
      "the command",
      "the command is built at run time (variables or substitutions)",
    );
  if (target.kind === "inline") {
    // An interpreter given code on the command line (`python3 -c ...`), or one the linter does
    // not read; anything else is shell code.
    const language = target.program === undefined ? "shell" : interpreterLanguage(target.program);
    if (language === "python" || language === "javascript")
      return unreadable(
        "the command",
        `it runs inline ${language === "python" ? "Python" : "JavaScript"} code`,
      );
    if (target.program !== undefined && OTHER_INTERPRETERS.test(target.program))
      return unreadable(
        "the command",
        `it runs \`${target.program}\`, which the linter does not read`,
      );
    return judge(
      "the command",
      undefined,
      "shell",
      readHookScript(command, "shell", { timeoutSec, shell: "bash" }),
    );
  }
  const where = relative(base, target.path) || target.path;
  if (where.startsWith(".."))
    return unreadable(where, "the script is outside the repository", target.path);
  const text = readScriptText(target.path);
  if (typeof text !== "string")
    return unreadable(where, text.problem, target.path, text.missing === true);
  const language =
    target.kind === "script"
      ? interpreterLanguage(target.interpreter)
      : scriptLanguage(target.path, text);
  if (language === "other")
    return unreadable(
      where,
      target.kind === "script"
        ? `it is run by \`${target.interpreter}\`, which the linter does not read`
        : "its interpreter is one the linter does not read",
      target.path,
    );
  return judge(where, target.path, language, readHookScript(text, language, { timeoutSec }));
}

function unreadable(where: string, problem: string, path?: string, missing = false): HookScript {
  return {
    where,
    ...(path ? { path } : {}),
    cannotRead: problem,
    ...(missing ? { missing } : {}),
    judged: [],
    canBlock: "unknown",
  };
}

function judge(
  where: string,
  path: string | undefined,
  language: ScriptLanguage,
  reading: ScriptReading,
): HookScript {
  const judged = reading.outcomes.map((outcome) => ({
    outcome,
    verdict: judgeHookOutput("PreToolUse", outcome.favourable),
    pessimistic: judgeHookOutput("PreToolUse", outcome.output),
  }));
  const blocks = judged.some((j) => j.verdict.action === "block");
  const unsure = reading.truncated || judged.some(mightBlock) || reading.outcomes.length === 0;
  return {
    where,
    ...(path ? { path } : {}),
    language,
    reading,
    judged,
    canBlock: blocks ? "yes" : unsure ? "unknown" : "no",
  };
}

/**
 * Whether a way that does not visibly block might block at run time: its exit code is not
 * known, or what it prints on the stream Codex reads for that exit code is (stdout on exit 0,
 * stderr on exit 2). A run-time value elsewhere cannot make it block.
 */
function mightBlock(judged: JudgedOutcome): boolean {
  const { outcome, verdict } = judged;
  if (verdict.action === "block") return false;
  const parts = outcome.dynamicParts;
  if (parts.exit) return true;
  const exit = (outcome.beforeTimeout ?? outcome.output).exitCode;
  if (outcome.output.failure !== undefined && !outcome.beforeTimeout) return false;
  if (outcome.beforeTimeout) return false;
  return (exit === 0 && parts.stdout) || (exit === 2 && parts.stderr);
}

/**
 * A script's text, or why it cannot be read: only regular files are opened (never a FIFO or a
 * device, which could block), up to MAX_SCRIPT_BYTES; a file with NUL bytes is a binary.
 */
export function readScriptText(path: string): string | { problem: string; missing?: boolean } {
  const read = readRegularFile(path, { maxBytes: MAX_SCRIPT_BYTES });
  if (!read.ok) {
    if (read.kind === "directory") return { problem: "it is a directory", missing: true };
    if (isSpecialFile(read.kind))
      return { problem: "it is not a regular file (a FIFO, socket or device)" };
    if (read.kind === "too-large")
      return {
        problem: `it is ${read.size} bytes, too large to be a script the linter reads`,
      };
    return {
      problem: `the script cannot be read (${read.code ?? "error"})`,
      missing: read.kind === "missing" || read.kind === "not-a-directory",
    };
  }
  const bytes = Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength);
  if (bytes.includes(0))
    return {
      problem:
        bytes[0] === 0x7f && bytes.subarray(1, 4).toString("latin1") === "ELF"
          ? "it is a compiled program"
          : "it is a binary file",
    };
  return new TextDecoder("utf-8").decode(bytes);
}

/** Whether any handler of a PreToolUse group can block (yes), visibly cannot (no), or unknown. */
export function groupCanBlock(
  cache: RunCache,
  file: ConfigFile,
  parsed: LintedConfigFile,
  group: HookGroup,
): "yes" | "no" | "unknown" {
  if (group.event !== "PreToolUse") return "no";
  let answer: "yes" | "no" | "unknown" = "no";
  for (const handler of group.handlers) {
    if (handler.type !== "command" || handler.async === true) continue;
    const script = hookScriptOf(cache, file, parsed, handler);
    if (!script) continue;
    if (script.canBlock === "yes") return "yes";
    if (script.canBlock === "unknown") answer = "unknown";
  }
  return answer;
}

const DENY_TEXT =
  /["']?\b(?:decision|permissionDecision)\b["']?\s*[:=]\s*\\?["']?(?:deny|block|ask)\b|["']?\bcontinue\b["']?\s*[:=]\s*(?:false|False)\b|\bstopReason\b/i;

/**
 * Whether a way through the hook means to deny: it exits 2, prints a deny or block decision
 * (on either stream), or is killed before doing so. `exit 1` (or another code) counts only with
 * a message that reads like a refusal and when the hook has no other way to deny (`lonely`):
 * otherwise it is an ordinary failure (a missing tool, a setup error).
 */
export function meansToDeny(judged: JudgedOutcome, lonely: boolean): boolean {
  const outcome = judged.outcome;
  if (outcome.beforeTimeout) {
    const before = outcome.beforeTimeout;
    return (
      judgeHookOutput("PreToolUse", before).action === "block" ||
      before.exitCode === 2 ||
      DENY_TEXT.test(before.stdout) ||
      DENY_TEXT.test(before.stderr)
    );
  }
  const output = outcome.favourable;
  if (output.failure === "signal") return rustTrim(output.stderr) !== "";
  if (output.exitCode === 2) return true;
  if (DENY_TEXT.test(output.stdout) || DENY_TEXT.test(output.stderr)) return true;
  return (
    lonely &&
    output.exitCode !== 0 &&
    rustTrim(output.stderr) !== "" &&
    REFUSAL_WORDS.test(output.stderr)
  );
}

/** A message that reads like a refusal (`blocked`, `not allowed`, `denied`, ...). */
const REFUSAL_WORDS =
  /\b(?:block(?:ed|ing)?|den(?:y|ied|ies)|not (?:allowed|permitted)|disallowed|forbidden|prohibited|refus(?:e|ed|ing)|reject(?:ed|ing)?|dangerous|unsafe|policy)\b/i;

/** Kinds of "the call runs" that placeholders for run-time values cannot cause. */
const SAFE_WHEN_DYNAMIC = new Set([
  "unknown-key",
  "continue-false",
  "stop-reason",
  "suppress-output",
  "decision-deny",
  "permission-decision-ask",
  "exit-code",
  "timeout",
  "signal",
  "json-on-stderr",
]);

/**
 * The ways through a hook that mean to deny and that Codex ignores, each with why; only those
 * the linter is sure of (nothing built at run time could change the answer).
 */
export function ignoredDenies(
  script: HookScript,
): { judged: JudgedOutcome; detail: string; kind: string }[] {
  const lonely =
    !script.judged.some((j) => j.verdict.action === "block") &&
    !script.judged.some((j) => {
      const out = j.outcome.beforeTimeout ?? j.outcome.favourable;
      return out.exitCode === 2 || DENY_TEXT.test(out.stdout) || DENY_TEXT.test(out.stderr);
    });
  // An exit statement that blocks on some way to it has a reason: the ways that reach it
  // without one (an early `return` in a helper that prints it, say) are taken as infeasible.
  const blockingExits = new Set(
    script.judged.filter((j) => j.verdict.action === "block").map((j) => j.outcome.line),
  );
  const found: { judged: JudgedOutcome; detail: string; kind: string }[] = [];
  for (const judged of script.judged) {
    const { verdict, pessimistic, outcome } = judged;
    if (verdict.action !== "run" || pessimistic.action !== "run") continue;
    if (!meansToDeny(judged, lonely)) continue;
    const kind = verdict.ignored.kind;
    if (
      (kind === "exit-2-without-reason" || kind === "exit-code") &&
      blockingExits.has(outcome.line)
    )
      continue;
    if (outcome.dynamic && !SAFE_WHEN_DYNAMIC.has(kind)) continue;
    if (kind === "unknown-key" && /(^|\.)X$/.test(verdict.ignored.path ?? "")) continue;
    let detail = verdict.ignored.detail;
    if (outcome.beforeTimeout)
      detail =
        outcome.beforeTimeout.exitCode === 2 ||
        judgeHookOutput("PreToolUse", outcome.beforeTimeout).action === "block"
          ? `${detail}, before it could block`
          : detail;
    found.push({ judged, detail, kind });
  }
  return found;
}
