/**
 * The one way `ops-skill` fails. A usage error oclif finds (an unknown flag, a bad value, a
 * missing value, an unknown command) is one line, `ops-skill: <message> (see --help)`, exit 2;
 * every other error of any command, an unexpected exception or rejection, exits 2 with one
 * line, `ops-skill: <message>` (`--debug` adds the stack), never a stack trace or the
 * bundle's source. Output that cannot be written: a reader that closed
 * the pipe (`| head`) ends the run quietly with the exit code it had; any other error (a full
 * disk, ENOSPC) is one line and exit 2.
 */

import { fileURLToPath } from "node:url";
import { Config } from "@oclif/core/config";
import { ExitError } from "@oclif/core/errors";
import { flush } from "@oclif/core/flush";
import { handle } from "@oclif/core/handle";
import { run } from "@oclif/core/run";
import { CODEX_VERSION } from "@ops-skill/codex/version";
import { visibleLine } from "@ops-skill/lint/visible";

export async function main(dir: string): Promise<void> {
  const debug = process.argv.includes("--debug");
  // Before oclif's own listener, which rethrows every error but EPIPE.
  process.stdout.prependListener("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(exitCodeSoFar());
    fail(`cannot write the output: ${error.message}`);
  });
  process.on("uncaughtException", (error) => fail(error, debug));
  process.on("unhandledRejection", (error) => fail(error, debug));
  try {
    if (process.argv[2] === "--version") {
      await printVersion(dir);
      return;
    }
    await run(process.argv.slice(2), loadOptions(dir));
    await flush();
  } catch (error) {
    // `this.exit(n)` (an ExitError) ends the run with its code, printing nothing.
    if (isOclifError(error) && error instanceof ExitError) {
      await handle(error);
      return;
    }
    // Every other oclif error (a bad flag value, an unknown flag or command, a missing value;
    // one that carries exit 1, a module that cannot load, is a crash): one line, exit 2.
    if (isOclifError(error)) fail(usageLine(error.message), debug ? error : undefined);
    fail(error, debug);
  }
}

/**
 * oclif's version line, naming also the Codex release every verdict was recorded with:
 * `ops-skill/0.1.0 linux-x64 node-v20.19.0 (verdicts of Codex 0.169.0)`. Checked here
 * rather than in an oclif hook, which would cost every run.
 */
async function printVersion(dir: string): Promise<void> {
  const config = await Config.load(loadOptions(dir));
  process.stdout.write(`${config.userAgent} (verdicts of Codex ${CODEX_VERSION})\n`);
}

/**
 * oclif, without user plugins: ops-skill has none to offer, so it never reads the data folder's
 * `package.json` (a home the user cannot read printed a warning on every run, and a file there
 * could load code).
 */
function loadOptions(dir: string): { root: string; userPlugins: false } {
  return { root: dir.startsWith("file:") ? fileURLToPath(dir) : dir, userPlugins: false };
}

/** oclif's own errors (usage, parse, `this.exit`) carry their exit code; oclif prints them. */
function isOclifError(error: unknown): error is Error & { oclif: { exit: number } } {
  return (
    error instanceof Error &&
    typeof (error as { oclif?: { exit?: unknown } }).oclif?.exit === "number"
  );
}

/**
 * oclif's message as one line: without its "See more help with --help" and the help block,
 * the parts of a multi-line message joined (`Parsing --max-warnings` / `Expected an integer…`
 * becomes `--max-warnings: Expected an integer…`), then where to look.
 */
export function usageLine(message: string): string {
  const lines = message
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && line !== "See more help with --help");
  const [first = "unknown error", ...rest] = lines;
  const parsing = /^Parsing (--?[\w-]+)$/.exec(first);
  const detail = rest.join(" ");
  const text = !parsing
    ? [first, ...rest].join(" ")
    : detail.startsWith(parsing[1] as string)
      ? detail
      : `${parsing[1]}: ${detail}`;
  return `${text} (see --help)`;
}

function exitCodeSoFar(): number {
  const code = Number(process.exitCode ?? 0);
  return Number.isInteger(code) ? code : 2;
}

/** One line on stderr and exit 2 (with `debug`, the stack too; or `stackOf`'s). */
function fail(error: unknown, debug: boolean | Error | undefined = false): never {
  const message =
    typeof error === "string" ? error : error instanceof Error ? error.message : String(error);
  const line = visibleLine(message.split("\n", 1)[0] ?? "") || "unknown error";
  let text = `ops-skill: ${line}\n`;
  const stackOf =
    debug instanceof Error ? debug : debug && error instanceof Error ? error : undefined;
  if (stackOf?.stack) text += `${stackOf.stack}\n`;
  try {
    process.stderr.write(text);
  } finally {
    process.exit(2);
  }
}
