import { testRule } from "../../../test/rule-tester.js";
import rule from "./yaml-syntax.js";

testRule(rule, {
  valid: [
    {
      name: "plain YAML",
      skill: "---\nname: demo-skill\ndescription: Checks things. Use when asked.\n---\n",
    },
    {
      name: "an unquoted `: ` loads through the retry",
      skill: "---\nname: demo-skill\ndescription: Use when: drift\n---\n",
    },
    {
      name: "a value starting with @ loads through the retry",
      skill: "---\nname: demo-skill\ndescription: @team owns this\n---\n",
    },
  ],
  invalid: [
    {
      name: "a value starting with *",
      skill: "---\nname: demo-skill\ndescription: *critical* checks\n---\n",
      errors: [{ message: /^Codex refuses to load this skill: invalid YAML: /, line: 3 }],
    },
    {
      name: "a value starting with `- `",
      skill: "---\nname: demo-skill\ndescription: - rollout\n---\n",
      errors: [{ line: 3 }],
    },
    {
      name: "a trailing colon",
      skill: "---\nname: demo-skill\ndescription: ends with a colon:\n---\n",
      errors: [{ line: 3 }],
    },
    {
      name: "a tab-indented key",
      skill: "---\nname: demo-skill\nmetadata:\n\tversion: 1\ndescription: d\n---\n",
      errors: [{ line: 4 }],
    },
    {
      name: "a second document",
      skill: "---\nname: demo-skill\ndescription: d\n--- second\n---\n",
      errors: [{ message: /more than one document/, line: 4 }],
    },
    {
      name: "the frontmatter is not a mapping",
      skill: "---\njust some text\n---\n",
      errors: [
        {
          message:
            'Codex refuses to load this skill: invalid YAML: invalid type: string "just some text", expected struct SkillFrontmatter',
        },
      ],
    },
    {
      name: "a raw control character",
      skill: "---\nname: demo-skill\ndescription: bell \u0007 here\n---\n",
      errors: [
        { message: /control characters are not allowed at position 35/, line: 3, column: 19 },
      ],
    },
    {
      name: "an alias to an anchor that does not exist",
      skill: "---\nname: demo-skill\ndescription: d\nother: *nowhere\n---\n",
      errors: [{ message: /unknown anchor/, line: 4 }],
    },
  ],
});
