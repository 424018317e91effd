#!/bin/sh
printf '  \n\t\n' >&2
exit 2
