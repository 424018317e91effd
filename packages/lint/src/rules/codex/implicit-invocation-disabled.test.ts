import { testRule } from "../../../test/rule-tester.js";
import rule from "./implicit-invocation-disabled.js";

const skill = "---\nname: demo-skill\ndescription: Checks things. Use when asked.\n---\n";

testRule(rule, {
  valid: [
    { name: "no agents/openai.yaml", skill },
    {
      name: "implicit invocation allowed",
      skill,
      skillFiles: { "agents/openai.yaml": "policy:\n  allow_implicit_invocation: true\n" },
    },
    {
      name: "a broken openai.yaml is ignored, as Codex ignores it",
      skill,
      skillFiles: { "agents/openai.yaml": "policy: [\n" },
    },
  ],
  invalid: [
    {
      name: "implicit invocation disabled",
      skill,
      skillFiles: {
        "agents/openai.yaml":
          "interface:\n  display_name: Demo\npolicy:\n  allow_implicit_invocation: false\n",
      },
      errors: [{ message: /never lists it to the model/, line: 4, column: 3 }],
    },
  ],
});
