import * as Args from "@oclif/core/args";
import { Command } from "@oclif/core/command";
import * as Flags from "@oclif/core/flags";
import {
  lintWithSchemas,
  printConfigFor,
  reportFlags,
  unusedDirectiveFlags,
  unusedDirectiveSeverity,
} from "../flags.js";

export default class Lint extends Command {
  static override summary =
    "Lint Codex skills, their hooks and config, and report schemas, with verdicts tested against Codex.";
  static override description =
    `Paths may be SKILL.md files, skill directories, skills roots, Codex config files (config.toml, NAME.config.toml), hooks.json, *.schema.json report schemas, or any other .json file that reads as a JSON Schema ("$schema" of a json-schema.org dialect, or a schema "type" or "properties" at its root; other JSON is not linted, and stderr says so, in one line for the files a pattern matched). With no path, lints the Codex skill roots (.agents/skills, .codex/skills), .codex/ config and schemas/ of the current repository. Every file a --output-schema argument names, in a skill's code blocks, its scripts or the repository's workflows, is linted as a schema, whatever its name; one Codex could not read is an error where it is written.

A path may be a glob, quoted so the shell leaves it alone ('skills/*/SKILL.md', '.agents/**/SKILL.md'): it is expanded the same way on every shell, keeps the files a kind takes by name (SKILL.md, config.toml, NAME.config.toml, hooks.json, *.schema.json; a pattern ending in / takes folders) and never walks into node_modules or .git; a path that exists is never a pattern. A path or pattern that matches nothing to lint exits 2 unless --no-error-on-unmatched-pattern. --quiet reports errors only and, as in ESLint 9, does not run the rules set to warning or info at all (none of their findings counts toward --max-warnings, --fix applies none of their fixes, and a directive naming one is never reported unused). -o writes the report to a file atomically, creating its folders, and prints nothing on stdout. --print-config FILE prints the config that applies to FILE as JSON and lints nothing. - reads stdin (at most 16 MiB) as one file: --stdin-filename names it (its kind comes from the name, findings are reported under it, and the files beside it are read as if it were there; default <stdin>, a SKILL.md on its own); a name the config's "ignores" drop is not linted, and one warning (internal/ignored) says so, as in ESLint. --no-ignore lints the files "ignores" drop. Colour: --color/--no-color, else FORCE_COLOR (0 or false turns it off), else off with NO_COLOR, else on for a terminal.

A rule lists at most 50 findings per file, then one finding that counts the rest. --fix writes the safe fixes, says what it fixed (in the stylish report, on stderr in the other formats) and reports every finding that remains.

Exit codes: 0 no errors; 1 errors (or more warnings than --max-warnings); 2 a usage or config error, a path given with nothing to lint, output that cannot be written, or an internal error on a file (an internal/crash finding there, every other result still printed). --debug prints to stderr which kind each file was taken for and why, and the stack of an internal error.`;
  static override examples = [
    "<%= config.bin %> lint",
    "<%= config.bin %> lint skills/ --format sarif > lint.sarif",
    "<%= config.bin %> lint .agents/skills/drift-check --fix",
    "<%= config.bin %> lint '.agents/skills/*/SKILL.md' --quiet",
    "<%= config.bin %> lint -f sarif -o reports/ops-skill.sarif",
    "<%= config.bin %> lint --print-config .agents/skills/drift-check/SKILL.md",
    "cat SKILL.md | <%= config.bin %> lint - --stdin-filename .agents/skills/drift-check/SKILL.md",
  ];
  static override strict = false;
  static override args = {
    paths: Args.string({ description: "files or directories to lint", required: false }),
  };
  static override flags = {
    ...reportFlags,
    fix: Flags.boolean({ description: "apply automatic fixes and write the files atomically" }),
    ...unusedDirectiveFlags,
    "stdin-filename": Flags.string({
      description:
        "the name of the file read from stdin (-): its kind and where findings are reported (default <stdin>, a SKILL.md)",
    }),
    "print-config": Flags.string({
      description: "print the effective config for this file as JSON (nothing is linted)",
    }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Lint);
    if (flags["print-config"] !== undefined) {
      await printConfigFor(flags["print-config"], flags.config);
      return;
    }
    const unused = unusedDirectiveSeverity(flags);
    await lintWithSchemas(argv as string[], flags, {
      fix: flags.fix,
      ...(flags["stdin-filename"] ? { stdinFilename: flags["stdin-filename"] } : {}),
      ...(unused ? { reportUnusedDisableDirectives: unused } : {}),
    });
  }
}
