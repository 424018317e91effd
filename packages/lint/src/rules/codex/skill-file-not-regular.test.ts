import { testRule } from "../../../test/rule-tester.js";
import rule from "./skill-file-not-regular.js";

const skill = "---\nname: demo\ndescription: Checks things. Use when asked.\n---\n# Demo\n";

testRule(rule, {
  valid: [
    {
      name: "regular file",
      files: { ".agents/skills/demo/SKILL.md": skill },
      paths: [".agents/skills"],
    },
    {
      name: "symlinked skill directory",
      files: {
        "shared/demo/SKILL.md": skill,
        ".agents/skills/demo": { symlink: "../../shared/demo" },
      },
      paths: [".agents/skills"],
    },
  ],
  invalid: [
    {
      name: "symlinked SKILL.md",
      files: {
        "shared/SKILL.md": skill,
        ".agents/skills/demo/SKILL.md": { symlink: "../../../shared/SKILL.md" },
      },
      paths: [".agents/skills"],
      errors: [{ message: /symbolic link/ }],
    },
    {
      name: "a directory named SKILL.md",
      files: { ".agents/skills/demo/SKILL.md/notes.txt": "x" },
      paths: [".agents/skills"],
      errors: [{ message: /a directory/ }],
    },
  ],
});
