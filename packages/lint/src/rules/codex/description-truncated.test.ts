import { testRule } from "../../../test/rule-tester.js";
import rule from "./description-truncated.js";

const skill = (description: string) => `---\nname: demo-skill\ndescription: ${description}\n---\n`;

testRule(rule, {
  valid: [
    { name: "1024 characters", skill: skill("d".repeat(1024)) },
    { name: "short", skill: skill("Checks things. Use when asked.") },
  ],
  invalid: [
    {
      name: "1025 characters",
      skill: skill("d".repeat(1025)),
      errors: [{ message: /has 1025 characters/, line: 3, column: 14 }],
    },
    {
      name: "long block scalar",
      skill: `---\nname: demo-skill\ndescription: >-\n${"  word word word word\n".repeat(60)}---\n`,
      errors: [{ line: 3 }],
    },
  ],
});
