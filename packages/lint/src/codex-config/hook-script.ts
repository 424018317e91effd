/**
 * What a hook script visibly prints, read from its text: every way through the script (exit
 * statements, branches, the fall-through at its end) becomes a candidate outcome — exit code,
 * stdout, stderr — that the hook-output judge (`@ops-skill/codex/hook-judge`) turns into
 * Codex's answer. The readers know shell (`echo`, `printf`, heredocs, redirections, pipes to
 * `tee /dev/stderr` or `jq`), Python (`print`, `json.dumps`, `sys.stdout/stderr.write`,
 * `sys.exit`) and Node (`console.log/error`, `process.stdout/stderr.write`, `JSON.stringify`,
 * `process.exit`). What they cannot see — output built at run time, another program's output —
 * is marked dynamic and stands in as a placeholder.
 */
import type { HookRunOutput } from "@ops-skill/codex/hook-judge";
import { readNodeScript } from "./hook-script-node.js";
import { readPythonScript } from "./hook-script-python.js";
import { readShellScript } from "./hook-script-shell.js";
import type {
  ExitCode,
  Piece,
  ReaderResult,
  Step,
  Stream,
  Unreadable,
} from "./hook-script-steps.js";

export type { Piece, Step, Stream, Unreadable } from "./hook-script-steps.js";

export type ScriptLanguage = "shell" | "python" | "javascript" | "other";

export interface ScriptOutcome {
  /** The run as the judge takes it; placeholders stand for what is built at run time. */
  output: HookRunOutput;
  /** The same with output the reader cannot see taken as empty (the most favourable case). */
  favourable: HookRunOutput;
  /** Where the run ends: the exit statement, or the script's last line. */
  line: number;
  /** Lines of the statements whose output is in `output`, per stream. */
  stdoutLines: number[];
  stderrLines: number[];
  /** Part of the output or the exit code is not known before run time. */
  dynamic: boolean;
  /** Timed out only because of `sleep`s or a background child (the run as if it had not). */
  beforeTimeout?: HookRunOutput;
}

export interface ScriptReading {
  language: ScriptLanguage;
  outcomes: ScriptOutcome[];
  unreadable: Unreadable[];
  /** The explorer stopped early: more ways through the script than it follows. */
  truncated: boolean;
}

export function scriptLanguage(path: string, text: string): ScriptLanguage {
  const shebang = /^#![ \t]*([^\n]*)/.exec(text)?.[1] ?? "";
  if (shebang !== "") {
    // The shebang decides: `#!/usr/bin/env python3`, `#!/bin/bash -e`, `#!/usr/bin/env -S node`.
    const words = shebang.split(/[ \t]+/).filter((w) => !w.startsWith("-"));
    const program = (words[0]?.endsWith("/env") ? words[1] : words[0])?.split("/").at(-1) ?? "";
    return interpreterLanguage(program);
  }
  if (/\.py$/.test(path)) return "python";
  if (/\.(c|m)?[jt]s$/.test(path)) return "javascript";
  if (/\.(rb|pl|php|ps1|lua|tcl|go|rs|swift|kts?|exe)$/.test(path)) return "other";
  return "shell";
}

/** The language an interpreter named on the command line reads. */
export function interpreterLanguage(program: string): ScriptLanguage {
  if (/^python/.test(program)) return "python";
  if (/^(node|deno|bun|tsx|ts-node)$/.test(program)) return "javascript";
  if (/^(sh|bash|zsh|dash|ksh)$/.test(program)) return "shell";
  return "other";
}

/** How long Codex lets a hook run when the handler sets no timeout, in seconds. */
const DEFAULT_TIMEOUT_SEC = 600;
/** Outcomes and steps the explorer follows before it gives up (scripts are small). */
const MAX_OUTCOMES = 96;
const MAX_STEPS = 20_000;
const MAX_CALL_DEPTH = 4;

export interface ReadOptions {
  /** The handler's timeout in seconds. */
  timeoutSec?: number;
  /** For shell: `sh` (dash: `echo` expands backslash escapes) or `bash`. */
  shell?: "sh" | "bash";
}

/** Reads a hook script (or an inline command, as shell) into candidate outcomes. */
export function readHookScript(
  text: string,
  language: ScriptLanguage,
  options: ReadOptions = {},
): ScriptReading {
  if (language === "other")
    return {
      language,
      outcomes: [],
      unreadable: [{ line: 1, reason: "it is run by an interpreter the linter does not read" }],
      truncated: false,
    };
  try {
    const read =
      language === "python"
        ? readPythonScript(text)
        : language === "javascript"
          ? readNodeScript(text)
          : readShellScript(text, options.shell ?? shellDialect(text));
    const explored = explore(read, options.timeoutSec ?? DEFAULT_TIMEOUT_SEC, language);
    return { language, ...explored, unreadable: read.unreadable };
  } catch (error) {
    // Nesting deep enough to exhaust the stack: say so rather than fail the run.
    if (!(error instanceof RangeError)) throw error;
    return {
      language,
      outcomes: [],
      unreadable: [{ line: 1, reason: "it is nested too deeply to read" }],
      truncated: true,
    };
  }
}

function shellDialect(text: string): "sh" | "bash" {
  const shebang = /^#![^\n]*/.exec(text)?.[0] ?? "";
  return /\b(bash|zsh|ksh)\b/.test(shebang) ? "bash" : "sh";
}

// ------------------------------------------------------------------------------------------
// The explorer: every way through the steps, with their output.

interface State {
  pieces: Piece[];
  stdoutTo: Stream | "null";
  status: ExitCode;
  exitCode: ExitCode;
  elapsed: number;
  holdUntil: number;
  dynamicExit: boolean;
}

type FrameKind = "seq" | "fn" | "subshell";
interface Frame {
  steps: Step[];
  index: number;
  kind: FrameKind;
  exitOnReturn?: boolean;
  stdoutTo?: Stream | "null";
  depth: number;
  next: Frame | undefined;
}

function explore(
  read: ReaderResult,
  timeoutSec: number,
  language: ScriptLanguage,
): { outcomes: ScriptOutcome[]; truncated: boolean } {
  const outcomes: ScriptOutcome[] = [];
  const seen = new Set<string>();
  let budget = MAX_STEPS;
  let truncated = false;
  const lastLine = (steps: Step[]): number => {
    for (let i = steps.length - 1; i >= 0; i--) {
      const step = steps[i] as Step;
      if ("line" in step) return step.line;
    }
    return 1;
  };
  const endLine = lastLine(read.steps);

  const finish = (state: State, code: ExitCode | "last" | "signal", line: number) => {
    if (outcomes.length >= MAX_OUTCOMES) {
      truncated = true;
      return;
    }
    const exit: ExitCode = code === "last" ? state.status : code === "signal" ? 0 : code;
    const dynamicExit = exit === "dynamic" || state.dynamicExit;
    const build = (favourable: boolean): HookRunOutput => {
      let stdout = "";
      let stderr = "";
      for (const piece of state.pieces) {
        if (favourable && piece.unknown) continue;
        if (piece.stream === "stdout") stdout += piece.text;
        else stderr += piece.text;
      }
      if (code === "signal") return { exitCode: null, stdout, stderr, failure: "signal" };
      return { exitCode: exit === "dynamic" ? 0 : exit, stdout, stderr };
    };
    let output = build(false);
    let favourable = build(true);
    let beforeTimeout: HookRunOutput | undefined;
    if (code !== "signal" && Math.max(state.elapsed, state.holdUntil) >= timeoutSec) {
      beforeTimeout = favourable;
      const killed: HookRunOutput = { exitCode: null, stdout: "", stderr: "", failure: "timeout" };
      output = killed;
      favourable = killed;
    }
    const outcome: ScriptOutcome = {
      output,
      favourable,
      line,
      stdoutLines: [
        ...new Set(state.pieces.filter((p) => p.stream === "stdout").map((p) => p.line)),
      ],
      stderrLines: [
        ...new Set(state.pieces.filter((p) => p.stream === "stderr").map((p) => p.line)),
      ],
      dynamic: dynamicExit || state.pieces.some((p) => p.dynamic || p.unknown),
      ...(beforeTimeout ? { beforeTimeout } : {}),
    };
    const key = JSON.stringify([outcome.output, outcome.favourable, outcome.line, outcome.dynamic]);
    if (seen.has(key)) return;
    seen.add(key);
    outcomes.push(outcome);
  };

  const clone = (state: State): State => ({ ...state, pieces: [...state.pieces] });
  const stdoutTarget = (frame: Frame | undefined, state: State): Stream | "null" => {
    for (let f = frame; f; f = f.next) if (f.stdoutTo !== undefined) return f.stdoutTo;
    return state.stdoutTo;
  };

  const run = (start: Frame | undefined, initial: State): void => {
    let frame = start;
    let state = initial;
    while (frame) {
      if (--budget < 0 || outcomes.length >= MAX_OUTCOMES) {
        truncated = true;
        return;
      }
      if (frame.index >= frame.steps.length) {
        if (frame.kind === "fn" && frame.exitOnReturn) {
          finish(state, 0, lastLine(frame.steps));
          return;
        }
        frame = frame.next;
        continue;
      }
      const step = frame.steps[frame.index] as Step;
      const after: Frame = { ...frame, index: frame.index + 1 };
      switch (step.kind) {
        case "print": {
          const target = stdoutTarget(frame, state);
          for (const piece of step.pieces) {
            if (piece.stream === "stdout") {
              if (target === "null") continue;
              state.pieces.push({ ...piece, stream: target });
            } else state.pieces.push(piece);
          }
          state.status = 0;
          frame = after;
          continue;
        }
        case "status":
          state.status = step.code;
          frame = after;
          continue;
        case "negate":
          state.status =
            state.status === "dynamic" ? "dynamic" : state.status === 0 ? 1 : (0 as ExitCode);
          frame = after;
          continue;
        case "exit-code":
          state.exitCode = step.code;
          frame = after;
          continue;
        case "sleep":
          state.elapsed += step.seconds;
          frame = after;
          continue;
        case "hold":
          state.holdUntil = Math.max(state.holdUntil, state.elapsed + step.seconds);
          frame = after;
          continue;
        case "redirect-stdout":
          state.stdoutTo = step.to;
          frame = after;
          continue;
        case "signal":
          finish(state, "signal", step.line);
          return;
        case "exit": {
          // In a subshell, exit only ends the subshell.
          let f: Frame | undefined = frame;
          while (f && f.kind !== "subshell") f = f.next;
          const code = step.code === "last" ? state.status : step.code;
          if (f) {
            state.status = code;
            frame = f.next;
            continue;
          }
          finish(state, code, step.line);
          return;
        }
        case "return": {
          let f: Frame | undefined = frame;
          while (f && f.kind !== "fn") f = f.next;
          const code = step.code ?? state.status;
          if (!f || f.exitOnReturn) {
            finish(
              state,
              f ? (step.code ?? 0) : language === "shell" ? code : state.exitCode,
              step.line,
            );
            return;
          }
          state.status = code;
          frame = f.next;
          continue;
        }
        case "group":
          frame = {
            steps: step.steps,
            index: 0,
            kind: step.subshell ? "subshell" : "seq",
            ...(step.stdoutTo ? { stdoutTo: step.stdoutTo } : {}),
            depth: frame.depth,
            next: after,
          };
          continue;
        case "call": {
          const body = read.functions.get(step.name);
          if (!body || frame.depth >= MAX_CALL_DEPTH) {
            if (step.exitOnReturn) {
              state.dynamicExit = true;
              finish(state, "dynamic", step.line);
              return;
            }
            frame = after;
            continue;
          }
          frame = {
            steps: body,
            index: 0,
            kind: "fn",
            ...(step.exitOnReturn ? { exitOnReturn: true } : {}),
            depth: frame.depth + 1,
            next: after,
          };
          continue;
        }
        case "branch": {
          for (const arm of step.arms)
            run(
              { steps: arm, index: 0, kind: "seq", depth: frame.depth, next: after },
              clone(state),
            );
          return;
        }
        case "cond": {
          const enter = (yes: boolean, from: State): [Frame, State] => {
            const steps = yes ? step.yes : step.no;
            if (!steps && !yes && step.resetOnSkip) from.status = 0;
            return [
              { steps: steps ?? [], index: 0, kind: "seq", depth: after.depth, next: after },
              from,
            ];
          };
          if (state.status === "dynamic") {
            const yesState = clone(state);
            yesState.status = step.on === "zero" ? 0 : 1;
            const noState = clone(state);
            noState.status = step.on === "zero" ? 1 : 0;
            run(...enter(true, yesState));
            run(...enter(false, noState));
            return;
          }
          const yes = step.on === "zero" ? state.status === 0 : state.status !== 0;
          [frame, state] = enter(yes, state);
          continue;
        }
      }
    }
    finish(state, language === "shell" ? "last" : state.exitCode, endLine);
  };

  run(
    { steps: read.steps, index: 0, kind: "seq", depth: 0, next: undefined },
    {
      pieces: [],
      stdoutTo: "stdout",
      status: 0,
      exitCode: 0,
      elapsed: 0,
      holdUntil: 0,
      dynamicExit: false,
    },
  );
  return { outcomes, truncated };
}
