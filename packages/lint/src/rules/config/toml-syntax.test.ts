import { testRule } from "../../../test/rule-tester.js";
import rule from "./toml-syntax.js";

const project = (text: string) => ({
  files: { ".codex/config.toml": text },
  paths: [".codex/config.toml"],
});

testRule(rule, {
  valid: [
    { name: "plain config", ...project('model = "gpt-5.5"\n[tui]\nanimations = false\n') },
    {
      name: "TOML 1.1 inline table over lines, as Codex reads it",
      ...project("sandbox_workspace_write = {\n  network_access = true,\n}\n"),
    },
    { name: "empty file", ...project("") },
  ],
  invalid: [
    {
      name: "unterminated string",
      ...project('model = "gpt-5.5\n'),
      errors: [{ message: /^Codex refuses to start: this config is not valid TOML/, line: 1 }],
    },
    {
      name: "duplicate key",
      ...project('model = "a"\nmodel = "b"\n'),
      errors: [{ line: 2, column: 1 }],
    },
    {
      name: "table defined twice",
      ...project("[tui]\nanimations = false\n[tui]\n"),
      errors: [{ line: 3 }],
    },
  ],
});
