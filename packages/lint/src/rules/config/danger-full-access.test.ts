import { testRule } from "../../../test/rule-tester.js";
import rule from "./danger-full-access.js";

testRule(rule, {
  valid: [
    {
      name: "workspace-write in the repo",
      files: { ".codex/config.toml": 'sandbox_mode = "workspace-write"\n' },
      paths: [".codex/config.toml"],
    },
    {
      name: "the user's own config",
      files: { "codex-home/config.toml": 'sandbox_mode = "danger-full-access"\n' },
      paths: ["codex-home/config.toml"],
    },
  ],
  invalid: [
    {
      name: "repository config",
      files: { ".codex/config.toml": 'model = "gpt-5.5"\nsandbox_mode = "danger-full-access"\n' },
      paths: [".codex/config.toml"],
      errors: [{ message: /turns Codex's sandbox off/, line: 2, column: 16 }],
    },
    {
      name: "profile file kept in the repo",
      files: { "ci/ci.config.toml": 'sandbox_mode = "danger-full-access"\n' },
      paths: ["ci/ci.config.toml"],
      errors: [{ line: 1, column: 16 }],
    },
  ],
});
