import { resolve } from "node:path";
import * as Args from "@oclif/core/args";
import { Command } from "@oclif/core/command";
import * as Flags from "@oclif/core/flags";
import { configFlag, report } from "../flags.js";

export default class Types extends Command {
  static override summary =
    "Generate TypeScript types and standalone validators for report schemas.";
  static override description =
    `For each schema (any file given, whatever its name; default: schemas/*.schema.json), writes <name>.d.ts (json-schema-to-typescript), <name>.validate.js (ajv standalone code, compiled now, not at run time) and <name>.js with a typed parse<Name>(text) that returns the report or throws an error listing every violation with its path. Output is deterministic and cached by content hash: with nothing changed, nothing is written. Only files it generated are ever replaced: a file of yours in the output folder under an output's name (a package.json) stops the run with exit 2, as does a file that cannot be written, and nothing is written.

--check writes nothing and exits 1 when the generated files are stale, missing or extra: the CI guard.`;
  static override examples = [
    "<%= config.bin %> types",
    "<%= config.bin %> types --check",
    "<%= config.bin %> types schemas/drift-report.schema.json --out src/reports",
  ];
  static override strict = false;
  static override args = {
    schemas: Args.string({
      description: "schema files, any name (default: schemas/*.schema.json)",
      required: false,
    }),
  };
  static override flags = {
    out: Flags.string({
      char: "o",
      description:
        'output directory (default: "types.outDir" of the config file, else schemas/generated)',
    }),
    config: configFlag,
    check: Flags.boolean({
      description: "write nothing; exit 1 when the generated files are out of date",
    }),
    force: Flags.boolean({ description: "ignore the cache and regenerate every schema" }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Types);
    const { runTypes } = await import("@ops-skill/schema/types-command");
    report(
      await runTypes({
        cwd: process.cwd(),
        schemas: argv as string[],
        ...(flags.out ? { outDir: resolve(flags.out) } : {}),
        ...(flags.config ? { configPath: flags.config } : {}),
        check: flags.check,
        force: flags.force,
      }),
    );
  }
}
