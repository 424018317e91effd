/**
 * Recorded tool calls: the `calls.jsonl` of a scenario, one JSON object a line, each the answer
 * one infrastructure tool gave to one argument vector (and stdin). The shims put first on PATH
 * answer from these records (shims.ts, shim/runtime.cjs). Pure: text in, records and problems
 * (each with its line) out; side files are checked through the caller's `checkFile`.
 */

/** Tools that always get a shim, recorded or not: the real one never runs in a scenario. */
export const DEFAULT_SHIMMED_TOOLS: readonly string[] = [
  "terraform",
  "kubectl",
  "helm",
  "openssl",
  "aws",
  "syft",
  "grype",
  "dig",
  "curl",
  "date",
];

/**
 * Names that cannot be shimmed: the shells and launchers the run itself needs (Codex runs every
 * command as `/bin/bash -lc`, scripts start with `#!/usr/bin/env bash`, the shims run on node).
 */
export const RESERVED_TOOL_NAMES: ReadonlySet<string> = new Set([
  "sh",
  "bash",
  "dash",
  "zsh",
  "env",
  "node",
  "command",
  "exec",
]);

const TOOL_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;

/** Why `name` cannot be a shimmed tool, or undefined when it can. */
export function toolNameProblem(name: unknown): string | undefined {
  if (typeof name !== "string") return "a tool name must be a string";
  if (!TOOL_NAME.test(name)) {
    return `${JSON.stringify(name)} is not a command name (letters, digits, ".", "_", "+", "-"; no "/"; at most 64 characters)`;
  }
  if (RESERVED_TOOL_NAMES.has(name)) {
    return `"${name}" cannot be shimmed: the run needs the real one`;
  }
  return undefined;
}

/** Bytes a record holds: inline text, inline base64 (binary), or a side file of the scenario. */
export type RecordedBytes =
  | { kind: "text"; text: string }
  | { kind: "base64"; base64: string }
  /** A path relative to the scenario folder. */
  | { kind: "file"; path: string };

export interface ToolRecording {
  /** The file and 1-based line the record is on. */
  file: string;
  line: number;
  tool: string;
  args: string[];
  /** Undefined: stdin is not looked at. Otherwise the call matches only with these bytes. */
  stdin: RecordedBytes | undefined;
  stdout: RecordedBytes | undefined;
  stderr: RecordedBytes | undefined;
  exitCode: number;
  /** Answers every matching call; by default a record answers one call (a sequence). */
  repeat: boolean;
}

export interface RecordingProblem {
  file: string;
  line: number;
  message: string;
}

export interface ParseRecordingsOptions {
  /** The path reported in problems. */
  file: string;
  /** Why a side file (relative to the scenario folder) cannot be used, or undefined. */
  checkFile: (path: string) => string | undefined;
}

export interface ParsedRecordings {
  recordings: ToolRecording[];
  problems: RecordingProblem[];
}

const KEYS = new Set([
  "tool",
  "args",
  "stdin",
  "stdin_base64",
  "stdin_file",
  "stdout",
  "stdout_base64",
  "stdout_file",
  "stderr",
  "stderr_base64",
  "stderr_file",
  "exit_code",
  "repeat",
  "note",
]);

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** A relative path that stays inside the scenario folder, or why not. */
export function relativePathProblem(path: unknown): string | undefined {
  if (typeof path !== "string" || path === "") return "must be a non-empty string";
  if (path.includes("\0")) return "must not hold a NUL character";
  if (path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path)) {
    return "must be relative to the scenario folder";
  }
  if (path.split(/[\\/]/).includes("..")) return 'must stay inside the scenario folder (no "..")';
  return undefined;
}

function bytesOf(
  record: Json,
  stream: "stdin" | "stdout" | "stderr",
  fail: (message: string) => void,
  checkFile: (path: string) => string | undefined,
): RecordedBytes | undefined {
  const given = (["", "_base64", "_file"] as const).filter((s) => record[stream + s] !== undefined);
  if (given.length > 1) {
    fail(`give at most one of ${given.map((s) => `"${stream}${s}"`).join(", ")}`);
    return undefined;
  }
  const suffix = given[0];
  if (suffix === undefined) return undefined;
  const key = stream + suffix;
  const value = record[key];
  if (suffix === "") {
    if (typeof value !== "string") fail(`"${key}" must be a string`);
    else return { kind: "text", text: value };
  } else if (suffix === "_base64") {
    if (typeof value !== "string" || !BASE64.test(value)) fail(`"${key}" must be base64 text`);
    else return { kind: "base64", base64: value };
  } else {
    const problem = relativePathProblem(value) ?? checkFile(value as string);
    if (problem !== undefined) fail(`"${key}" ${JSON.stringify(value)}: ${problem}`);
    else return { kind: "file", path: value as string };
  }
  return undefined;
}

/** Parses `calls.jsonl`. Every bad line is a problem; the good ones are still returned. */
export function parseRecordings(text: string, options: ParseRecordingsOptions): ParsedRecordings {
  const recordings: ToolRecording[] = [];
  const problems: RecordingProblem[] = [];
  const rows = text.split("\n");
  rows.forEach((content, index) => {
    const line = index + 1;
    if (content.trim() === "") return;
    const fail = (message: string) => problems.push({ file: options.file, line, message });
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (error) {
      fail(
        index === rows.length - 1 && !text.endsWith("\n")
          ? `not JSON, truncated? (${(error as Error).message})`
          : `not JSON (${(error as Error).message})`,
      );
      return;
    }
    if (!isObject(value)) {
      fail("a recorded call must be a JSON object");
      return;
    }
    const before = problems.length;
    for (const key of Object.keys(value)) {
      if (!KEYS.has(key)) fail(`unknown key "${key}"`);
    }
    const tool = value.tool;
    const toolProblem = toolNameProblem(tool);
    if (toolProblem !== undefined) fail(`"tool": ${toolProblem}`);
    const args = value.args;
    if (!Array.isArray(args) || !args.every((arg) => typeof arg === "string")) {
      fail('"args" must be an array of strings (the arguments after the tool name)');
    }
    const exitCode = value.exit_code ?? 0;
    if (typeof exitCode !== "number" || !Number.isInteger(exitCode) || exitCode < 0) {
      fail('"exit_code" must be an integer from 0 to 255');
    } else if (exitCode > 255) fail('"exit_code" must be an integer from 0 to 255');
    const repeat = value.repeat ?? false;
    if (typeof repeat !== "boolean") fail('"repeat" must be true or false');
    if (value.note !== undefined && typeof value.note !== "string") fail('"note" must be a string');
    const stdin = bytesOf(value, "stdin", fail, options.checkFile);
    const stdout = bytesOf(value, "stdout", fail, options.checkFile);
    const stderr = bytesOf(value, "stderr", fail, options.checkFile);
    if (problems.length > before) return;
    recordings.push({
      file: options.file,
      line,
      tool: tool as string,
      args: args as string[],
      stdin,
      stdout,
      stderr,
      exitCode: exitCode as number,
      repeat: repeat as boolean,
    });
  });
  return { recordings, problems };
}

/** The tools a scenario shims: the defaults, the ones it names, the ones it recorded. */
export function shimmedTools(
  declared: readonly string[],
  recordings: readonly ToolRecording[],
): string[] {
  const all = new Set([...DEFAULT_SHIMMED_TOOLS, ...declared, ...recordings.map((r) => r.tool)]);
  return [...all].sort();
}
