#!/bin/sh
printf '\357\273\277%s\n' '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"shell commands are blocked here"}}'
