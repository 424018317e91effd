import { testRule } from "../../../test/rule-tester.js";
import { project, tomlHook } from "./_fixtures.js";
import rule from "./matcher-never-fires.js";

const LOGGER = { content: "#!/bin/sh\ncat >> .codex/hooks.log\n", mode: 0o755 };

testRule(rule, {
  valid: [
    { name: "Bash", ...project(tomlHook({ event: "PostToolUse", matcher: "Bash" })) },
    { name: "no matcher", ...project(tomlHook({ event: "PostToolUse", matcher: undefined })) },
    { name: "Write|Edit", ...project(tomlHook({ event: "PostToolUse", matcher: "Write|Edit" })) },
    {
      name: "a PreToolUse hook that can block is the error rule's",
      ...project(tomlHook({ matcher: "bash" })),
    },
    {
      name: "an invalid regex is hooks/invalid-matcher's",
      ...project(tomlHook({ event: "PostToolUse", matcher: "(bash" })),
    },
  ],
  invalid: [
    {
      name: "a PostToolUse logger under bash",
      ...project(tomlHook({ event: "PostToolUse", matcher: "bash" })),
      errors: [
        {
          message:
            "This PostToolUse matcher never matches Codex's shell tool, which hooks see as `Bash` (a plain name or `A|B` list matches tool names exactly and case-sensitively), so the hook never fires for shell commands.",
          line: 2,
          column: 11,
        },
      ],
    },
    {
      name: "a PreToolUse logger under shell",
      ...project(tomlHook({ matcher: "shell" }), { scripts: { ".codex/hooks/deny.sh": LOGGER } }),
      errors: [{ message: /^This PreToolUse matcher never matches Codex's shell tool/ }],
    },
    {
      name: "an async PreToolUse hook under exec_command",
      ...project(tomlHook({ matcher: "exec_command", extra: "async = true\n" })),
      errors: [{ line: 2 }],
    },
    {
      name: "a PostToolUse hook for a tool Codex does not have",
      ...project(tomlHook({ event: "PostToolUse", matcher: "WebFetch" })),
      errors: [{ message: /matches no tool `codex exec` calls.*so the hook never fires\.$/ }],
    },
  ],
});
