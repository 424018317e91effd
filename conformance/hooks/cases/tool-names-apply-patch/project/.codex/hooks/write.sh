#!/bin/sh
# Under matcher "Write": blocks the patch that adds w.txt.
input=$(cat)
printf '%s' "$input" | grep -q 'w\.txt' || exit 0
name=$(printf '%s' "$input" | sed -n 's/.*"tool_name":"\([^"]*\)".*/\1/p')
echo "ops-skill policy: Write matched $name" >&2
exit 2
