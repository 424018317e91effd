import { resolve } from "node:path";
import * as Args from "@oclif/core/args";
import { Command } from "@oclif/core/command";
import * as Flags from "@oclif/core/flags";
import { visibleLines } from "@ops-skill/lint/visible";
import { report } from "../../flags.js";

export default class SchemaFix extends Command {
  static override summary =
    "Rewrite a schema into the strict form that means the same to a consumer.";
  static override description =
    `Adds additionalProperties: false to every object, makes every property required (optional ones nullable), types bare enums, and moves keywords strict mode rejects into description text. Prints a diff; --write applies it atomically. Only what the fix changes is rewritten: number literals, line endings, indentation and key order stay as they are, and a schema with nothing to fix is not written at all. What cannot be fixed safely (a root anyOf, a typed map) is listed, not guessed.

The file is a schema whatever its name. Exit codes: 0 the result is strict-clean, 1 problems remain for you to decide (or the file is not JSON), 2 the file cannot be read (missing, a directory, a FIFO or a device, over 16 MiB) or written (a full disk, a read-only or hard-linked file, a link to a file outside its folder: the file is then left as it was).`;
  static override examples = [
    "<%= config.bin %> schema fix report.schema.json",
    "<%= config.bin %> schema fix report.schema.json --write",
  ];
  static override args = {
    file: Args.string({ description: "the schema file (any name)", required: true }),
  };
  static override flags = {
    write: Flags.boolean({ description: "write the fixed schema back to the file" }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(SchemaFix);
    const { runSchemaFix } = await import("@ops-skill/schema/fix-command");
    const outcome = await runSchemaFix({
      file: resolve(args.file),
      cwd: process.cwd(),
      write: flags.write,
    });
    // The diff and the notes quote the schema: its control characters (a bidi override or a
    // C1 control in a description) are shown, never obeyed by the terminal.
    report({
      ...outcome,
      output: visibleLines(outcome.output),
      errorOutput: visibleLines(outcome.errorOutput),
    });
  }
}
