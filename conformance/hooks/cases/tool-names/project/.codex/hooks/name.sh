#!/bin/sh
# Blocks every tool call and names the tool as the hook input gives it.
input=$(cat)
name=$(printf '%s' "$input" | sed -n 's/.*"tool_name":"\([^"]*\)".*/\1/p')
echo "ops-skill policy: $name is blocked here" >&2
exit 2
