import { testRule } from "../../../test/rule-tester.js";
import { project, tomlHook } from "./_fixtures.js";
import rule from "./disabled.js";

const options = { codexHome: "no-codex-home" };

testRule(rule, {
  valid: [
    { name: "enabled by default", ...project(tomlHook()), options },
    {
      name: "features.hooks = true",
      ...project(`[features]\nhooks = true\n\n${tomlHook()}`),
      options,
    },
  ],
  invalid: [
    {
      name: "features.hooks = false",
      ...project(`[features]\nhooks = false\n\n${tomlHook()}`),
      options,
      errors: [{ message: /turns hooks off/, line: 2, column: 1 }],
    },
    {
      name: "dotted form",
      ...project(`features.hooks = false\n${tomlHook()}`),
      options,
      errors: [{ line: 1, column: 10 }],
    },
  ],
});
