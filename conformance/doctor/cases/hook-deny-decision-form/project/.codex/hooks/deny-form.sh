#!/bin/sh
# Denies the commands the runbook forbids, in the form most tutorials show.
input="$(cat)"
case "$input" in
  *"terraform apply"*|*"kubectl delete"*)
    printf '%s\n' '{"decision":"deny","reason":"forbidden by the runbook"}'
    ;;
esac
exit 0
