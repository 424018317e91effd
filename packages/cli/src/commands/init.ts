import { Command } from "@oclif/core/command";
import { report } from "../flags.js";

export default class Init extends Command {
  static override summary =
    "Write ops-skill.config.json with its $schema and the default settings.";
  static override description =
    'Writes ops-skill.config.json in the current directory: "$schema" (the published JSON Schema, for completion and checks in editors), no rule changed from its default, no ignores, and types.outDir at its default. The file is read as JSONC: comments and trailing commas are allowed. Written atomically; an existing file is never replaced (exit 2).';
  static override examples = ["<%= config.bin %> init"];

  async run(): Promise<void> {
    await this.parse(Init);
    const { initConfig } = await import("@ops-skill/lint");
    report(await initConfig(process.cwd()));
  }
}
