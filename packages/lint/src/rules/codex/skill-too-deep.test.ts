import { testRule } from "../../../test/rule-tester.js";
import rule from "./skill-too-deep.js";

const skill = "---\nname: demo\ndescription: Checks things. Use when asked.\n---\n# Demo\n";

testRule(rule, {
  valid: [
    {
      name: "6 directories below the root",
      files: { ".agents/skills/a/b/c/d/e/f/SKILL.md": skill },
      paths: [".agents/skills"],
    },
    {
      name: "directly in a skill folder",
      files: { ".agents/skills/demo/SKILL.md": skill },
      paths: [".agents/skills/demo"],
    },
  ],
  invalid: [
    {
      name: "7 directories below the root",
      files: { ".agents/skills/a/b/c/d/e/f/g/SKILL.md": skill },
      paths: [".agents/skills"],
      errors: [{ message: /7 directories below/ }],
    },
    {
      name: "given by file path",
      files: { ".codex/skills/a/b/c/d/e/f/g/h/SKILL.md": skill },
      paths: [".codex/skills/a/b/c/d/e/f/g/h/SKILL.md"],
      errors: [{ message: /8 directories below/ }],
    },
  ],
});
