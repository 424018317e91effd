import * as Args from "@oclif/core/args";
import { Command } from "@oclif/core/command";
import * as Flags from "@oclif/core/flags";
import { report } from "../flags.js";

/** Kept here so `--help` needs no library import; a test keeps it equal to create-ops-skill's. */
export const NEW_TEMPLATE_NAMES = [
  "drift-check",
  "cert-check",
  "k8s-health",
  "vuln-audit",
  "endpoint-check",
  "cost-anomaly",
  "blank",
] as const;

export default class New extends Command {
  static override summary =
    "Scaffold a skill from a template: SKILL.md, scripts, golden tests, its schema and types, the guard hook and the schedule.";
  static override description =
    `The same generator as npx create-ops-skill, without prompts. Writes into the git repository around the working directory: the skill in .agents/skills/<name>/ (or --dir), built in a temporary folder beside it and moved into place; schemas/<name>.schema.json and its generated types; the guard hook appended to .codex/hooks.json (every line kept; a file Codex cannot parse is refused) with the skill's forbidden commands in .codex/hooks/forbidden.json; the schedule: schedule/<profile>.config.toml (a permission profile that extends :read-only with the network on), schedule/trust.json, .github/workflows/<name>.yml (codex exec --profile, fails on a finding) and .github/workflows/ops-skill.yml when absent. codex exec skips untrusted hooks: --trust appends the project and hook trust to $CODEX_HOME/config.toml, otherwise the lines are printed. See docs/create.md.

Exit codes: 0 done; 1 refused (a bad name, with the corrected one offered; a non-empty folder without --force; a config that does not parse; no git repository; a folder that cannot be written), nothing written; 2 usage; 130 interrupted (Ctrl-C) before the files were in place, nothing written.`;
  static override examples = [
    "<%= config.bin %> new drift-check --template drift-check",
    "<%= config.bin %> new payments-health --template k8s-health --trust",
    "<%= config.bin %> new my-check --dir skills/my-check",
  ];
  static override args = {
    name: Args.string({
      description: "the skill's name (default: the template's)",
      required: false,
    }),
  };
  static override flags = {
    template: Flags.string({
      char: "t",
      description: "the template",
      options: [...NEW_TEMPLATE_NAMES],
      default: "blank",
    }),
    dir: Flags.string({
      char: "d",
      description: "the skill's folder (default: .agents/skills/<name> in the repository)",
    }),
    sandbox: Flags.string({
      description:
        "a permission profile name (default: day-two), or read-only / workspace-write for Codex's older sandbox (no network)",
    }),
    yes: Flags.boolean({
      char: "y",
      description: "accepted for create-ops-skill's habits: never prompts",
    }),
    force: Flags.boolean({
      description: "replace a non-empty skill folder and template files that differ",
    }),
    trust: Flags.boolean({
      description: "trust the project and its guard hook in $CODEX_HOME/config.toml",
      allowNo: true,
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(New);
    const { createSkill, formatCreated, formatRefusal, onInterrupt } = await import(
      "create-ops-skill"
    );
    // Ctrl-C while the skill is written: nothing in place and no scratch folder left (exit 130).
    const interrupt = onInterrupt();
    const result = await createSkill({
      ...(args.name === undefined ? {} : { name: args.name }),
      template: flags.template,
      ...(flags.dir === undefined ? {} : { dir: flags.dir }),
      ...(flags.sandbox === undefined ? {} : { sandbox: flags.sandbox }),
      force: flags.force,
      trust: flags.trust === true,
      signal: interrupt.signal,
    }).finally(interrupt.done);
    report(
      result.ok
        ? { output: formatCreated(result), errorOutput: "", exitCode: 0 }
        : {
            output: "",
            errorOutput: formatRefusal(result, "ops-skill new"),
            exitCode: result.exitCode,
          },
    );
  }
}
