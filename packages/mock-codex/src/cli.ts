/**
 * The `mock-codex` command: `mock-codex exec [flags] [PROMPT]`, as `codex exec`. The process
 * edge only: read stdin, call `runExec`, print, write `-o`, return the exit code.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { type ExecResult, runExec } from "./exec.js";

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

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== "exec" && command !== "e") {
    process.stderr.write(
      command === undefined
        ? `mock-codex replays recorded \`codex exec\` sessions.\n\n${USAGE}`
        : `error: unrecognized subcommand '${command}'\n\n${USAGE}`,
    );
    return 2;
  }
  return emit(await runExec(rest, { cwd: process.cwd(), env: process.env, stdin: readStdin() }));
}
