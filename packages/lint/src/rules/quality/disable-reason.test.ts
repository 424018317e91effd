import { testRule } from "../../../test/rule-tester.js";
import rule from "./disable-reason.js";

const head =
  "---\nname: demo-skill\ndescription: Restarts a deployment after approval. Use when on-call asks.\n---\n";

testRule(rule, {
  valid: [
    {
      name: "with a reason",
      skill: `${head}<!-- ops-skill-disable-next-line ops/mutating-command -- approved by change CHG-12 -->\nRun \`kubectl rollout restart deploy/api\`.\n`,
    },
    {
      name: "enable needs no reason",
      skill: `${head}<!-- ops-skill-disable quality/body-length -- generated reference -->\nText.\n<!-- ops-skill-enable -->\n`,
    },
    {
      name: "a directive shown in code is no directive",
      skill: `${head}\`\`\`markdown\n<!-- ops-skill-disable-next-line ops/mutating-command -->\n\`\`\`\n\n\`\`\`bash\n# ops-skill-disable-next-line ops/mutating-command\nkubectl delete pod x\n\`\`\`\n\nWrite \`<!-- ops-skill-disable-line quality/body-length -->\` to try.\n`,
    },
  ],
  invalid: [
    {
      name: "next-line without a reason",
      skill: `${head}## Steps\n<!-- ops-skill-disable-next-line ops/mutating-command -->\nRun \`kubectl rollout restart deploy/api\`.\n`,
      errors: [
        {
          message:
            '`ops-skill-disable-next-line` needs a reason after " -- "; it suppresses nothing without one.',
          line: 6,
          column: 1,
        },
      ],
    },
    {
      name: "in the frontmatter",
      skill:
        "---\nname: Demo_Skill # ops-skill-disable-line spec/name-format\ndescription: Checks pods. Use when asked.\n---\n",
      errors: [{ message: /^`ops-skill-disable-line` needs a reason/, line: 2, column: 18 }],
    },
    {
      name: "an empty reason",
      skill: `${head}<!-- ops-skill-disable quality/body-length -- -->\n`,
      errors: [{ message: /^`ops-skill-disable` needs a reason/, line: 5, column: 1 }],
    },
  ],
});
