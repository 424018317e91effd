import { testRule } from "../../../test/rule-tester.js";
import { DENY_SH, project, tomlHook } from "./_fixtures.js";
import rule from "./command-not-found.js";

testRule(rule, {
  valid: [
    { name: "executable script", ...project(tomlHook()) },
    {
      name: "script run by its interpreter needs no exec bit",
      ...project(tomlHook({ command: "python3 .codex/hooks/guard.py" }), {
        scripts: { ".codex/hooks/guard.py": "import sys\nsys.exit(0)\n" },
      }),
    },
    {
      name: "a program on PATH is not checked",
      ...project(tomlHook({ command: "jq -e . >/dev/null" })),
    },
    { name: "variables are not resolved", ...project(tomlHook({ command: '"$HOME/bin/guard"' })) },
  ],
  invalid: [
    {
      name: "missing script",
      ...project(tomlHook({ command: ".codex/hooks/missing.sh" })),
      errors: [
        {
          message:
            "`.codex/hooks/missing.sh` does not exist (Codex runs hook commands from the repository root): the hook fails on every call and Codex runs the tool call anyway.",
          line: 6,
          column: 11,
        },
      ],
    },
    {
      name: "not executable",
      ...project(tomlHook({ command: ".codex/hooks/guard.sh" }), {
        scripts: { ".codex/hooks/guard.sh": { content: DENY_SH, mode: 0o644 } },
      }),
      errors: [{ message: /is not executable/, line: 6, column: 11 }],
    },
    {
      name: "interpreter script missing",
      ...project(tomlHook({ command: "bash scripts/guard.sh" })),
      errors: [{ message: /`scripts\/guard\.sh` does not exist/, line: 6 }],
    },
  ],
});
