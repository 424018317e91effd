import { testRule } from "../../../test/rule-tester.js";
import rule from "./allowed-tools-format.js";

const head = "---\nname: demo-skill\ndescription: Checks pod health. Use when on-call asks.\n";

testRule(rule, {
  valid: [
    { name: "space-delimited", skill: `${head}allowed-tools: Bash(kubectl:*) Read\n---\n` },
    { name: "absent", skill: `${head}---\n` },
  ],
  invalid: [
    {
      name: "block list",
      skill: `${head}allowed-tools:\n  - Bash(kubectl:*)\n  - Read\n---\n# Health\n`,
      errors: [
        {
          message:
            "`allowed-tools` is a list; the Agent Skills specification defines it as one space-delimited string (e.g. `allowed-tools: Bash(kubectl:*) Read`). Codex ignores the field.",
          line: 5,
          column: 3,
        },
      ],
      output: `${head}allowed-tools: Bash(kubectl:*) Read\n---\n# Health\n`,
    },
    {
      name: "flow list, CRLF",
      skill: `${head}allowed-tools: [Read, Grep]\n---\n`.replaceAll("\n", "\r\n"),
      errors: [{ message: /is a list/, line: 4, column: 16 }],
      output: `${head}allowed-tools: Read Grep\n---\n`.replaceAll("\n", "\r\n"),
    },
    {
      name: "a map cannot be fixed",
      skill: `${head}allowed-tools:\n  bash: true\n---\n`,
      errors: [{ message: /is a map/, line: 5, column: 3 }],
    },
  ],
});
