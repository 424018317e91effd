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
    description: "force colour on or off (default: on for a terminal)",
    allowNo: true,
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

export function wantsColor(flag: boolean | undefined): boolean {
  return flag ?? (process.stdout.isTTY === true && !process.env.NO_COLOR);
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
  },
  options: {
    fix?: boolean;
    schemaRulesOnly?: boolean;
    reportUnusedDisableDirectives?: (typeof UNUSED_DIRECTIVE_SEVERITIES)[number];
  } = {},
): Promise<void> {
  const [{ runLint }, { deferredSchemaLintPlugin, SCHEMA_FILE_KIND }] = await Promise.all([
    import("@ops-skill/lint"),
    import("@ops-skill/schema/lint-plugin-deferred"),
  ]);
  report(
    await runLint({
      paths,
      cwd: process.cwd(),
      format: flags.format,
      fix: options.fix ?? false,
      maxWarnings: flags["max-warnings"],
      color: wantsColor(flags.color),
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
