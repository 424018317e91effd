import { testRule } from "../../../test/rule-tester.js";
import rule from "./traversal-limit.js";

const skill = "---\nname: demo\ndescription: Checks things. Use when asked.\n---\n# Demo\n";
const fillers = (count: number) =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `.agents/skills/d${String(i).padStart(4, "0")}/.keep`,
      "",
    ]),
  );

testRule(rule, {
  valid: [
    {
      name: "small root",
      files: { ".agents/skills/demo/SKILL.md": skill },
      paths: [".agents/skills"],
    },
    {
      name: "1999 directories below the root: the walk completes",
      files: {
        ".agents/skills/skill/SKILL.md": skill,
        ".agents/skills/skill/more/SKILL.md": skill,
        ...fillers(1997),
      },
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
      name: "2000 directories below the root: the deepest skill is past the cut",
      files: {
        ".agents/skills/SKILL.md": skill,
        ".agents/skills/skill/SKILL.md": skill,
        ".agents/skills/skill/more/SKILL.md": skill,
        ...fillers(1998),
      },
      paths: [".agents/skills"],
      errors: [{ message: /stops after 2000 directories/ }],
    },
  ],
});
