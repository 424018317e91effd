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
  /** Which part: the exit code, stdout, stderr. */
  dynamicParts: { exit: boolean; stdout: boolean; stderr: boolean };
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
const MAX_OUTCOMES = 64;
const MAX_STEPS = 6_000;
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
    const explored = explore(simplify(read), options.timeoutSec ?? DEFAULT_TIMEOUT_SEC, language);
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
// Simplification: branches that print nothing and end nothing need not be followed apart.

function simplify(read: ReaderResult): ReaderResult {
  const inertFunctions = new Map<string, boolean>();
  const visiting = new Set<string>();
  const inertFunction = (name: string): boolean => {
    const known = inertFunctions.get(name);
    if (known !== undefined) return known;
    const body = read.functions.get(name);
    if (!body || visiting.has(name)) return body === undefined;
    visiting.add(name);
    const inert = body.every(inertStep);
    visiting.delete(name);
    inertFunctions.set(name, inert);
    return inert;
  };
  const inertStep = (step: Step): boolean => {
    switch (step.kind) {
      case "status":
      case "negate":
        return true;
      case "cond":
        return step.yes.every(inertStep) && (step.no ?? []).every(inertStep);
      case "branch":
        return step.arms.every((arm) => arm.every(inertStep));
      case "group":
        return step.steps.every(inertStep);
      case "call":
        return !step.exitOnReturn && inertFunction(step.name);
      default:
        return false;
    }
  };
  const rewrite = (steps: Step[]): Step[] => {
    const out: Step[] = [];
    for (const step of steps) {
      if ((step.kind === "cond" || step.kind === "branch") && inertStep(step)) {
        out.push({ kind: "status", code: "dynamic" });
        continue;
      }
      if (step.kind === "cond")
        out.push({ ...step, yes: rewrite(step.yes), ...(step.no ? { no: rewrite(step.no) } : {}) });
      else if (step.kind === "branch") out.push({ ...step, arms: step.arms.map(rewrite) });
      else if (step.kind === "group") out.push({ ...step, steps: rewrite(step.steps) });
      else out.push(step);
    }
    return out;
  };
  const functions = new Map<string, Step[]>();
  for (const [name, body] of read.functions) functions.set(name, rewrite(body));
  return { ...read, steps: rewrite(read.steps), functions };
}

// ------------------------------------------------------------------------------------------
// The explorer: every way through the steps, with their output. It carries a set of states
// through each block and merges equal ones where branches join, so a script with many `if`s in
// a row costs their sum, not their product.

/** What a way through the script has written, as a shared list (appending is O(1)). */
interface Written {
  piece: Piece;
  prev: Written | undefined;
  /** Equal ids mean equal lists. */
  id: number;
}

interface State {
  written: Written | undefined;
  stdoutTo: Stream | "null";
  status: ExitCode;
  exitCode: ExitCode;
  elapsed: number;
  holdUntil: number;
  dynamicExit: boolean;
}

interface Context {
  inFunction: boolean;
  inSubshell: boolean;
  depth: number;
  /** Where a group's redirection sends stdout. */
  stdoutTo?: Stream | "null";
}

interface Flow {
  /** States that fall through to the next step. */
  fall: State[];
  /** States that left a function by `return`, with its code. */
  returned: { state: State; code: ExitCode | undefined }[];
  /** States that left a subshell by `exit`. */
  subshellExit: State[];
}

const stateKey = (s: State) =>
  `${s.written?.id ?? 0}\u0000${s.stdoutTo}\u0000${s.status}\u0000${s.exitCode}\u0000${s.elapsed}\u0000${s.holdUntil}\u0000${s.dynamicExit}`;

/** Live states kept at a join; beyond this the explorer stops following more. */
const MAX_LIVE = 32;

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

  const listIds = new Map<string, number>();
  const piecesOf = (state: State): Piece[] => {
    const pieces: Piece[] = [];
    for (let node = state.written; node; node = node.prev) pieces.push(node.piece);
    return pieces.reverse();
  };

  const finish = (state: State, code: ExitCode | "last" | "signal", line: number) => {
    if (outcomes.length >= MAX_OUTCOMES) {
      truncated = true;
      return;
    }
    const exit: ExitCode = code === "last" ? state.status : code === "signal" ? 0 : code;
    const key = `${stateKey(state)}\u0000${exit}\u0000${code === "signal"}\u0000${line}`;
    if (seen.has(key)) return;
    seen.add(key);
    const pieces = piecesOf(state);
    const dynamicExit = exit === "dynamic" || state.dynamicExit;
    const build = (favourable: boolean): HookRunOutput => {
      let stdout = "";
      let stderr = "";
      for (const piece of pieces) {
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
    const lines = (stream: Stream) => [
      ...new Set(pieces.filter((p) => p.stream === stream).map((p) => p.line)),
    ];
    outcomes.push({
      output,
      favourable,
      line,
      stdoutLines: lines("stdout"),
      stderrLines: lines("stderr"),
      dynamic: dynamicExit || pieces.some((p) => p.dynamic || p.unknown),
      dynamicParts: {
        exit: dynamicExit,
        stdout: pieces.some((p) => p.stream === "stdout" && (p.dynamic || p.unknown)),
        stderr: pieces.some((p) => p.stream === "stderr" && (p.dynamic || p.unknown)),
      },
      ...(beforeTimeout ? { beforeTimeout } : {}),
    });
  };

  const clone = (state: State): State => ({ ...state });
  const dedupe = (states: State[]): State[] => {
    const byKey = new Map<string, State>();
    for (const state of states) {
      const key = stateKey(state);
      if (!byKey.has(key)) byKey.set(key, state);
    }
    let out = [...byKey.values()];
    if (out.length > MAX_LIVE) {
      truncated = true;
      out = out.slice(0, MAX_LIVE);
    }
    return out;
  };
  const write = (state: State, pieces: Piece[], context: Context) => {
    const target = context.stdoutTo ?? state.stdoutTo;
    for (const original of pieces) {
      let piece = original;
      if (piece.stream === "stdout") {
        if (target === "null") continue;
        if (target !== "stdout") piece = { ...piece, stream: target };
      }
      const signature = `${state.written?.id ?? 0}\u0000${piece.stream}${piece.line}${piece.dynamic ? "d" : ""}${piece.unknown ? "u" : ""}:${piece.text}`;
      let id = listIds.get(signature);
      if (id === undefined) {
        id = listIds.size + 1;
        listIds.set(signature, id);
      }
      state.written = { piece, prev: state.written, id };
    }
  };

  const block = (steps: Step[], input: State[], context: Context): Flow => {
    let live = input;
    const returned: Flow["returned"] = [];
    const subshellExit: State[] = [];
    for (const step of steps) {
      if (live.length === 0) break;
      if (budget <= 0) {
        truncated = true;
        return { fall: [], returned, subshellExit };
      }
      const next: State[] = [];
      for (const state of live) {
        budget--;
        const flow = one(step, state, context);
        for (const path of flow.fall) next.push(path);
        for (const path of flow.returned) returned.push(path);
        for (const path of flow.subshellExit) subshellExit.push(path);
      }
      live = next.length > 1 ? dedupe(next) : next;
    }
    return { fall: live, returned, subshellExit };
  };

  const fall = (state: State): Flow => ({ fall: [state], returned: [], subshellExit: [] });
  const none = (): Flow => ({ fall: [], returned: [], subshellExit: [] });
  const merge = (flows: Flow[]): Flow => ({
    fall: flows.flatMap((f) => f.fall),
    returned: flows.flatMap((f) => f.returned),
    subshellExit: flows.flatMap((f) => f.subshellExit),
  });

  const one = (step: Step, initial: State, context: Context): Flow => {
    const state = clone(initial);
    switch (step.kind) {
      case "print":
        write(state, step.pieces, context);
        state.status = 0;
        return fall(state);
      case "status":
        state.status = step.code;
        return fall(state);
      case "negate":
        state.status = state.status === "dynamic" ? "dynamic" : state.status === 0 ? 1 : 0;
        return fall(state);
      case "exit-code":
        state.exitCode = step.code;
        return fall(state);
      case "sleep":
        state.elapsed += step.seconds;
        return fall(state);
      case "hold":
        state.holdUntil = Math.max(state.holdUntil, state.elapsed + step.seconds);
        return fall(state);
      case "redirect-stdout":
        state.stdoutTo = step.to;
        return fall(state);
      case "signal":
        finish(state, "signal", step.line);
        return none();
      case "exit": {
        const code = step.code === "last" ? state.status : step.code;
        if (context.inSubshell) {
          state.status = code;
          return { fall: [], returned: [], subshellExit: [state] };
        }
        finish(state, code, step.line);
        return none();
      }
      case "return":
        if (context.inFunction)
          return { fall: [], returned: [{ state, code: step.code }], subshellExit: [] };
        finish(
          state,
          language === "shell" ? (step.code ?? state.status) : state.exitCode,
          step.line,
        );
        return none();
      case "group": {
        const flow = block(step.steps, [state], {
          ...context,
          ...(step.stdoutTo !== undefined ? { stdoutTo: step.stdoutTo } : {}),
          inSubshell: context.inSubshell || Boolean(step.subshell),
        });
        if (!step.subshell) return flow;
        return {
          fall: [...flow.fall, ...flow.subshellExit],
          returned: flow.returned,
          subshellExit: [],
        };
      }
      case "call": {
        const body = read.functions.get(step.name);
        if (!body || context.depth >= MAX_CALL_DEPTH) {
          if (step.exitOnReturn) {
            state.dynamicExit = true;
            finish(state, "dynamic", step.line);
            return none();
          }
          state.status = "dynamic";
          return fall(state);
        }
        const flow = block(body, [state], {
          inFunction: true,
          inSubshell: context.inSubshell,
          depth: context.depth + 1,
          ...(context.stdoutTo !== undefined ? { stdoutTo: context.stdoutTo } : {}),
        });
        if (step.exitOnReturn) {
          for (const s of flow.fall) finish(s, 0, lastLine(body));
          for (const r of flow.returned) finish(r.state, r.code ?? 0, step.line);
          return { fall: [], returned: [], subshellExit: flow.subshellExit };
        }
        const back = flow.returned.map((r) => {
          r.state.status = r.code ?? r.state.status;
          return r.state;
        });
        return { fall: [...flow.fall, ...back], returned: [], subshellExit: flow.subshellExit };
      }
      case "branch":
        return merge(step.arms.map((arm) => block(arm, [clone(state)], context)));
      case "cond": {
        const enter = (yes: boolean, from: State): Flow => {
          const steps = yes ? step.yes : step.no;
          if (!steps) {
            if (!yes && step.resetOnSkip) from.status = 0;
            return fall(from);
          }
          return block(steps, [from], context);
        };
        if (state.status === "dynamic") {
          const yesState = clone(state);
          yesState.status = step.on === "zero" ? 0 : 1;
          const noState = clone(state);
          noState.status = step.on === "zero" ? 1 : 0;
          return merge([enter(true, yesState), enter(false, noState)]);
        }
        return enter(step.on === "zero" ? state.status === 0 : state.status !== 0, state);
      }
    }
  };

  const flow = block(
    read.steps,
    [
      {
        written: undefined,
        stdoutTo: "stdout",
        status: 0,
        exitCode: 0,
        elapsed: 0,
        holdUntil: 0,
        dynamicExit: false,
      },
    ],
    { inFunction: false, inSubshell: false, depth: 0 },
  );
  for (const state of [...flow.fall, ...flow.subshellExit])
    finish(state, language === "shell" ? "last" : state.exitCode, endLine);
  for (const { state, code } of flow.returned) finish(state, code ?? state.status, endLine);
  return { outcomes, truncated };
}
