import { testRule } from "../../../test/rule-tester.js";
import rule from "./skill-file-name.js";

const skill = "---\nname: demo\ndescription: Checks things. Use when asked.\n---\n# Demo\n";

testRule(rule, {
  valid: [
    {
      name: "SKILL.md",
      files: { ".agents/skills/demo/SKILL.md": skill },
      paths: [".agents/skills"],
    },
    {
      name: "other markdown files",
      files: { ".agents/skills/demo/SKILL.md": skill, ".agents/skills/demo/README.md": "# x\n" },
      paths: [".agents/skills"],
    },
  ],
  invalid: [
    {
      name: "lower case",
      files: { ".agents/skills/demo/skill.md": skill },
      paths: [".agents/skills"],
      errors: [{ message: /"skill.md"/, line: 1 }],
    },
    {
      name: "upper-case extension",
      files: { ".agents/skills/demo/SKILL.MD": skill },
      paths: [".agents/skills"],
      errors: [{ message: /"SKILL.MD"/ }],
    },
    {
      name: "given as a file path",
      files: { "demo/Skill.md": skill },
      paths: ["demo/Skill.md"],
      errors: [{ message: /case-sensitive/ }],
    },
  ],
});
