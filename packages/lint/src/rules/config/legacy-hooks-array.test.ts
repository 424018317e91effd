import { testRule } from "../../../test/rule-tester.js";
import rule from "./legacy-hooks-array.js";

const project = (text: string) => ({
  files: { ".codex/config.toml": text },
  paths: [".codex/config.toml"],
});

testRule(rule, {
  valid: [
    {
      name: "current form",
      ...project(
        '[[hooks.PreToolUse]]\nmatcher = "Bash"\n[[hooks.PreToolUse.hooks]]\ntype = "command"\ncommand = "x"\n',
      ),
    },
    { name: "no hooks", ...project('model = "gpt-5.5"\n') },
  ],
  invalid: [
    {
      name: "[[hooks]] array of tables",
      ...project(
        'model = "gpt-5.5"\n\n[[hooks]]\nevent = "PreToolUse"\ntool_name = "Bash"\ncommand = "x"\ntimeout_ms = 5000\n',
      ),
      errors: [{ message: /legacy `\[\[hooks\]\]` array/, line: 3, column: 3 }],
    },
    {
      name: "inline array",
      ...project('hooks = [{ event = "PreToolUse", command = "x" }]\n'),
      errors: [{ line: 1, column: 1 }],
    },
  ],
});
