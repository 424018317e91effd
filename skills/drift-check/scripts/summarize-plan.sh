#!/usr/bin/env bash
# Summarize the machine-readable output of `terraform plan -json` into drift findings.
#
# Usage: summarize-plan.sh [PLAN.jsonl | -]   (reads standard input by default)
# Output (stdout), one JSON object:
#   {"terraform_version": string|null, "to_add": int|null, "to_change": int|null,
#    "to_destroy": int|null, "errors": [string], "findings": [finding]}
# where each finding has the drift-report finding fields:
#   {"source": "terraform", "address", "change", "severity", "detail"}
# Lines that are not JSON (for example warnings a wrapper printed) are ignored.
# Exit status: 0 on success, 2 on usage or environment error.
#
# This script only reads the plan stream; it never runs terraform itself.
set -euo pipefail

prog="${0##*/}"

if [[ $# -gt 1 || "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  printf 'usage: %s [PLAN.jsonl | -]\n' "$prog" >&2
  exit 2
fi
if ! command -v jq >/dev/null 2>&1; then
  printf '%s: jq is required but was not found on PATH\n' "$prog" >&2
  exit 2
fi

src="${1:--}"
if [[ "$src" != "-" && ! -r "$src" ]]; then
  printf '%s: cannot read %s\n' "$prog" "$src" >&2
  exit 2
fi

# shellcheck disable=SC2016 # jq program, not shell expansions
jq -R -n '
  [inputs | fromjson? | objects] as $m
  | def planned_severity: if . == "delete" or . == "replace" then "critical" else "warning" end;
    def known_change: if . == "create" or . == "update" or . == "delete" or . == "replace" or . == "move"
                      then . else "other" end;
  {
    terraform_version: ([$m[] | select(.type == "version") | .terraform] | first),
    to_add: ([$m[] | select(.type == "change_summary") | .changes.add] | last),
    to_change: ([$m[] | select(.type == "change_summary") | .changes.change] | last),
    to_destroy: ([$m[] | select(.type == "change_summary") | .changes.remove] | last),
    errors: [$m[] | select(.type == "diagnostic" and .diagnostic.severity == "error") | .diagnostic.summary],
    findings: (
      [$m[] | select(.type == "resource_drift") | .change
        | {source: "terraform",
           address: .resource.addr,
           change: (if .action == "delete" then "deleted_outside" else "changed_outside" end),
           severity: (if .action == "delete" then "critical" else "warning" end),
           detail: "Object changed outside Terraform (\(.action))"}]
      + [$m[] | select(.type == "planned_change") | .change
        | select(.action != "noop" and .action != "read")
        | {source: "terraform",
           address: .resource.addr,
           change: (.action | known_change),
           severity: (.action | planned_severity),
           detail: (if (.action | known_change) == "other" then "terraform action \(.action)"
                    elif .action == "move" then "moved from \(.previous_resource.addr // "an earlier address")"
                    else .reason end)}]
      + [$m[] | select(.type == "outputs") | .outputs // {} | to_entries[]
        | select((.value.action // "noop") != "noop")
        | {source: "terraform",
           address: "output.\(.key)",
           change: (.value.action | known_change),
           severity: "warning",
           detail: "root module output value"}]
    )
  }
' "$src"
