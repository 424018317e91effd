import { testRule } from "../../../test/rule-tester.js";
import rule from "./skills-root-too-large.js";

const skill = "---\nname: demo\ndescription: Checks things. Use when asked.\n---\n# Demo\n";
const manyDirectories = (count: number) =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`.agents/skills/demo/data/d${i}/.keep`, ""]),
  );

testRule(rule, {
  valid: [
    {
      name: "small root",
      files: { ".agents/skills/demo/SKILL.md": skill },
      paths: [".agents/skills"],
    },
    {
      name: "2000 directories in all",
      files: { ".agents/skills/demo/SKILL.md": skill, ...manyDirectories(1998) },
      paths: [".agents/skills"],
    },
    {
      name: "hidden directories do not count",
      files: {
        ".agents/skills/demo/SKILL.md": skill,
        ...Object.fromEntries(
          Array.from({ length: 2100 }, (_, i) => [`.agents/skills/.cache/d${i}/.keep`, ""]),
        ),
      },
      paths: [".agents/skills"],
    },
  ],
  invalid: [
    {
      name: "2001 directories",
      files: { ".agents/skills/demo/SKILL.md": skill, ...manyDirectories(1999) },
      paths: [".agents/skills"],
      errors: [{ message: /2001 directories/ }],
    },
    {
      name: "every skill of the root",
      files: {
        ".agents/skills/a/SKILL.md": skill,
        ".agents/skills/b/SKILL.md": skill,
        ...manyDirectories(2000),
      },
      paths: [".agents/skills"],
      errors: [{}, {}],
    },
  ],
});
