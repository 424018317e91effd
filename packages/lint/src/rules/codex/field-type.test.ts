import { testRule } from "../../../test/rule-tester.js";
import rule from "./field-type.js";

testRule(rule, {
  valid: [
    { name: "strings", skill: "---\nname: demo-skill\ndescription: d\n---\n" },
    { name: "numbers and booleans are text", skill: "---\nname: 2024\ndescription: true\n---\n" },
    {
      name: "short-description as text",
      skill: "---\nname: demo-skill\ndescription: d\nmetadata:\n  short-description: Drift\n---\n",
    },
    {
      name: "other keys may be lists",
      skill: "---\nname: demo-skill\ndescription: d\ntags: [a, b]\n---\n",
    },
  ],
  invalid: [
    {
      name: "description as a list",
      skill: "---\nname: demo-skill\ndescription:\n  - a\n  - b\n---\n",
      errors: [{ message: /sequence/, line: 4, column: 3 }],
    },
    {
      name: "name as a map",
      skill: "---\nname: {first: a}\ndescription: d\n---\n",
      errors: [{ message: /map/, line: 2, column: 7 }],
    },
    {
      name: "short-description as a list",
      skill: "---\nname: demo-skill\ndescription: d\nmetadata:\n  short-description: [a]\n---\n",
      errors: [{ message: /short-description/ }],
    },
  ],
});
