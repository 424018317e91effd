import { testRule } from "../../../test/rule-tester.js";
import rule from "./unreadable-directory.js";

const skill = (name: string) =>
  `---\nname: ${name}\ndescription: Checks things. Use when asked.\n---\n# ${name}\n`;

testRule(rule, {
  valid: [
    {
      name: "readable folders",
      files: { ".agents/skills/demo/SKILL.md": skill("demo") },
      paths: [".agents/skills"],
      unprivileged: true,
    },
    {
      name: "an unreadable hidden folder: Codex skips it before listing it",
      files: {
        ".agents/skills/demo/SKILL.md": skill("demo"),
        ".agents/skills/.cache": { directoryMode: 0o000 },
      },
      paths: [".agents/skills"],
      unprivileged: true,
    },
  ],
  invalid: [
    {
      name: "a skill folder with no permissions",
      files: {
        ".agents/skills/demo/SKILL.md": skill("demo"),
        ".agents/skills/locked/SKILL.md": skill("locked"),
        ".agents/skills/locked": { directoryMode: 0o000 },
      },
      paths: [".agents/skills"],
      unprivileged: true,
      errors: [
        {
          message:
            /^Codex never discovers the skills in this folder: it cannot list it \(permission denied\), and only stderr says `failed to scan skill path file:\/\/.*\/\.agents\/skills\/locked: Permission denied \(os error 13\)`\.$/,
        },
      ],
    },
    {
      name: "the skills root itself, given",
      files: {
        ".agents/skills/demo/SKILL.md": skill("demo"),
        ".agents/skills": { directoryMode: 0o311 },
      },
      paths: [".agents/skills"],
      unprivileged: true,
      errors: [{ message: /cannot list it \(permission denied\)/ }],
    },
  ],
});
