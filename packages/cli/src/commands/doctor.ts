import * as Args from "@oclif/core/args";
import { Command } from "@oclif/core/command";
import * as Flags from "@oclif/core/flags";
import { configFlag, report, wantsColor } from "../flags.js";

/** Kept here so `--help` needs no library import; a test keeps it equal to the library's. */
export const DOCTOR_FORMAT_NAMES = [
  "text",
  "json",
  "json-with-metadata",
  "sarif",
  "github",
  "junit",
] as const;

export default class Doctor extends Command {
  static override summary =
    "Tell, before the first scheduled run, whether a scheduled codex exec will really do its job.";
  static override description =
    `Reads each schedule as it is written — a crontab line or file, a GitHub Actions workflow (each step that runs codex exec, or the openai codex action), a shell script, or a bare command line (--command) — and with no argument every schedule of the repository (.github/workflows/, cron/, *.cron, scripts that call codex exec, and the files or folders "doctor": {"schedules": [...]} of ops-skill.config.json names), less what the config's "ignores" drop (the linter's ignores; node_modules and .git are never searched). Each codex exec run is parsed as Codex parses its command line and checked the way Codex 0.169.0 decides: the skills the prompt names are discovered from the run's working directory and listed; the config and profile files load (--strict-config too); the sandbox or permission profile the run gets, from flags, -c, profile and config files in Codex's precedence, gives the skill's tools the network and hosts they need (raw TCP tools cannot pass the proxy) and the writes they make; the guard hooks run in codex exec (trusted, project trusted, matcher reaching Bash) and block each command the skill forbids; the output schema loads and passes strict mode; the file the next step parses is the one the run writes, with the fields its jq paths read; the secrets, PATH, HOME and tools the run needs are there; and the tokens per month stay within the budget ("doctor": {"monthlyTokenBudget": N} in ops-skill.config.json).

Each check says works, breaks or cannot tell, with the reason and the fix (see docs/doctor.md). --fix applies the safe fixes (writes the permission profile, drops an overriding --sandbox, moves [profiles.NAME] into NAME.config.toml) and checks again; fixes to your Codex home (trust entries) need --trust as well.

Exit codes: 0 nothing breaks (some checks may say cannot tell); 1 a check breaks, or a schedule cannot be read; 2 a usage error, no schedule found, or a fix or report that cannot be written.`;
  static override examples = [
    "<%= config.bin %> doctor",
    "<%= config.bin %> doctor .github/workflows/drift-check.yml",
    "<%= config.bin %> doctor --command \"codex exec --profile day-two --output-schema schemas/drift-report.schema.json -o report.json 'Run \\$drift-check'\"",
    "<%= config.bin %> doctor -f sarif -o doctor.sarif",
  ];
  static override strict = false;
  static override args = {
    schedules: Args.string({
      description: "schedule files or folders (default: every schedule in the repository)",
    }),
  };
  static override flags = {
    command: Flags.string({
      description: "a codex exec command line to check, as you would type it",
    }),
    format: Flags.string({
      char: "f",
      description: "output format",
      options: [...DOCTOR_FORMAT_NAMES],
      default: "text",
    }),
    "output-file": Flags.string({
      char: "o",
      description: "write the report to this file (atomically) instead of stdout",
    }),
    fix: Flags.boolean({ description: "apply the safe fixes, then check again", default: false }),
    trust: Flags.boolean({
      description: "with --fix: also write the trust entries into your Codex home",
      default: false,
    }),
    color: Flags.boolean({
      description:
        "force colour on or off (default: FORCE_COLOR, else off with NO_COLOR, else on for a terminal)",
      allowNo: true,
    }),
    config: configFlag,
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Doctor);
    const [{ runDoctorCommand }, { loadConfig }] = await Promise.all([
      import("@ops-skill/doctor"),
      import("@ops-skill/lint"),
    ]);
    const cwd = process.cwd();
    let config: Awaited<ReturnType<typeof loadConfig>>;
    try {
      config = await loadConfig(cwd, flags.config);
    } catch (error) {
      report({
        output: "",
        errorOutput: `ops-skill doctor: ${(error as Error).message}\n`,
        exitCode: 2,
      });
      return;
    }
    const outcome = await runDoctorCommand({
      cwd,
      inputs: argv as string[],
      ...(flags.command === undefined ? {} : { commandLine: flags.command }),
      format: flags.format,
      color: wantsColor(flags.color, flags["output-file"] !== undefined),
      fix: flags.fix,
      trust: flags.trust,
      ...(flags["output-file"] === undefined ? {} : { outputFile: flags["output-file"] }),
      config,
    });
    report(outcome);
  }
}
