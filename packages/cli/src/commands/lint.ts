import { Args, Command, Flags } from "@oclif/core";

/** Kept here so `--help` needs no library import; a test keeps it equal to the formatters. */
export const FORMAT_NAMES = ["stylish", "json", "sarif", "github", "junit"] as const;

export default class Lint extends Command {
  static override summary =
    "Lint Codex skills, their hooks and config with verdicts tested against Codex.";
  static override description =
    `Paths may be SKILL.md files, skill directories, skills roots, Codex config files (config.toml, NAME.config.toml) or hooks.json. With no path, lints the Codex skill roots (.agents/skills, .codex/skills) and .codex/ config of the current repository.

Exit codes: 0 no errors, 1 errors (or more warnings than --max-warnings), 2 usage error.`;
  static override examples = [
    "<%= config.bin %> lint",
    "<%= config.bin %> lint skills/ --format sarif > lint.sarif",
    "<%= config.bin %> lint .agents/skills/drift-check --fix",
  ];
  static override strict = false;
  static override args = {
    paths: Args.string({ description: "files or directories to lint", required: false }),
  };
  static override flags = {
    format: Flags.string({
      char: "f",
      description: "output format",
      options: [...FORMAT_NAMES],
      default: "stylish",
    }),
    fix: Flags.boolean({ description: "apply automatic fixes and write the files atomically" }),
    "max-warnings": Flags.integer({
      description: "exit 1 when there are more warnings than this",
      default: -1,
    }),
    config: Flags.string({
      char: "c",
      description: "path to a config file (ops-skill.config.json)",
    }),
    color: Flags.boolean({
      description: "force colour on or off (default: on for a terminal)",
      allowNo: true,
    }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Lint);
    const { runLint } = await import("@ops-skill/lint");
    const outcome = await runLint({
      paths: argv as string[],
      cwd: process.cwd(),
      format: flags.format,
      fix: flags.fix,
      maxWarnings: flags["max-warnings"],
      color: flags.color ?? (process.stdout.isTTY === true && !process.env.NO_COLOR),
      configPath: flags.config,
    });
    if (outcome.output) process.stdout.write(outcome.output);
    if (outcome.errorOutput) process.stderr.write(outcome.errorOutput);
    process.exitCode = outcome.exitCode;
  }
}
