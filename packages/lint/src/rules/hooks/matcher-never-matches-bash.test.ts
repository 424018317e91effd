import { testRule } from "../../../test/rule-tester.js";
import { project, tomlHook } from "./_fixtures.js";
import rule from "./matcher-never-matches-bash.js";

const LOGGER = { content: "#!/bin/sh\ncat >> .codex/hooks.log\n", mode: 0o755 };

testRule(rule, {
  valid: [
    { name: "Bash", ...project(tomlHook({ matcher: "Bash" })) },
    { name: "anchored regex prefix", ...project(tomlHook({ matcher: "^Bas" })) },
    { name: "no matcher", ...project(tomlHook({ matcher: undefined })) },
    { name: "an MCP tool on purpose", ...project(tomlHook({ matcher: "mcp__docs__.*" })) },
    {
      name: "an exact MCP tool name",
      ...project(tomlHook({ matcher: "mcp__github__create_issue" })),
    },
    {
      name: "apply_patch through its alias Write|Edit",
      ...project(tomlHook({ matcher: "Write|Edit" })),
    },
    { name: "view_image", ...project(tomlHook({ matcher: "view_image" })) },
    {
      name: "not a tool event",
      ...project(tomlHook({ event: "SessionStart", matcher: "startup" })),
    },
    {
      name: "a hook that cannot block (a logger) is the warning rule's",
      ...project(tomlHook({ matcher: "bash" }), { scripts: { ".codex/hooks/deny.sh": LOGGER } }),
    },
    {
      name: "PostToolUse is the warning rule's",
      ...project(tomlHook({ event: "PostToolUse", matcher: "bash" })),
    },
    {
      name: "an async hook cannot block",
      ...project(tomlHook({ matcher: "bash", extra: "async = true\n" })),
    },
  ],
  invalid: [
    {
      name: "lower case, under a hook that blocks",
      ...project(tomlHook({ matcher: "bash" })),
      errors: [
        {
          message:
            /^This PreToolUse matcher never matches Codex's shell tool, which hooks see as `Bash` \(a plain name.*\), so its hook can block, but it never fires and Codex runs every shell command it means to stop\.$/,
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
    { name: "shell", ...project(tomlHook({ matcher: "shell" })), errors: [{ line: 2 }] },
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
    {
      name: "a tool Codex does not have (Claude Code's Read)",
      ...project(tomlHook({ matcher: "Read|Grep" })),
      errors: [
        {
          message:
            /^This PreToolUse matcher matches no tool `codex exec` calls \(`Bash`, `apply_patch`.*\), so its hook can block, but it never fires and Codex runs every tool call it means to stop\.$/,
        },
      ],
    },
    {
      name: "a hook the linter cannot read counts as one that may block",
      ...project(tomlHook({ matcher: "bash", command: "my-guard --strict" })),
      errors: [{ message: /so its hook never fires and Codex runs every shell command/ }],
    },
  ],
});
