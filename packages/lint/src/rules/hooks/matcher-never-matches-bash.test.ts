import { testRule } from "../../../test/rule-tester.js";
import { project, tomlHook } from "./_fixtures.js";
import rule from "./matcher-never-matches-bash.js";

testRule(rule, {
  valid: [
    { name: "Bash", ...project(tomlHook({ matcher: "Bash" })) },
    { name: "anchored regex prefix", ...project(tomlHook({ matcher: "^Bas" })) },
    { name: "no matcher", ...project(tomlHook({ matcher: undefined })) },
    { name: "another tool on purpose", ...project(tomlHook({ matcher: "mcp__docs__.*" })) },
    {
      name: "not a tool event",
      ...project(tomlHook({ event: "SessionStart", matcher: "startup" })),
    },
  ],
  invalid: [
    {
      name: "lower case",
      ...project(tomlHook({ matcher: "bash" })),
      errors: [
        {
          message: /never matches Codex's shell tool, which hooks see as `Bash` \(a plain name/,
          line: 2,
          column: 11,
        },
      ],
    },
    {
      name: "Codex's own tool name",
      ...project(tomlHook({ matcher: "exec_command" })),
      errors: [{ line: 2 }],
    },
    {
      name: "a prefix is not a search",
      ...project(tomlHook({ matcher: "Bas" })),
      errors: [{ line: 2 }],
    },
    {
      name: "regex for shell",
      ...project(tomlHook({ matcher: "^shell$" })),
      errors: [{ message: /regular expression/, line: 2 }],
    },
  ],
});
