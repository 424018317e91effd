import { CLIError } from "@oclif/core/errors";
import * as Flags from "@oclif/core/flags";

/** Kept here so `--help` needs no library import; a test keeps it equal to the formatters. */
export const FORMAT_NAMES = [
  "stylish",
  "json",
  "json-with-metadata",
  "sarif",
  "github",
  "junit",
] as const;

/** `--config`: every command that reads `ops-skill.config.json` takes it. */
export const configFlag = Flags.string({
  char: "c",
  description: "path to a config file (ops-skill.config.json)",
});

/** The report flags `lint` and `schema check` share: same formats, config and exit codes. */
export const reportFlags = {
  format: Flags.string({
    char: "f",
    description: "output format",
    options: [...FORMAT_NAMES],
    default: "stylish",
  }),
  "max-warnings": Flags.integer({
    description: "exit 1 when there are more warnings than this",
    default: -1,
  }),
  config: configFlag,
  color: Flags.boolean({
    description:
      "force colour on or off (default: FORCE_COLOR, else off with NO_COLOR, else on for a terminal)",
    allowNo: true,
  }),
  quiet: Flags.boolean({
    description: "report errors only; the rules set to warning or info do not run (as in ESLint 9)",
  }),
  "output-file": Flags.string({
    char: "o",
    description: "write the report to this file (atomically, folders created) instead of stdout",
  }),
  ignore: Flags.boolean({
    description: 'lint the files the config\'s "ignores" drop too (--no-ignore)',
    allowNo: true,
    default: true,
  }),
  "error-on-unmatched-pattern": Flags.boolean({
    description: "exit 2 when a path or glob given matches nothing to lint",
    allowNo: true,
    default: true,
  }),
  concurrency: Flags.custom<number | "auto" | "off">({
    description:
      'threads that lint skills: a number, "auto" (by the number of skills and CPUs) or "off"',
    default: "auto",
    parse: async (input) => {
      if (input === "auto" || input === "off") return input;
      if (/^[1-9][0-9]{0,2}$/.test(input)) return Number(input);
      throw new CLIError(`--concurrency takes a positive number, "auto" or "off", not "${input}"`);
    },
  })(),
  debug: Flags.boolean({
    description:
      "print to stderr which kind each file was taken for (skill, config, schema...) and why",
  }),
};

/** ESLint's flags for directives that suppress nothing (the `quality/unused-directive` rule). */
export const UNUSED_DIRECTIVE_SEVERITIES = ["error", "warning", "warn", "info", "off"] as const;
export const unusedDirectiveFlags = {
  "report-unused-disable-directives": Flags.boolean({
    description:
      "report inline directives that suppress nothing as errors (rule quality/unused-directive)",
    exclusive: ["report-unused-disable-directives-severity"],
  }),
  "report-unused-disable-directives-severity": Flags.string({
    description: "the severity of inline directives that suppress nothing",
    options: [...UNUSED_DIRECTIVE_SEVERITIES],
  }),
};

/** The severity the two flags ask for, if any. */
export function unusedDirectiveSeverity(flags: {
  "report-unused-disable-directives"?: boolean | undefined;
  "report-unused-disable-directives-severity"?: string | undefined;
}): (typeof UNUSED_DIRECTIVE_SEVERITIES)[number] | undefined {
  if (flags["report-unused-disable-directives"]) return "error";
  const severity = flags["report-unused-disable-directives-severity"];
  return UNUSED_DIRECTIVE_SEVERITIES.find((s) => s === severity);
}

/**
 * Colour, as Node and supports-color decide it: `--color`/`--no-color`, else `FORCE_COLOR`
 * (`0` or `false` off, any other value on; it wins over `NO_COLOR`, as in Node), else off with
 * `NO_COLOR` set, else on for a terminal that is not `TERM=dumb` (never for a report file).
 */
export function wantsColor(
  flag: boolean | undefined,
  toFile = false,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  if (env.NO_COLOR) return false;
  return !toFile && process.stdout.isTTY === true && env.TERM !== "dumb";
}

/** Prints a library outcome and sets the exit code. */
export function report(outcome: { output: string; errorOutput: string; exitCode: number }): void {
  if (outcome.output) process.stdout.write(outcome.output);
  if (outcome.errorOutput) process.stderr.write(outcome.errorOutput);
  process.exitCode = outcome.exitCode;
}

/**
 * `lint` and `schema check`: the lint engine with the schema rules, and the shared flags.
 * `schema check` runs only the `schema/` rules and takes every file it is given for a schema.
 */
export async function lintWithSchemas(
  paths: string[],
  flags: {
    format: string;
    "max-warnings": number;
    config?: string | undefined;
    color?: boolean | undefined;
    debug?: boolean | undefined;
    concurrency?: number | "auto" | "off" | undefined;
    quiet?: boolean | undefined;
    "output-file"?: string | undefined;
    "error-on-unmatched-pattern"?: boolean | undefined;
    ignore?: boolean | undefined;
  },
  options: {
    fix?: boolean;
    schemaRulesOnly?: boolean;
    reportUnusedDisableDirectives?: (typeof UNUSED_DIRECTIVE_SEVERITIES)[number];
    stdinFilename?: string;
  } = {},
): Promise<void> {
  const [{ runLint, readStdin }, { deferredSchemaLintPlugin, SCHEMA_FILE_KIND }] =
    await Promise.all([
      import("@ops-skill/lint"),
      import("@ops-skill/schema/lint-plugin-deferred"),
    ]);
  // `-` is stdin, as for ESLint's `--stdin`: read whole, with the reader's 16 MiB cap.
  let stdin: { bytes: Uint8Array; filename?: string | undefined } | undefined;
  if (paths.includes("-")) {
    const read = await readStdin(process.stdin);
    if (!read.ok) {
      report({ output: "", errorOutput: `ops-skill: ${read.problem}\n`, exitCode: 2 });
      return;
    }
    stdin = { bytes: read.bytes, filename: options.stdinFilename };
  } else if (options.stdinFilename)
    throw new CLIError("--stdin-filename names the file read from stdin: give - as the path");
  report(
    await runLint({
      paths: paths.filter((p) => p !== "-"),
      ...(stdin ? { stdin } : {}),
      cwd: process.cwd(),
      format: flags.format,
      fix: options.fix ?? false,
      maxWarnings: flags["max-warnings"],
      color: wantsColor(flags.color, flags["output-file"] !== undefined),
      quiet: flags.quiet ?? false,
      ...(flags["output-file"] !== undefined ? { outputFile: flags["output-file"] } : {}),
      errorOnUnmatchedPattern: flags["error-on-unmatched-pattern"] ?? true,
      noIgnore: flags.ignore === false,
      ...(flags.config ? { configPath: flags.config } : {}),
      plugins: [deferredSchemaLintPlugin],
      debug: flags.debug ?? false,
      concurrency: flags.concurrency ?? "auto",
      // The bundle's worker script sits beside it (from unbundled sources, linting stays on
      // the main thread).
      workerScript: new URL("./lint-worker.mjs", import.meta.url),
      // `schema check` takes every file it is given for a schema, whatever its name.
      ...(options.schemaRulesOnly
        ? {
            rules: [],
            explicitFileKind: { kind: SCHEMA_FILE_KIND, why: "given to schema check" },
          }
        : {}),
      ...(options.reportUnusedDisableDirectives
        ? { reportUnusedDisableDirectives: options.reportUnusedDisableDirectives }
        : {}),
    }),
  );
}

/** `lint --print-config <file>`: the effective config for it, with the schema rules. */
export async function printConfigFor(file: string, configPath: string | undefined): Promise<void> {
  const [{ allRules, printConfig }, { schemaRules }] = await Promise.all([
    import("@ops-skill/lint"),
    import("@ops-skill/schema/lint-plugin"),
  ]);
  report(
    await printConfig({
      cwd: process.cwd(),
      file,
      configPath,
      rules: [...allRules, ...schemaRules],
    }),
  );
}
