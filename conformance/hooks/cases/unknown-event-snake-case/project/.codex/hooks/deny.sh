#!/bin/sh
# Blocks every shell command: the reason goes to stderr, exit 2.
echo "ops-skill policy: shell commands are blocked here" >&2
exit 2
