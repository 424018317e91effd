import { testRule } from "../../../test/rule-tester.js";
import rule from "./name-not-invocable.js";

const skill = (name: string) =>
  `---\nname: ${name}\ndescription: Checks things. Use when asked.\n---\n`;

testRule(rule, {
  valid: [
    { name: "kebab case", skill: skill("drift-check") },
    { name: "upper case, underscores, colons", skill: skill("Team:Drift_Check-2") },
    { name: "directory fallback", skillDir: "cert-check", skill: "---\ndescription: d\n---\n" },
  ],
  invalid: [
    {
      name: "spaces",
      skill: skill("Drift Check"),
      errors: [{ message: /"\$Drift Check" does not name it/, line: 2, column: 7 }],
    },
    {
      name: "a dot",
      skill: skill("drift.check"),
      errors: [{ message: /cannot be invoked explicitly/ }],
    },
    { name: "non-ASCII letters", skill: skill("dérive"), errors: [{ line: 2 }] },
    {
      name: "an environment variable name",
      skill: skill("path"),
      errors: [{ message: /environment variable/ }],
    },
  ],
});
