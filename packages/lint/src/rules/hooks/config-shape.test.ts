import { testRule } from "../../../test/rule-tester.js";
import { jsonHook, project, tomlHook } from "./_fixtures.js";
import rule from "./config-shape.js";

testRule(rule, {
  valid: [
    { name: "config.toml hook", ...project(tomlHook()) },
    {
      name: "hooks.json hook with a description",
      ...project(jsonHook({}, { description: "guard" }), { json: true }),
    },
    {
      name: "unknown events and keys are ignored, not refused",
      ...project(tomlHook({ event: "BeforeToolUse", extra: "timeout_ms = 5\n" })),
    },
  ],
  invalid: [
    {
      name: "hooks.json without the top-level hooks key",
      ...project('{\n  "PreToolUse": []\n}\n', { json: true }),
      errors: [
        { message: /skips this file.*unknown top-level key `PreToolUse`/, line: 2, column: 3 },
      ],
    },
    {
      name: "hooks.json with an extra top-level key",
      ...project(jsonHook({}, { version: 1 }), { json: true }),
      errors: [{ message: /`version`/, line: 16, column: 3 }],
    },
    {
      name: "hooks.json with a trailing comma",
      ...project('{"hooks": {"PreToolUse": [],}}\n', { json: true }),
      errors: [{ message: /not valid JSON/, line: 1 }],
    },
    {
      name: "config.toml: event as a table, not an array",
      ...project('[hooks.PreToolUse]\nmatcher = "Bash"\n'),
      errors: [
        {
          message: /^Codex refuses to start.*`PreToolUse` is a table, expected an array/,
          line: 1,
          column: 2,
        },
      ],
    },
    {
      name: "config.toml: handler without type and command",
      ...project(
        '[[hooks.PreToolUse]]\nmatcher = "Bash"\n[[hooks.PreToolUse.hooks]]\ntimeout = 5\n',
      ),
      errors: [{ message: /missing field `type`/, line: 3, column: 3 }],
    },
    {
      name: "config.toml: timeout as a string",
      ...project(tomlHook({ extra: "" }).replace("timeout = 30", 'timeout = "30"')),
      errors: [{ message: /`timeout` is a string "30"/, line: 7, column: 11 }],
    },
  ],
});
