import { testRule } from "../../../test/rule-tester.js";
import rule from "./unclosed-fence.js";

const head = "---\nname: demo-skill\ndescription: Checks pod health. Use when on-call asks.\n---\n";

testRule(rule, {
  valid: [
    {
      name: "closed fences",
      skill: `${head}\`\`\`bash\nkubectl get pods -A\n\`\`\`\n\n~~~text\nNAME READY\n~~~\n`,
    },
    {
      name: "longer closing fence",
      skill: `${head}\`\`\`\`markdown\n\`\`\`bash\nkubectl get pods\n\`\`\`\n\`\`\`\`\n`,
    },
  ],
  invalid: [
    {
      name: "unclosed at the end",
      skill: `${head}## Procedure\n\n\`\`\`bash\nkubectl get pods -A -o wide\n\n## Output\n\nReturn JSON.\n`,
      errors: [
        {
          message:
            "The code fence opened here with ``` is never closed, so the rest of SKILL.md is code to the model, including any instructions after it.",
          line: 7,
          column: 1,
        },
      ],
      output: `${head}## Procedure\n\n\`\`\`bash\nkubectl get pods -A -o wide\n\n## Output\n\nReturn JSON.\n\`\`\`\n`,
    },
    {
      name: "ended by its list item: no fix",
      skill: `${head}- Check:\n\n  \`\`\`bash\n  kubectl top nodes\n\nReturn the table.\n`,
      errors: [{ message: /the rest of the block it stands in is code/, line: 7, column: 3 }],
    },
    {
      name: "in a list item, no final newline",
      skill: `${head}1. Check:\n\n   ~~~bash\n   kubectl top nodes`,
      errors: [{ line: 7, column: 4 }],
      output: `${head}1. Check:\n\n   ~~~bash\n   kubectl top nodes\n   ~~~\n`,
    },
  ],
});
