/**
 * The `mock-codex` command: `mock-codex exec [flags] [PROMPT]`, as `codex exec`. The process
 * edge only: read stdin, call `runExec`, print, write `-o`, return the exit code.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { type ExecResult, MOCKED_CODEX_VERSION, runExec } from "./exec.js";
import { TOP_HELP, TOP_HELP_SHORT } from "./help.js";

const USAGE = "Usage: mock-codex exec [OPTIONS] [PROMPT]\n";

function readStdin(): string | undefined {
  if (process.stdin.isTTY) return undefined;
  try {
    return readFileSync(0, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A closed stdin reads as empty; a non-blocking one (EAGAIN) as well, as nothing was piped.
    if (code === "EBADF" || code === "EAGAIN" || code === "EOF") return "";
    throw error;
  }
}

function emit(result: ExecResult): number {
  if (result.outputFile !== undefined) {
    try {
      writeFileSync(result.outputFile.path, result.outputFile.content);
    } catch (error) {
      process.stderr.write(
        `Failed to write last message file ${result.outputFile.path}: ${(error as Error).message}\n`,
      );
    }
  }
  if (result.stderr !== "") process.stderr.write(result.stderr);
  if (result.stdout !== "") process.stdout.write(result.stdout);
  return result.exitCode;
}

/** What the `codex` command itself answers: help, version, or a refusal of what is not replayed. */
function topLevel(command: string | undefined): ExecResult {
  if (command === "--help" || command === "help")
    return { stdout: TOP_HELP, stderr: "", exitCode: 0 };
  if (command === "-h") return { stdout: TOP_HELP_SHORT, stderr: "", exitCode: 0 };
  if (command === "--version" || command === "-V") {
    return { stdout: `codex-cli ${MOCKED_CODEX_VERSION}\n`, stderr: "", exitCode: 0 };
  }
  const stderr =
    command === undefined
      ? `mock-codex replays recorded \`codex exec\` sessions.\n\n${USAGE}`
      : `mock-codex: \`codex ${command}\` is not replayed: mock-codex replays recorded \`codex exec\` sessions only\n\n${USAGE}`;
  return { stdout: "", stderr, exitCode: 2 };
}

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== "exec" && command !== "e") return emit(topLevel(command));
  return emit(await runExec(rest, { cwd: process.cwd(), env: process.env, stdin: readStdin() }));
}
