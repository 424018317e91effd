import { testRule } from "../../../test/rule-tester.js";
import rule from "./legacy-profile.js";

testRule(rule, {
  valid: [
    {
      name: "profile file instead",
      files: { "codex-home/ci.config.toml": 'model = "gpt-5.5"\n' },
      paths: ["codex-home/ci.config.toml"],
    },
    {
      name: "in a project config Codex ignores it (config/project-ignored-key)",
      files: { ".codex/config.toml": 'profile = "ci"\n' },
      paths: [".codex/config.toml"],
    },
  ],
  invalid: [
    {
      name: "top-level profile in the user config",
      files: { "codex-home/config.toml": 'model = "gpt-5.5"\nprofile = "ci"\n' },
      paths: ["codex-home/config.toml"],
      errors: [
        {
          message:
            'Codex refuses to start: `legacy `profile = "ci"` config is no longer supported; use `--profile ci` with `ci.config.toml` instead`.',
          line: 2,
          column: 1,
        },
      ],
    },
    {
      name: "in a profile file",
      files: { "codex-home/ci.config.toml": 'profile = "other"\n' },
      paths: ["codex-home/ci.config.toml"],
      errors: [{ line: 1, column: 1 }],
    },
  ],
});
