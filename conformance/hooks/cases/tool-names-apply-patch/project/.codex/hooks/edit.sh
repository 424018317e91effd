#!/bin/sh
# Under matcher "Edit": blocks the patch that adds e.txt.
input=$(cat)
printf '%s' "$input" | grep -q 'e\.txt' || exit 0
name=$(printf '%s' "$input" | sed -n 's/.*"tool_name":"\([^"]*\)".*/\1/p')
echo "ops-skill policy: Edit matched $name" >&2
exit 2
