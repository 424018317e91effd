import { testRule } from "../../../test/rule-tester.js";
import rule from "./name-matches-directory.js";

const skill = (name: string) =>
  `---\nname: ${name}\ndescription: Detects Terraform drift with a read-only plan. Use when a scheduled job checks drift.\n---\n# Drift check\n`;

testRule(rule, {
  valid: [
    { name: "same name", skill: skill("drift-check"), skillDir: "drift-check" },
    { name: "quoted", skill: skill('"drift-check"'), skillDir: "drift-check" },
    { name: "no name", skill: "---\ndescription: Detects drift.\n---\n", skillDir: "drift" },
  ],
  invalid: [
    {
      name: "renamed directory",
      skill: skill("drift-check"),
      skillDir: "terraform-drift",
      errors: [
        {
          message:
            'The name "drift-check" differs from the directory name "terraform-drift"; the Agent Skills specification requires them to be equal. Codex lists the skill as "drift-check", but other clients may refuse it or name it "terraform-drift".',
          line: 2,
          column: 7,
        },
      ],
    },
    {
      name: "case differs",
      skill: skill("Drift-Check"),
      skillDir: "drift-check",
      errors: [{ message: /"Drift-Check" differs from the directory name "drift-check"/, line: 2 }],
    },
  ],
});
