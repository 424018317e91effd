import { testRule } from "../../../test/rule-tester.js";
import { project, tomlHook } from "./_fixtures.js";
import rule from "./unreadable-hook-output.js";

const script = (content: string | Uint8Array, command = ".codex/hooks/guard.sh") =>
  project(tomlHook({ command }), {
    scripts: { [command.split(" ").at(-1) as string]: { content, mode: 0o755 } },
  });

const ELF = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0]);

testRule(rule, {
  valid: [
    { name: "a script that visibly blocks", ...project(tomlHook()) },
    {
      name: "a script that visibly cannot block",
      ...script("#!/bin/sh\ncat >> .codex/hooks.log\nexit 0\n"),
    },
    {
      name: "a dynamic reason beside a visible exit 2",
      ...script('#!/bin/sh\nreason=$(date)\necho "blocked at $reason" >&2\nexit 2\n'),
    },
    {
      name: "not PreToolUse",
      ...project(tomlHook({ event: "PostToolUse", command: "my-logger" })),
    },
  ],
  invalid: [
    {
      name: "output built by jq with variables",
      ...script('#!/bin/sh\njq -n --arg r "no" \'{decision:"block",reason:$r}\'\n'),
      errors: [
        {
          message:
            "The linter cannot tell whether `.codex/hooks/guard.sh` can block: it builds its output with `jq` from values known only at run time (line 2). Whether Codex honours its deny is not checked.",
          line: 6,
          column: 11,
        },
      ],
    },
    {
      name: "a compiled program",
      ...script(ELF, ".codex/hooks/guard"),
      errors: [{ message: /`.codex\/hooks\/guard` can block: it is a compiled program\./ }],
    },
    {
      name: "a binary file",
      ...script(new Uint8Array([0x23, 0x21, 0x00, 0xff, 0xfe, 0x00, 0x01])),
      errors: [{ message: /it is a binary file\./ }],
    },
    {
      name: "an interpreter the linter does not read",
      ...script("puts 'hi'\n", "ruby .codex/hooks/guard.rb"),
      errors: [{ message: /it is run by `ruby`, which the linter does not read/ }],
    },
    {
      name: "a shebang the linter does not read",
      ...script("#!/usr/bin/env ruby\nputs 'hi'\n"),
      errors: [{ message: /its interpreter is one the linter does not read/ }],
    },
    {
      name: "a program on PATH",
      ...project(tomlHook({ command: "my-guard --strict" })),
      errors: [
        {
          message:
            /whether this hook can block: it runs `my-guard`, whose output the linter cannot see \(line 1\)/,
        },
      ],
    },
    {
      name: "a command built at run time",
      ...project(tomlHook({ command: '"$HOOK_DIR/guard.sh"' })),
      errors: [{ message: /the command is built at run time/ }],
    },
    {
      name: "inline Python",
      ...project(tomlHook({ command: "python3 -c 'import sys; sys.exit(2)'" })),
      errors: [{ message: /it runs inline Python code/ }],
    },
    {
      name: "a script that prints a variable holding its JSON",
      ...script('#!/bin/sh\nout=$(./make-decision)\necho "$out"\n'),
      errors: [{ message: /its output is built at run time \(line 3\)/ }],
    },
    {
      name: "a script that is a symlink to a device (never opened)",
      ...project(tomlHook(), { scripts: { ".codex/hooks/deny.sh": { symlink: "/dev/zero" } } }),
      errors: [{ message: /it is not a regular file \(a FIFO, socket or device\)/ }],
    },
    {
      name: "a huge script",
      ...script(`#!/bin/sh\n${"# padding\n".repeat(60_000)}exit 2\n`),
      errors: [{ message: /bytes, too large to be a script the linter reads/ }],
    },
    {
      name: "a script outside the repository",
      ...project(tomlHook({ command: "/usr/local/bin/ops-guard" })),
      errors: [{ message: /the script is outside the repository/ }],
    },
  ],
});
