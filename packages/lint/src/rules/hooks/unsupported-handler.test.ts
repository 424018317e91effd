import { testRule } from "../../../test/rule-tester.js";
import { project, tomlHook } from "./_fixtures.js";
import rule from "./unsupported-handler.js";

testRule(rule, {
  valid: [
    { name: "command hook", ...project(tomlHook()) },
    {
      name: "async PostToolUse logger",
      ...project(tomlHook({ event: "PostToolUse", extra: "async = true\n" })),
    },
  ],
  invalid: [
    {
      name: "prompt hook",
      ...project(
        '[[hooks.PreToolUse]]\nmatcher = "Bash"\n[[hooks.PreToolUse.hooks]]\ntype = "prompt"\n',
      ),
      errors: [{ message: /skipping prompt hook/, line: 4, column: 8 }],
    },
    {
      name: "async PreToolUse",
      ...project(tomlHook({ extra: "async = true\n" })),
      errors: [{ message: /cannot block/, line: 8, column: 1 }],
    },
  ],
});
