import { testRule } from "../../../test/rule-tester.js";
import rule from "./broken-link.js";

const head =
  "---\nname: demo-skill\ndescription: Detects drift. Use when a scheduled job checks drift.\n---\n";

testRule(rule, {
  valid: [
    {
      name: "existing reference, anchors, URLs and mail",
      skill: `${head}See [exit codes](references/exit-codes.md#plan) and [the top](#procedure).\nDocs: [Terraform](https://developer.hashicorp.com/terraform/cli/commands/plan), [mail](mailto:sre@example.com).\n`,
      skillFiles: { "references/exit-codes.md": "# Exit codes\n" },
    },
    {
      name: "percent-encoded and ./ paths",
      skill: `${head}![diagram](./assets/drift%20flow.png) [example](tests/example-report.json?raw=1)\n`,
      skillFiles: { "assets/drift flow.png": "png", "tests/example-report.json": "{}" },
    },
  ],
  invalid: [
    {
      name: "missing reference",
      skill: `${head}Interpret the exit code exactly (see [references/exit-codes.md](references/exit-codes.md)).\n`,
      errors: [
        {
          message:
            'The link target "references/exit-codes.md" does not exist (looked for references/exit-codes.md in the skill directory); the model cannot open it when it follows the link.',
          line: 5,
          column: 65,
        },
      ],
    },
    {
      name: "wrong case and missing image",
      skill: `${head}# Drift\n\nSee [severity](references/Severity.md).\n\n![flow](assets/flow.png)\n`,
      skillFiles: { "references/severity.md": "# Severity\n" },
      errors: [
        { message: /"references\/Severity.md" does not exist/, line: 7, column: 16 },
        { message: /"assets\/flow.png" does not exist/, line: 9, column: 9 },
      ],
    },
  ],
});
