#!/bin/sh
# Without a matcher: blocks every tool call but apply_patch, naming the tool.
input=$(cat)
name=$(printf '%s' "$input" | sed -n 's/.*"tool_name":"\([^"]*\)".*/\1/p')
[ "$name" = apply_patch ] && exit 0
echo "ops-skill policy: $name is blocked here" >&2
exit 2
