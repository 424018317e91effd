#!/bin/sh
printf '  \n ops-skill policy: \nshell commands are blocked here\n\n' >&2
exit 2
