import { describeWriteFailure, type WriteFailure } from "@ops-skill/core";

/** One problem with one schema file, located when the location is known. */
export interface CodegenProblem {
  /** The schema file, as given (relative to `cwd` when it is inside it). */
  file: string;
  /** 1-based line of the problem in the schema file, when known. */
  line?: number;
  /** 1-based column (UTF-16 code units) of the problem, when known. */
  column?: number;
  message: string;
}

/** `file:line:column: message`, leaving out what is unknown. */
export function formatCodegenProblem(problem: CodegenProblem): string {
  const where =
    problem.line === undefined
      ? problem.file
      : `${problem.file}:${problem.line}${problem.column === undefined ? "" : `:${problem.column}`}`;
  return `${where}: ${problem.message}`;
}

/**
 * Type generation failed; nothing was written. `problems` has one entry per problem found, for
 * every schema of the run (a run reports all its bad schemas at once, not just the first).
 */
export class TypesGenerationError extends Error {
  override readonly name = "TypesGenerationError";
  readonly problems: readonly CodegenProblem[];

  constructor(problems: readonly CodegenProblem[]) {
    const lines = problems.map(formatCodegenProblem);
    super(
      problems.length === 1
        ? (lines[0] as string)
        : `${problems.length} problems:\n${lines.map((l) => `  ${l}`).join("\n")}`,
    );
    this.problems = problems;
  }
}

/** A problem found in one schema, where it is known: a JSON Pointer into it or an offset. */
export interface LocatedMessage {
  message: string;
  pointer?: string | undefined;
  offset?: number | undefined;
}

/** Problems with one schema, thrown while compiling it and collected by the run. */
export class SchemaProblems extends Error {
  override readonly name = "SchemaProblems";
  readonly list: readonly LocatedMessage[];

  constructor(list: readonly LocatedMessage[]) {
    super(list.map((p) => p.message).join("; "));
    this.list = list;
  }
}

/**
 * A generated file could not be written (a full disk, a file of the user's in its place, a
 * link out of the output folder...). When `partial` is false nothing was written; when true,
 * the failure came while files were being put in place and those before it are new.
 */
export class TypesWriteError extends Error {
  override readonly name = "TypesWriteError";
  readonly failures: readonly WriteFailure[];
  readonly partial: boolean;

  constructor(
    failures: readonly WriteFailure[],
    display: (path: string) => string,
    partial = false,
  ) {
    super(failures.map((f) => describeWriteFailure(f, display(f.path))).join("\n"));
    this.failures = failures;
    this.partial = partial;
  }
}
