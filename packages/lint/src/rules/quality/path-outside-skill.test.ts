import { testRule } from "../../../test/rule-tester.js";
import rule from "./path-outside-skill.js";

const head =
  "---\nname: demo-skill\ndescription: Detects drift. Use when a scheduled job checks drift.\n---\n";

testRule(rule, {
  valid: [
    {
      name: "links inside the skill",
      skill: `${head}See [codes](references/exit-codes.md) and [back](./references/../SKILL.md).\nRun \`scripts/summarize-plan.sh\`.\n`,
      skillFiles: { "references/exit-codes.md": "#", "scripts/summarize-plan.sh": "#!/bin/sh\n" },
    },
    {
      name: "symlink that stays inside",
      skill: `${head}Run \`scripts/latest.sh\`.\n`,
      skillFiles: {
        "scripts/summarize-v2.sh": "#!/bin/sh\n",
        "scripts/latest.sh": { symlink: "summarize-v2.sh" },
      },
    },
  ],
  invalid: [
    {
      name: "link climbs out of the skill",
      skill: `${head}The schema is [drift-report](../../schemas/drift-report.schema.json).\n`,
      files: { "schemas/drift-report.schema.json": "{}" },
      errors: [
        {
          message:
            '"../../schemas/drift-report.schema.json" leads outside the skill directory; Codex installs, archives and copies of the skill take only the skill\'s own folder, so the path breaks there.',
          line: 5,
          column: 30,
        },
      ],
    },
    {
      name: "referenced script is a symlink to a shared folder",
      skill: `${head}# Drift\n\nRun \`scripts/common.sh\` first.\n`,
      files: { "shared/common.sh": "#!/bin/sh\n" },
      skillFiles: { "scripts/common.sh": { symlink: "../../../shared/common.sh" } },
      errors: [
        {
          message:
            /^"scripts\/common.sh" resolves through a symbolic link to .*shared\/common.sh, outside the skill directory/,
          line: 7,
          column: 6,
        },
      ],
    },
    {
      name: "unreferenced symlinked folder",
      skill: `${head}# Drift\n`,
      files: { "shared/lib/x.sh": "#!/bin/sh\n" },
      skillFiles: { lib: { symlink: "../../shared/lib" } },
      errors: [
        {
          message: /^lib is a symbolic link to .*shared\/lib, outside the skill directory/,
          line: 1,
          column: 1,
        },
      ],
    },
  ],
});
