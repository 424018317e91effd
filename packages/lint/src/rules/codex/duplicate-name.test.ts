import { testRule } from "../../../test/rule-tester.js";
import rule from "./duplicate-name.js";

const named = (name: string) =>
  `---\nname: ${name}\ndescription: Checks things. Use when asked.\n---\n`;

testRule(rule, {
  valid: [
    {
      name: "distinct names",
      files: { ".agents/skills/a/SKILL.md": named("a"), ".agents/skills/b/SKILL.md": named("b") },
      paths: [".agents/skills"],
    },
    {
      name: "a refused skill does not count",
      files: {
        ".agents/skills/a/SKILL.md": named("a"),
        ".agents/skills/b/SKILL.md": "---\nname: a\n---\n",
      },
      paths: [".agents/skills"],
    },
  ],
  invalid: [
    {
      name: "two skills named alike",
      files: {
        ".agents/skills/a/SKILL.md": named("drift"),
        ".agents/skills/b/SKILL.md": named("drift"),
      },
      paths: [".agents/skills"],
      errors: [
        { message: /also named "drift"/, line: 2, column: 7 },
        { message: /also named "drift"/, line: 2, column: 7 },
      ],
    },
    {
      name: "directory fallback collides with a name",
      files: {
        ".agents/skills/drift/SKILL.md": "---\ndescription: d\n---\n",
        ".agents/skills/other/SKILL.md": named("drift"),
      },
      paths: [".agents/skills"],
      errors: [{ line: 1 }, { line: 2 }],
    },
  ],
});
