#!/bin/sh
echo '{"hookSpecificOutput":{"permissionDecision":"deny","permissionDecisionReason":"shell commands are blocked here"}}'
