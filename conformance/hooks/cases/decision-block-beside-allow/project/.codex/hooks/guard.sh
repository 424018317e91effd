#!/bin/sh
echo '{"decision":"block","reason":"shell commands are blocked here","hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"allow"}}'
