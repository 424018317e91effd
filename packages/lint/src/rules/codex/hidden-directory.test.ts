import { testRule } from "../../../test/rule-tester.js";
import rule from "./hidden-directory.js";

const skill = "---\nname: demo\ndescription: Checks things. Use when asked.\n---\n# Demo\n";

testRule(rule, {
  valid: [
    {
      name: "the root itself is hidden (.agents)",
      files: { ".agents/skills/demo/SKILL.md": skill },
      paths: [".agents/skills"],
    },
    {
      name: "no path: the repository roots",
      files: { ".git/HEAD": "ref: refs/heads/main\n", ".agents/skills/demo/SKILL.md": skill },
      paths: [],
    },
  ],
  invalid: [
    {
      name: "hidden group directory",
      files: { ".agents/skills/.drafts/demo/SKILL.md": skill },
      paths: [".agents/skills"],
      errors: [{ message: /hidden directory ".drafts"/ }],
    },
    {
      name: "hidden skill directory, file path given",
      files: { ".codex/skills/.demo/SKILL.md": skill },
      paths: [".codex/skills/.demo/SKILL.md"],
      errors: [{ message: /".demo"/ }],
    },
  ],
});
