import { testRule } from "../../../test/rule-tester.js";
import rule from "./duplicate-field.js";

testRule(rule, {
  valid: [
    { name: "each once", skill: "---\nname: demo-skill\ndescription: d\n---\n" },
    {
      name: "duplicate keys Codex ignores",
      skill: "---\nname: demo-skill\ndescription: d\nlicense: MIT\nlicense: Apache-2.0\n---\n",
    },
  ],
  invalid: [
    {
      name: "description twice",
      skill: "---\nname: demo-skill\ndescription: a\ndescription: b\n---\n",
      errors: [
        {
          message: "Codex refuses to load this skill: invalid YAML: duplicate field `description`.",
          line: 4,
          column: 1,
        },
      ],
    },
    {
      name: "name twice",
      skill: "---\nname: a\ndescription: d\nname: b\n---\n",
      errors: [{ message: /duplicate field `name`/, line: 4 }],
    },
  ],
});
