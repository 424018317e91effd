import { testRule } from "../../../test/rule-tester.js";
import rule from "./referenced-file-missing.js";

const head =
  "---\nname: demo-skill\ndescription: Detects drift. Use when a scheduled job checks drift.\n---\n";

testRule(rule, {
  valid: [
    {
      name: "scripts that exist",
      skill: `${head}Run \`scripts/summarize-plan.sh\` on the plan.\n\n\`\`\`bash\nscripts/validate-report.sh "$work/report.json"\n\`\`\`\n`,
      skillFiles: {
        "scripts/summarize-plan.sh": "#!/bin/sh\n",
        "scripts/validate-report.sh": "#!/bin/sh\n",
      },
    },
    {
      name: "a folder",
      skill: `${head}Read the notes in \`references/\` first.\n`,
      skillFiles: { "references/severity.md": "# Severity\n" },
    },
  ],
  invalid: [
    {
      name: "inline code",
      skill: `${head}Then run \`scripts/summarize-plan.sh\` on the plan output.\n`,
      errors: [
        {
          message:
            "`scripts/summarize-plan.sh` is named in the instructions but does not exist in the skill directory; the run fails when the model tries to use it.",
          line: 5,
          column: 11,
        },
      ],
    },
    {
      name: "fenced code",
      skill: `${head}1. Validate:\n\n   \`\`\`bash\n   scripts/validate-report.sh "\${DRIFT_WORK_DIR:-/tmp/drift-check}/report.json"\n   \`\`\`\n`,
      errors: [{ message: /^`scripts\/validate-report.sh` is named/, line: 8, column: 4 }],
    },
  ],
});
