import { testRule } from "../../../test/rule-tester.js";
import rule from "./unreadable-file.js";

testRule(rule, {
  valid: [
    {
      name: "a regular config",
      files: { ".codex/config.toml": 'model_reasoning_effort = "low"\n' },
      paths: ["."],
    },
    {
      name: "a link to a regular config",
      files: {
        "shared.toml": 'model_reasoning_effort = "low"\n',
        ".codex/config.toml": { symlink: "../shared.toml" },
      },
      paths: ["."],
    },
    {
      name: "a hooks.json that is a FIFO is hooks/config-shape's",
      files: { ".codex/hooks.json": { fifo: true } },
      paths: ["."],
    },
  ],
  invalid: [
    {
      name: "a FIFO: never opened",
      files: { ".codex/config.toml": { fifo: true } },
      paths: ["."],
      errors: [
        {
          message:
            /^Codex refuses to start: this config is a FIFO, and Codex exits 1 with `Error loading config\.toml: Failed to read project config file (\S+): path `\1` is not a file`\.$/,
        },
      ],
    },
    {
      name: "a folder",
      files: { ".codex/config.toml/notes.txt": "x" },
      paths: ["."],
      errors: [{ message: /this config is a directory, .* is not a file`\.$/ }],
    },
    {
      name: "a device, given",
      files: { ".codex/config.toml": { symlink: "/dev/null" } },
      paths: [".codex/config.toml"],
      errors: [{ message: /this config is a character device, .* is not a file`\.$/ }],
    },
    {
      name: "a symbolic link loop",
      files: { ".codex/config.toml": { symlink: "config.toml" } },
      paths: ["."],
      errors: [
        {
          message:
            /this config cannot be read \(symbolic link loop\), .*: Symbolic link loop \(os error 40\)`\.$/,
        },
      ],
    },
    {
      name: "no permission",
      files: { ".codex/config.toml": { content: "model = 1\n", mode: 0o000 } },
      paths: ["."],
      unprivileged: true,
      errors: [
        {
          message:
            /this config cannot be read \(permission denied\), .*: Permission denied \(os error 13\)`\.$/,
        },
      ],
    },
    {
      name: "a profile file",
      files: { "codex-home/ci.config.toml": { fifo: true } },
      paths: ["codex-home/ci.config.toml"],
      errors: [{ message: /Failed to read config file .*ci\.config\.toml: path `/ }],
    },
  ],
});
