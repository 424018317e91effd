import { testRule } from "../../../test/rule-tester.js";
import rule from "./description-missing.js";

testRule(rule, {
  valid: [
    {
      name: "plain description",
      skill: "---\nname: demo-skill\ndescription: Checks things. Use when asked.\n---\n# Demo\n",
    },
    {
      name: "block scalar",
      skill: "---\nname: demo-skill\ndescription: >-\n  Checks things.\n  Use when asked.\n---\n",
    },
    { name: "a number is text", skill: "---\ndescription: 42\n---\n" },
  ],
  invalid: [
    {
      name: "no description key",
      skill: "---\nname: demo-skill\n---\n# Demo\n",
      errors: [
        {
          message: "Codex refuses to load this skill: missing field `description`.",
          line: 1,
          column: 1,
        },
      ],
    },
    {
      name: "null",
      skill: "---\nname: demo-skill\ndescription: ~\n---\n",
      errors: [{ line: 3, column: 1 }],
    },
    {
      name: "whitespace only",
      skill: '---\nname: demo-skill\ndescription: "  \\t "\n---\n',
      errors: [{ line: 3 }],
    },
    {
      name: "empty value",
      skill: "---\nname: demo-skill\ndescription:\n---\n",
      errors: [{ line: 3 }],
    },
  ],
});
