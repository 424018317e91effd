/**
 * `ops-skill schema fix FILE [--write]` as a function: rewrite a schema into the strict form,
 * print the diff (or write the file atomically), and list what only its author can decide.
 * The fix is a set of text edits (`fixSchemaText`): what it does not change keeps its text, and
 * the diff is made from those edits.
 */
import { dirname, relative } from "node:path";
import { describeWriteFailure, readRegularText, writeFileSafely } from "@ops-skill/core";
import { diffFromEdits } from "./diff.js";
import { fixSchemaText, TextFixError } from "./fix-text.js";
import { parseJsonDocument } from "./json-document.js";

export interface RunSchemaFixOptions {
  file: string;
  cwd: string;
  write?: boolean;
}

export interface RunSchemaFixOutcome {
  output: string;
  errorOutput: string;
  /**
   * 0: the schema is (or would be) strict-clean; 1: problems remain; 2: the file cannot be read
   * or written.
   */
  exitCode: 0 | 1 | 2;
}

export async function runSchemaFix(options: RunSchemaFixOptions): Promise<RunSchemaFixOutcome> {
  const shown = relative(options.cwd, options.file) || options.file;
  // Any file is a schema whatever its name; a folder, a FIFO or a device is never opened.
  const read = readRegularText(options.file);
  if (!read.ok)
    return { output: "", errorOutput: `ops-skill: ${shown}: ${read.problem}\n`, exitCode: 2 };
  const text = read.text;
  const document = parseJsonDocument(text);
  const syntax = document.problems[0];
  if (syntax) {
    const at = syntax.range ? `:${syntax.range.line}:${syntax.range.column}` : "";
    return {
      output: "",
      errorOutput: `${shown}${at}: not valid JSON: ${syntax.message}; nothing was changed.\n`,
      exitCode: 1,
    };
  }
  let result: ReturnType<typeof fixSchemaText>;
  try {
    result = fixSchemaText(document);
  } catch (error) {
    if (!(error instanceof TextFixError)) throw error;
    return {
      output: "",
      errorOutput: `ops-skill: ${shown}: internal error: the fix could not be written as edits of the file (${error.message}); nothing was changed.\n`,
      exitCode: 2,
    };
  }
  const changed = result.edits.length > 0;
  const unfixable = result.unfixable
    // The message names its JSON Pointer, as `schema check` and `lint` word it.
    .map((u) => `${shown}: ${u.code}: ${u.message}\n`)
    .join("");
  const summary = `${result.changes.length} change${result.changes.length === 1 ? "" : "s"}${
    result.unfixable.length > 0
      ? `, ${result.unfixable.length} problem${result.unfixable.length === 1 ? "" : "s"} left for you to decide`
      : ""
  }`;
  const exitCode = result.unfixable.length > 0 ? 1 : 0;
  if (!options.write) {
    const diff = diffFromEdits(text, result.edits, {
      fromFile: `a/${shown}`,
      toFile: `b/${shown}`,
    });
    return {
      output: diff,
      errorOutput: `${unfixable}${shown}: ${summary}${diff ? " (use --write to apply)" : ""}.\n`,
      exitCode,
    };
  }
  if (changed) {
    // The folder of the file is the tree: a link to a file elsewhere is not written through.
    const written = await writeFileSafely(options.file, result.text, {
      root: dirname(options.file),
    });
    if (!written.ok)
      return {
        output: "",
        errorOutput: `${unfixable}ops-skill: ${describeWriteFailure(written, shown)}\n`,
        exitCode: 2,
      };
  }
  return {
    output: "",
    errorOutput: `${unfixable}${shown}: ${summary}${changed ? ", written" : ""}.\n`,
    exitCode,
  };
}
