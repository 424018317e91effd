#!/bin/sh
# Denies the commands the runbook forbids, in the one form Codex honours in codex exec.
input="$(cat)"
case "$input" in
  *"terraform apply"*|*"kubectl delete"*)
    printf '%s\n' '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"forbidden by the runbook"}}'
    ;;
esac
exit 0
