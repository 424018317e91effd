import { testRule } from "../../../test/rule-tester.js";
import { project, tomlHook } from "./_fixtures.js";
import rule from "./unknown-event.js";

testRule(rule, {
  valid: [
    { name: "PreToolUse", ...project(tomlHook()) },
    {
      name: "state is not an event",
      ...project(`${tomlHook()}[hooks.state."x"]\nenabled = true\n`),
    },
    { name: "Stop in hooks.json", ...project('{"hooks": {"Stop": []}}\n', { json: true }) },
  ],
  invalid: [
    {
      name: "snake_case event",
      ...project(tomlHook({ event: "pre_tool_use" })),
      errors: [
        {
          message: /ignores hooks under `pre_tool_use`.*Did you mean `PreToolUse`\?/,
          line: 1,
          column: 9,
        },
      ],
    },
    {
      name: "made-up event in hooks.json",
      ...project('{\n  "hooks": {\n    "BeforeToolUse": []\n  }\n}\n', { json: true }),
      errors: [{ message: /`BeforeToolUse`/, line: 3, column: 5 }],
    },
  ],
});
