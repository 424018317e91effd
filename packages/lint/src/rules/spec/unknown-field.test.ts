import { testRule } from "../../../test/rule-tester.js";
import rule from "./unknown-field.js";

const head =
  "---\nname: demo-skill\ndescription: Detects drift. Use when a scheduled job checks drift.\n";

testRule(rule, {
  valid: [
    { name: "name and description", skill: `${head}---\n` },
    {
      name: "every specified field",
      skill: `${head}license: MIT\ncompatibility: Needs terraform 1.6+\nmetadata:\n  version: "1.0.0"\nallowed-tools: Bash(terraform:*) Read\n---\n`,
    },
  ],
  invalid: [
    {
      name: "version outside metadata",
      skill: `${head}metadata:\nversion: "1.0.0"\n---\n`,
      errors: [
        {
          message:
            '"version" is not a field of the Agent Skills specification, which allows only name, description, license, compatibility, metadata, allowed-tools. Codex ignores it, and other clients may refuse the skill.',
          line: 5,
          column: 1,
        },
      ],
    },
    {
      name: "two unknown fields",
      skill: `${head}owner: platform-team\ntags: [terraform, drift]\n---\n`,
      errors: [
        { message: /^"owner" is not a field/, line: 4, column: 1 },
        { message: /^"tags" is not a field/, line: 5, column: 1 },
      ],
    },
  ],
});
