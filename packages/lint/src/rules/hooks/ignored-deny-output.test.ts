import { testRule } from "../../../test/rule-tester.js";
import { project, tomlHook } from "./_fixtures.js";
import rule from "./ignored-deny-output.js";

const withScript = (script: string, command = ".codex/hooks/guard.sh") =>
  project(tomlHook({ command }), {
    scripts: { [command.split(" ").at(-1) as string]: { content: script, mode: 0o755 } },
  });

testRule(rule, {
  valid: [
    {
      name: "exit 2 with the reason on stderr",
      ...withScript('#!/bin/sh\necho "no" >&2\nexit 2\n'),
    },
    {
      name: "hookSpecificOutput deny with a reason",
      ...withScript(
        `#!/bin/sh\ncat <<'JSON'\n{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"blocked"}}\nJSON\n`,
      ),
    },
    {
      name: "decision block with a reason, in Python",
      ...withScript(
        'import json\nprint(json.dumps({"decision": "block", "reason": "not here"}))\n',
        "python3 .codex/hooks/guard.py",
      ),
    },
    {
      name: "inline command that blocks",
      ...project(tomlHook({ command: "echo nope >&2; exit 2" })),
    },
    {
      name: "an approve alone is harmless (the command runs either way)",
      ...withScript(`#!/bin/sh\necho '{"decision":"approve"}'\n`),
    },
    {
      name: "reason piped to /dev/stderr",
      ...withScript('#!/bin/bash\necho "no rm here" | tee /dev/stderr\nexit 2\n'),
    },
  ],
  invalid: [
    {
      name: "decision deny",
      ...withScript(`#!/bin/sh\necho '{"decision":"deny","reason":"no"}'\n`),
      errors: [
        {
          message:
            'Codex ignores this; the command runs: .codex/hooks/guard.sh:2: `{"decision": "deny"}` is not a Codex decision (Codex knows `"decision": "block"` with a `"reason"`).',
          line: 6,
          column: 11,
        },
      ],
    },
    {
      name: "exit 1",
      ...withScript(
        '#!/bin/bash\nif grep -q rm; then\n  echo "rm is not allowed" >&2\n  exit 1\nfi\n',
      ),
      errors: [{ message: /guard\.sh:4: exit 1 does not block/, line: 6 }],
    },
    {
      name: "exit 2 with the reason on stdout",
      ...withScript('#!/bin/sh\necho "rm is not allowed"\nexit 2\n'),
      errors: [{ message: /guard\.sh:3: exit 2 with the reason on stdout/ }],
    },
    {
      name: "top-level permissionDecision",
      ...withScript(
        `#!/bin/sh\necho '{"permissionDecision":"deny","permissionDecisionReason":"x"}'\n`,
      ),
      errors: [{ message: /top-level `permissionDecision`/ }],
    },
    {
      name: "block without a reason, in JavaScript",
      ...withScript(
        "console.log(JSON.stringify({ decision: 'block' }));\n",
        "node .codex/hooks/guard.mjs",
      ),
      errors: [
        { message: /guard\.mjs:1: `\{"decision": "block"\}` without a non-empty `"reason"`/ },
      ],
    },
  ],
});
