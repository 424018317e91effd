#!/bin/sh
echo '{"version":1,"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"shell commands are blocked here"}}'
