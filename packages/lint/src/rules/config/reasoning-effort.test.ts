import { testRule } from "../../../test/rule-tester.js";
import rule from "./reasoning-effort.js";

const project = (text: string) => ({
  files: { ".codex/config.toml": text },
  paths: [".codex/config.toml"],
});

testRule(rule, {
  valid: [
    { name: "known effort", ...project('model_reasoning_effort = "high"\n') },
    {
      name: "effort the model lists",
      ...project('model = "gpt-5.5"\nmodel_reasoning_effort = "xhigh"\n'),
    },
    {
      name: "unknown model, known effort",
      ...project('model = "my-model"\nmodel_reasoning_effort = "minimal"\n'),
    },
  ],
  invalid: [
    {
      name: "made-up effort",
      ...project('model_reasoning_effort = "turbo"\n'),
      errors: [
        {
          message: /sends `model_reasoning_effort = "turbo"` to the API as written/,
          line: 1,
          column: 26,
        },
      ],
    },
    {
      name: "effort the model does not list",
      ...project('model = "gpt-5.5"\nplan_mode_reasoning_effort = "ultra"\n'),
      errors: [{ message: /`gpt-5.5` lists the efforts/, line: 2, column: 30 }],
    },
    {
      name: "in a profile table of the user config",
      files: { "codex-home/config.toml": '[profiles.fast]\nmodel_reasoning_effort = "Low"\n' },
      paths: ["codex-home/config.toml"],
      errors: [{ line: 2 }],
    },
  ],
});
