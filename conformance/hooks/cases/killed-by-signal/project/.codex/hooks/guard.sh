#!/bin/sh
echo 'ops-skill policy: shell commands are blocked here' >&2
kill -TERM $$
