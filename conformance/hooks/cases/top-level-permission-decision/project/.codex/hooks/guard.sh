#!/bin/sh
echo '{"permissionDecision":"deny","permissionDecisionReason":"shell commands are blocked here"}'
