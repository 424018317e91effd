import { testRule } from "../../../test/rule-tester.js";
import { DENY_SH, jsonHook, tomlHook } from "./_fixtures.js";
import rule from "./duplicate-representation.js";

const script = { ".codex/hooks/deny.sh": { content: DENY_SH, mode: 0o755 } };

testRule(rule, {
  valid: [
    {
      name: "hooks.json only",
      files: { ".codex/hooks.json": jsonHook(), ...script },
      paths: [".codex/hooks.json"],
    },
    {
      name: "config.toml without hooks beside it",
      files: {
        ".codex/hooks.json": jsonHook(),
        ".codex/config.toml": 'model = "gpt-5.5"\n',
        ...script,
      },
      paths: [".codex/hooks.json", ".codex/config.toml"],
    },
  ],
  invalid: [
    {
      name: "both",
      files: { ".codex/hooks.json": jsonHook(), ".codex/config.toml": tomlHook(), ...script },
      paths: [".codex/hooks.json", ".codex/config.toml"],
      errors: [
        { message: /Codex runs both sets and prints `loading hooks from both/, line: 2, column: 3 },
      ],
    },
    {
      name: "both, linted through the folder",
      files: { ".codex/hooks.json": jsonHook(), ".codex/config.toml": tomlHook(), ...script },
      paths: [".codex/hooks.json"],
      errors: [{ line: 2 }],
    },
  ],
});
