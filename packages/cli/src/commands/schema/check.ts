import * as Args from "@oclif/core/args";
import { Command } from "@oclif/core/command";
import * as Flags from "@oclif/core/flags";
import { lintWithSchemas, reportFlags } from "../../flags.js";

export default class SchemaCheck extends Command {
  static override summary =
    "Check --output-schema files: every strict-mode problem at once, JSON Schema validity and report quality.";
  static override description =
    `Reports everything the API's strict mode would reject, each with its JSON Pointer, file position and the API's own wording, where Codex's run would fail on the first one only. Every file given is checked as a schema, whatever its name (schema.json, report.json...), as Codex takes any. With no file (or a folder), checks schemas/**/*.schema.json and every schema the repository's skills, their scripts and its workflows name with --output-schema; a name Codex could not read (missing, a directory, a FIFO, not JSON) is an error where it is written (schema/unreadable-file).

--fix applies the fixes of the findings that carry one (the edits \`ops-skill schema fix --write\` makes), as \`ops-skill lint --fix\` does.

Same formats, config and exit codes as \`ops-skill lint\`: 0 no errors; 1 errors (or more warnings than --max-warnings); 2 a usage or config error, a path given with nothing to check, output that cannot be written, or an internal error on a file (internal/crash). A rule lists at most 50 findings per file, then one that counts the rest. --debug prints which kind each file was taken for, and why.`;
  static override examples = [
    "<%= config.bin %> schema check",
    "<%= config.bin %> schema check schemas/drift-report.schema.json --format json",
    "<%= config.bin %> schema check report.json",
  ];
  static override strict = false;
  static override args = {
    files: Args.string({
      description: "schema files (any name) or directories",
      required: false,
    }),
  };
  static override flags = {
    ...reportFlags,
    fix: Flags.boolean({ description: "apply the schema fixes and write the files atomically" }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(SchemaCheck);
    await lintWithSchemas(argv as string[], flags, { schemaRulesOnly: true, fix: flags.fix });
  }
}
