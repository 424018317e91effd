import { testRule } from "../../../test/rule-tester.js";
import rule from "./project-ignored-key.js";

testRule(rule, {
  valid: [
    {
      name: "keys a project may set",
      files: {
        ".codex/config.toml": 'sandbox_mode = "workspace-write"\nmodel_reasoning_effort = "high"\n',
      },
      paths: [".codex/config.toml"],
    },
    {
      name: "the user config may set them",
      files: { "codex-home/config.toml": 'model_provider = "local"\n' },
      paths: ["codex-home/config.toml"],
    },
  ],
  invalid: [
    {
      name: "model_provider in a project",
      files: { ".codex/config.toml": 'model = "gpt-5.5"\nmodel_provider = "local"\n' },
      paths: [".codex/config.toml"],
      errors: [{ message: /ignores `model_provider` in a project config/, line: 2, column: 1 }],
    },
    {
      name: "profile in a project",
      files: { ".codex/config.toml": 'profile = "ci"\n' },
      paths: [".codex/config.toml"],
      errors: [{ message: /`profile`/, line: 1, column: 1 }],
    },
  ],
});
