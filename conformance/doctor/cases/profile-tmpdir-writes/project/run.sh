#!/bin/sh
# Runs the drift-check skill (started by hand or by a timer).
set -eu
cd /srv/ops
export TMPDIR="/srv/ops/.scratch"
codex exec --profile day-two -o report.json 'Use $drift-check and write its report.'
jq -e '.status == "ok"' report.json >/dev/null
