import { testRule } from "../../../test/rule-tester.js";
import rule from "./duplicate-field.js";

testRule(rule, {
  valid: [
    { name: "each once", skill: "---\nname: demo-skill\ndescription: d\n---\n" },
    {
      name: "duplicate keys Codex ignores",
      skill: "---\nname: demo-skill\ndescription: d\nlicense: MIT\nlicense: Apache-2.0\n---\n",
    },
    {
      name: "duplicate unknown and nested keys inside metadata",
      skill:
        "---\nname: demo-skill\ndescription: d\nmetadata:\n  version: a\n  version: b\n  owner:\n    team: x\n    team: y\n---\n",
    },
    {
      name: "short-description and Short-Description are two keys",
      skill:
        "---\nname: demo-skill\ndescription: d\nmetadata:\n  short-description: a\n  Short-Description: b\n---\n",
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
    {
      name: "metadata.short-description twice: reported where the mapping starts, as Codex does",
      skill:
        "---\nname: demo-skill\ndescription: d\nmetadata:\n  short-description: a\n  short-description: b\n---\n",
      errors: [
        {
          message:
            "Codex refuses to load this skill: invalid YAML: metadata: duplicate field `short-description` at line 4 column 3.",
          line: 6,
          column: 3,
        },
      ],
    },
    {
      name: "metadata.short-description twice in a flow mapping",
      skill:
        "---\nname: demo-skill\ndescription: d\nmetadata: {short-description: a, short-description: b}\n---\n",
      errors: [{ message: /metadata: duplicate field `short-description` at line 3 column 11/ }],
    },
  ],
});
