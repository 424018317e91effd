import { testRule } from "../../../test/rule-tester.js";
import rule from "./description-too-short.js";

const skill = (description: string) =>
  `---\nname: demo-skill\ndescription: ${description}\n---\n# Demo\n`;

testRule(rule, {
  valid: [
    { name: "40 characters", skill: skill("Reports pods in CrashLoopBackOff per ns.") },
    {
      name: "long enough",
      skill: skill(
        "Checks cert expiry on endpoints and TLS secrets. Use when a job must catch renewals.",
      ),
    },
    {
      name: "lower limit by option",
      skill: skill("Checks cert expiry."),
      options: { minLength: 10 },
    },
  ],
  invalid: [
    {
      name: "one word",
      skill: skill("Drift check"),
      errors: [
        {
          message:
            "The description has 11 characters (under 40); the model chooses skills by their description and has too little to go on.",
          line: 3,
          column: 14,
        },
      ],
    },
    {
      name: "whitespace collapsed before counting",
      skill: '---\nname: demo-skill\ndescription: "Restart   pods   safely"\n---\n',
      errors: [{ message: /has 19 characters/, line: 3, column: 14 }],
    },
    {
      name: "raised limit by option",
      skill: skill("Reports pods in CrashLoopBackOff per namespace."),
      options: { minLength: 80 },
      errors: [{ message: /\(under 80\)/, line: 3 }],
    },
  ],
});
