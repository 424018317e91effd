import * as Args from "@oclif/core/args";
import { Command } from "@oclif/core/command";
import * as Flags from "@oclif/core/flags";
import { report } from "../flags.js";

export default class Rules extends Command {
  static override summary = "List the rules, or describe one.";
  static override description =
    "With no id: every rule (the built-in ones and the schema/ rules) with its default severity, whether --fix fixes it, and its docs page. With an id: its description, category, default severity, whether it is fixable, its docs page, and its options with their JSON Schema. An unknown id exits 2 and names the closest ids.";
  static override examples = [
    "<%= config.bin %> rules",
    "<%= config.bin %> rules quality/body-length",
    "<%= config.bin %> rules --json",
  ];
  static override args = {
    id: Args.string({ description: "a rule id (category/name)", required: false }),
  };
  static override flags = {
    json: Flags.boolean({ description: "print JSON" }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Rules);
    const [{ allRules, describeRules }, { schemaRules }] = await Promise.all([
      import("@ops-skill/lint"),
      import("@ops-skill/schema/lint-plugin"),
    ]);
    const metas = [...allRules, ...schemaRules].map((rule) => rule.meta);
    report(describeRules(metas, args.id, flags.json));
  }
}
