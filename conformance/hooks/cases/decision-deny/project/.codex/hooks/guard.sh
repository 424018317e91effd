#!/bin/sh
echo '{"decision":"deny","reason":"shell commands are blocked here"}'
exit 0
