#!/bin/sh
sleep 3 &
echo 'ops-skill policy: shell commands are blocked here' >&2
exit 2
