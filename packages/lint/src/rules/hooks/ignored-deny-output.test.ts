import { testRule } from "../../../test/rule-tester.js";
import { project, tomlHook } from "./_fixtures.js";
import rule from "./ignored-deny-output.js";

const withScript = (script: string, command = ".codex/hooks/guard.sh", timeout?: number) =>
  project(
    tomlHook({ command, ...(timeout ? { extra: "" } : {}) }).replace(
      "timeout = 30",
      `timeout = ${timeout ?? 30}`,
    ),
    {
      scripts: { [command.split(" ").at(-1) as string]: { content: script, mode: 0o755 } },
    },
  );

const DENY =
  '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"no shell here"}}';

testRule(rule, {
  valid: [
    {
      name: "exit 2 with the reason on stderr",
      ...withScript('#!/bin/sh\necho "no" >&2\nexit 2\n'),
    },
    {
      name: "hookSpecificOutput deny with a reason, from a heredoc",
      ...withScript(`#!/bin/sh\ncat <<'JSON'\n${DENY}\nJSON\n`),
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
    {
      name: "a reason built at run time still blocks",
      ...withScript(
        '#!/bin/sh\ncmd=$(jq -r .tool_input.command)\ncase "$cmd" in\n  *"rm -rf"*) echo "refusing: $cmd" >&2; exit 2 ;;\nesac\nexit 0\n',
      ),
    },
    {
      name: "printf with the reason as an argument",
      ...withScript(
        `#!/bin/sh\nreason="no deletes"\nprintf '{"decision":"block","reason":"%s"}\\n' "$reason"\n`,
      ),
    },
    {
      name: "jq -n with variables: not read, not an error",
      ...withScript(
        '#!/bin/sh\njq -n --arg r "no" \'{hookSpecificOutput:{hookEventName:"PreToolUse",permissionDecision:"deny",permissionDecisionReason:$r}}\'\n',
      ),
    },
    {
      name: "jq -n with a constant object",
      ...withScript(`#!/bin/sh\njq -nc '{decision: "block", reason: "not here"}'\n`),
    },
    {
      name: "Python: sys.exit(main()) with return 2 after a reason on stderr",
      ...withScript(
        'import sys\n\ndef main():\n    print("no shell", file=sys.stderr)\n    return 2\n\nif __name__ == "__main__":\n    sys.exit(main())\n',
        "python3 .codex/hooks/guard.py",
      ),
    },
    {
      name: "Node: console.error and process.exit(2) inside the stdin callback",
      ...withScript(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the hook script's own template literal
        'let input = "";\nprocess.stdin.on("data", (c) => (input += c));\nprocess.stdin.on("end", () => {\n  const event = JSON.parse(input);\n  if (/rm -rf/.test(event.tool_input.command)) {\n    console.error(`blocked: ${event.tool_input.command}`);\n    process.exit(2);\n  }\n});\n',
        "node .codex/hooks/guard.mjs",
      ),
    },
    {
      name: "Node: JSON.stringify of a deny with a template reason",
      ...withScript(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the hook script's own template literal
        'const reason = "no";\nprocess.stdout.write(JSON.stringify({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: `policy: ${reason}` } }));\n',
        "node .codex/hooks/guard.mjs",
      ),
    },
    {
      name: "a logger that never denies",
      ...withScript("#!/bin/sh\ncat >> .codex/hook.log\nexit 0\n"),
    },
    {
      name: "exit 1 when a tool is missing, beside a working block",
      ...withScript(
        '#!/bin/sh\ncommand -v jq >/dev/null || { echo "jq is missing" >&2; exit 1; }\necho "no" >&2\nexit 2\n',
      ),
    },
    {
      name: "a quick sleep under the timeout",
      ...withScript('#!/bin/sh\nsleep 1\necho "no" >&2\nexit 2\n'),
    },
    {
      name: "a background sleep that holds no output",
      ...withScript('#!/bin/sh\nsleep 60 >/dev/null 2>&1 &\necho "no" >&2\nexit 2\n'),
    },
    {
      name: "a PostToolUse hook is not judged",
      ...project(tomlHook({ event: "PostToolUse", command: ".codex/hooks/guard.sh" }), {
        scripts: {
          ".codex/hooks/guard.sh": {
            content: `#!/bin/sh\necho '{"decision":"deny"}'\n`,
            mode: 0o755,
          },
        },
      }),
    },
    {
      name: "an allow with a rewrite",
      ...withScript(
        `#!/bin/sh\necho '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"allow","updatedInput":{"command":"echo safe"}}}'\n`,
      ),
    },
  ],
  invalid: [
    {
      name: "decision deny",
      ...withScript(`#!/bin/sh\necho '{"decision":"deny","reason":"no"}'\n`),
      errors: [
        {
          message:
            'Codex ignores this; the command runs: .codex/hooks/guard.sh:2: `"decision": "deny"` is not a Codex decision (Codex knows `"decision": "block"` with a `"reason"`, or `hookSpecificOutput.permissionDecision: "deny"`).',
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
      name: "exit 2 with only white space on stderr",
      ...withScript("#!/bin/sh\nprintf '  \\n\\t\\n' >&2\nexit 2\n"),
      errors: [{ message: /guard\.sh:3: exit 2 without a reason on stderr/ }],
    },
    {
      name: "top-level permissionDecision",
      ...withScript(
        `#!/bin/sh\necho '{"permissionDecision":"deny","permissionDecisionReason":"x"}'\n`,
      ),
      errors: [
        {
          message:
            /guard\.sh:2: unknown key `permissionDecision`.*Codex reads it only inside `hookSpecificOutput`/,
        },
      ],
    },
    {
      name: "block without a reason, in JavaScript",
      ...withScript(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the hook script's own template literal
        "process.stdout.write(`${JSON.stringify({ decision: 'block' })}\\n`);\n",
        "node .codex/hooks/guard.mjs",
      ),
      errors: [
        {
          message: /guard\.mjs:1: `"decision": "block"` without a non-empty `"reason"` is ignored/,
        },
      ],
    },
    {
      name: "the deny JSON on stderr with exit 0",
      ...withScript(`#!/bin/sh\necho '${DENY}' >&2\nexit 0\n`),
      errors: [{ message: /guard\.sh:2: the decision JSON is printed on stderr/ }],
    },
    {
      name: "an extra key inside hookSpecificOutput",
      ...withScript(
        `#!/bin/sh\necho '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"no","reason":"x"}}'\n`,
      ),
      errors: [
        {
          message:
            /guard\.sh:2: unknown key `hookSpecificOutput\.reason` .*it belongs at the top level/,
        },
      ],
    },
    {
      name: "an extra top-level key",
      ...withScript(`#!/bin/sh\necho '{"version":1,${DENY.slice(1)}'\n`),
      errors: [{ message: /unknown key `version`/ }],
    },
    {
      name: "truncated JSON",
      ...withScript(`#!/bin/sh\nprintf '%s\\n' '${DENY.slice(0, -1)}'\n`),
      errors: [{ message: /guard\.sh:2: stdout is truncated JSON/ }],
    },
    {
      name: "JSON followed by text",
      ...withScript(`#!/bin/sh\necho '${DENY}'\necho done\n`),
      errors: [{ message: /guard\.sh:3: stdout holds more than one JSON value, or text after/ }],
    },
    {
      name: "continue:false with stopReason",
      ...withScript(`#!/bin/sh\necho '{"continue":false,"stopReason":"no"}'\n`),
      errors: [{ message: /`"continue": false` is not a block for PreToolUse/ }],
    },
    {
      name: "a Python dict printed with print()",
      ...withScript(
        'import json, sys\nevent = json.load(sys.stdin)\nif "rm" in event["tool_input"]["command"]:\n    print({"decision": "block", "reason": "no rm"})\n',
        "python3 .codex/hooks/guard.py",
      ),
      errors: [{ message: /guard\.py:4: stdout is not valid JSON/ }],
    },
    {
      name: "Python sys.exit with a message (exit 1)",
      ...withScript(
        'import sys\nsys.exit("blocked: no shell here")\n',
        "python3 .codex/hooks/guard.py",
      ),
      errors: [{ message: /guard\.py:2: exit 1 does not block/ }],
    },
    {
      name: "a Node object logged with console.log",
      ...withScript(
        'console.log({ decision: "block", reason: "no" });\n',
        "node .codex/hooks/guard.mjs",
      ),
      errors: [{ message: /guard\.mjs:1: stdout is not valid JSON/ }],
    },
    {
      name: "permissionDecision Deny, capitalised",
      ...withScript(
        `#!/bin/sh\necho '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"Deny","permissionDecisionReason":"no"}}'\n`,
      ),
      errors: [
        {
          message: /`hookSpecificOutput\.permissionDecision` is "Deny", which Codex does not know/,
        },
      ],
    },
    {
      name: "a sleep past the timeout",
      ...withScript('#!/bin/sh\nsleep 5\necho "no" >&2\nexit 2\n', ".codex/hooks/guard.sh", 2),
      errors: [{ message: /guard\.sh:4: the hook ran past its timeout .*before it could block/ }],
    },
    {
      name: "a background child that holds stdout open past the timeout",
      ...withScript('#!/bin/sh\nsleep 5 &\necho "no" >&2\nexit 2\n', ".codex/hooks/guard.sh", 2),
      errors: [{ message: /guard\.sh:4: the hook ran past its timeout/ }],
    },
    {
      name: "killed by its own signal",
      ...withScript('#!/bin/sh\necho "no" >&2\nkill -TERM $$\n'),
      errors: [{ message: /guard\.sh:3: the hook ended without an exit status/ }],
    },
    {
      name: "dash's echo turns \\n inside the JSON into a raw newline",
      ...withScript(`#!/bin/sh\necho '{"decision":"block","reason":"no\\nshell"}'\n`),
      errors: [
        { message: /guard\.sh:2: stdout is not valid JSON \(control character in a string/ },
      ],
    },
    {
      name: "the only deny is ignored, in one branch of several",
      ...withScript(
        `#!/bin/bash\ninput=$(cat)\nif echo "$input" | grep -q 'rm -rf'; then\n  echo '{"decision":"deny","reason":"no"}'\nelse\n  echo '{"decision":"approve"}'\nfi\n`,
      ),
      errors: [{ message: /guard\.sh:4: `"decision": "deny"` is not a Codex decision/ }],
    },
  ],
});
