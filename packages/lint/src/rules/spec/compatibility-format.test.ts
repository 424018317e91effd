import { testRule } from "../../../test/rule-tester.js";
import rule from "./compatibility-format.js";

const head = "---\nname: demo-skill\ndescription: Checks pod health. Use when on-call asks.\n";

testRule(rule, {
  valid: [
    { name: "absent", skill: `${head}---\n` },
    {
      name: "short text",
      skill: `${head}compatibility: Needs kubectl 1.29+ and cluster read access\n---\n`,
    },
    { name: "500 characters", skill: `${head}compatibility: ${"k".repeat(500)}\n---\n` },
  ],
  invalid: [
    {
      name: "a list",
      skill: `${head}compatibility:\n  - kubectl\n  - jq\n---\n`,
      errors: [
        {
          message:
            "`compatibility` is a list; the Agent Skills specification defines it as text of 1 to 500 characters. Codex ignores the field.",
          line: 5,
          column: 3,
        },
      ],
    },
    {
      name: "too long",
      skill: `${head}compatibility: ${"k".repeat(501)}\n---\n`,
      errors: [
        {
          message:
            "`compatibility` has 501 characters; the Agent Skills specification allows at most 500.",
          line: 4,
          column: 16,
        },
      ],
    },
    {
      name: "empty string",
      skill: `${head}compatibility: ""\n---\n`,
      errors: [{ message: /is empty/, line: 4, column: 16 }],
    },
  ],
});
