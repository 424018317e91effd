import { testRule } from "../../../test/rule-tester.js";
import { jsonHook, project, tomlHook } from "./_fixtures.js";
import rule from "./unknown-handler-key.js";

testRule(rule, {
  valid: [
    {
      name: "known keys",
      ...project(tomlHook({ extra: 'statusMessage = "checking"\nasync = false\n' })),
    },
    { name: "hooks.json", ...project(jsonHook(), { json: true }) },
  ],
  invalid: [
    {
      name: "timeout_ms",
      ...project(tomlHook({ extra: "timeout_ms = 5000\n" })),
      errors: [
        {
          message:
            /ignores `timeout_ms` in a hook handler.*Did you mean `timeout` \(in seconds\)\?/,
          line: 8,
          column: 1,
        },
      ],
    },
    {
      name: "group key tool_name in hooks.json",
      ...project('{"hooks": {"PreToolUse": [{"tool_name": "Bash", "hooks": []}]}}\n', {
        json: true,
      }),
      errors: [{ message: /`tool_name` in a PreToolUse matcher group/, line: 1, column: 28 }],
    },
  ],
});
