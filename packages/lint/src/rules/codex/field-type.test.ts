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
      name: "metadata with no value",
      skill: "---\nname: demo-skill\ndescription: d\nmetadata:\n---\n",
    },
    {
      name: "a flow map with `: ` loads through the retry",
      skill: "---\nname: {first: a}\ndescription: d\n---\n",
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
      name: "name as a block map",
      skill: "---\nname:\n  first: a\ndescription: d\n---\n",
      errors: [
        {
          message:
            "Codex refuses to load this skill: invalid YAML: name: invalid type: map, expected a string at line 2 column 3.",
          line: 3,
          column: 3,
        },
      ],
    },
    {
      name: "flow map without `: `",
      skill: "---\nname: {first}\ndescription: d\n---\n",
      errors: [{ message: /map/, line: 2, column: 7 }],
    },
    {
      name: "metadata as text",
      skill: "---\nname: demo-skill\ndescription: d\nmetadata: v1\n---\n",
      errors: [
        {
          message:
            /metadata: invalid type: string "v1", expected struct SkillFrontmatterMetadata at line 3 column 11/,
        },
      ],
    },
    {
      name: "metadata as an explicit null",
      skill: "---\nname: demo-skill\ndescription: d\nmetadata: ~\n---\n",
      errors: [
        {
          message:
            /metadata: invalid type: unit value, expected struct SkillFrontmatterMetadata at line 3 column 11/,
        },
      ],
    },
    {
      name: "a sequence as a key",
      skill: "---\nname: demo-skill\n? [a, b]\n: x\ndescription: d\n---\n",
      errors: [{ message: /invalid type: sequence, expected field identifier at line 2 column 3/ }],
    },
    {
      name: "short-description as a list",
      skill: "---\nname: demo-skill\ndescription: d\nmetadata:\n  short-description: [a]\n---\n",
      errors: [{ message: /short-description/ }],
    },
  ],
});
