#!/bin/bash
echo "ops-skill policy: shell commands are blocked here"
exit 2
