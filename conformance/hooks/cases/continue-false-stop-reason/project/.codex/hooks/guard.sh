#!/bin/sh
echo '{"continue":false,"stopReason":"shell commands are blocked here"}'
