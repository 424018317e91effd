import { testRule } from "../../../test/rule-tester.js";
import rule from "./name-too-long.js";

const skill = (name: string) => `---\nname: ${name}\ndescription: d\n---\n`;

testRule(rule, {
  valid: [
    { name: "64 characters", skill: skill("a".repeat(64)) },
    { name: "64 multi-byte characters", skill: skill("é".repeat(64)) },
    { name: "whitespace collapses before counting", skill: skill(`"${"a".repeat(62)}    b"`) },
  ],
  invalid: [
    {
      name: "65 characters",
      skill: skill("a".repeat(65)),
      errors: [{ message: /\(it has 65\)/, line: 2, column: 7 }],
    },
    {
      name: "65 emoji",
      skill: skill("🔒".repeat(65)),
      errors: [{ message: /exceeds maximum length of 64 characters/ }],
    },
  ],
});
