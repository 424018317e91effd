import { DEFAULT_MAX_FILE_BYTES } from "@ops-skill/core";
import { testRule } from "../../../test/rule-tester.js";
import rule from "./not-checked.js";

const frontmatter = "---\nname: demo-skill\ndescription: Checks things. Use when asked.\n";
const skill = `${frontmatter}---\n# Demo\n`;
const big = `${skill}${"Check the plan and report drift.\n".repeat(DEFAULT_MAX_FILE_BYTES / 32)}`;
const nested = (depth: number) =>
  `${frontmatter}notes: ${"[".repeat(depth)}${"]".repeat(depth)}\n---\n# Demo\n`;

testRule(rule, {
  valid: [
    { name: "a plain skill", skill },
    {
      name: "a regular agents/openai.yaml",
      skill,
      skillFiles: { "agents/openai.yaml": "policy:\n  allow_implicit_invocation: true\n" },
    },
    { name: "frontmatter nested 100 levels", skill: nested(100) },
    {
      name: "a device beside a skill Codex refuses: codex/ rules speak for it",
      skill: "---\nname: demo-skill\n---\n# Demo\n",
      skillFiles: { "agents/openai.yaml": { symlink: "/dev/zero" } },
    },
  ],
  invalid: [
    {
      name: "frontmatter nested 10,000 levels (Codex loads it: conformance case yaml-deep-nesting)",
      skill: nested(10_000),
      errors: [
        {
          message: /^Not checked: the frontmatter nests deeper than 128 levels/,
          line: 4,
          column: 135,
        },
      ],
    },
    {
      name: "agents/openai.yaml linked to /dev/zero: never read",
      skill,
      skillFiles: { "agents/openai.yaml": { symlink: "/dev/zero" } },
      errors: [
        {
          message:
            "Not checked: agents/openai.yaml is a character device, so ops-skill does not read it, and Codex ignores it: the skill loads and is listed as if the file were not there.",
        },
      ],
    },
    {
      name: "agents/openai.yaml a FIFO",
      skill,
      skillFiles: { "agents/openai.yaml": { fifo: true } },
      errors: [{ message: /agents\/openai\.yaml is a FIFO/ }],
    },
    {
      name: "agents/openai.yaml with no permission",
      skill,
      skillFiles: { "agents/openai.yaml": { content: "policy: {}\n", mode: 0o000 } },
      unprivileged: true,
      errors: [{ message: /agents\/openai\.yaml cannot be read \(permission denied\)/ }],
    },
    {
      name: "a SKILL.md over the cap",
      skill: big,
      errors: [
        {
          message: `Not checked: SKILL.md is larger than 16 MiB (${big.length} bytes); ops-skill does not read it, so no rule looked at it.`,
        },
      ],
    },
  ],
});
