import { testRule } from "../../../test/rule-tester.js";
import rule from "./description-too-long.js";

const sentence =
  "Checks TLS certificate expiry on live endpoints and Kubernetes TLS secrets and reports JSON. ";
const skill = (description: string) =>
  `---\nname: demo-skill\ndescription: ${description}\n---\n# Cert check\n`;

testRule(rule, {
  valid: [
    { name: "short", skill: skill("Checks TLS expiry. Use when a job must catch expiring certs.") },
    { name: "exactly 1024", skill: skill("a".repeat(1024)) },
  ],
  invalid: [
    {
      name: "1025 characters",
      skill: skill("a".repeat(1025)),
      errors: [
        {
          message:
            "The description has 1025 characters; the Agent Skills specification allows at most 1024, so clients that follow it may refuse the skill.",
          line: 3,
          column: 14,
        },
      ],
    },
    {
      name: "long block scalar",
      skill: `---\nname: demo-skill\ndescription: >-\n${`  ${sentence}\n`.repeat(14)}---\n`,
      errors: [{ message: /has 13\d\d characters/, line: 3, column: 14 }],
    },
  ],
});
