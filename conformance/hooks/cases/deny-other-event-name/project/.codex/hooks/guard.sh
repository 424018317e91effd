#!/bin/sh
echo '{"hookSpecificOutput":{"hookEventName":"PostToolUse","permissionDecision":"deny","permissionDecisionReason":"shell commands are blocked here"}}'
