#!/bin/sh
echo '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"allow","updatedInput":{"command":"echo ops-skill-rewritten"}}}'
echo 'ops-skill policy: shell commands are blocked here' >&2
exit 2
