#!/usr/bin/env bash
# Probe every entry of an endpoint-check host file and print the findings as one JSON array.
#
# Usage: probe-all.sh [HOSTS_FILE]
#   HOSTS_FILE defaults to config/domains.txt of this skill. One "HOST [PATH]" per line;
#   "#" comment lines and blank lines are ignored.
# Environment: ENDPOINT_CONNECT_TIMEOUT, ENDPOINT_TIMEOUT, ENDPOINT_LATENCY_WARN_MS, as
#   scripts/probe-host.sh reads them.
# Output (stdout): a JSON array of scripts/probe-host.sh findings, in the file's order.
#   Entries probe-host.sh rejects are left out and named on stderr ("skipped invalid entry").
# Exit status: 0 when at least one host was probed; 1 when none was (no entries, or every
#              entry invalid; the array is then empty); 2 on usage or environment error.
#
# Findings pass through a pipe: nothing is written to disk.
set -euo pipefail

prog="${0##*/}"
here="$(cd "$(dirname "$0")" && pwd)"

if [[ $# -gt 1 || "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  printf 'usage: %s [HOSTS_FILE]\n' "$prog" >&2
  exit 2
fi
for tool in curl jq timeout; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    printf '%s: %s is required but was not found on PATH\n' "$prog" "$tool" >&2
    exit 2
  fi
done
if ! command -v dig >/dev/null 2>&1 && ! command -v getent >/dev/null 2>&1; then
  printf '%s: dig or getent is required for DNS resolution\n' "$prog" >&2
  exit 2
fi
file="${1:-$here/../config/domains.txt}"
if [[ ! -f "$file" || ! -r "$file" ]]; then
  printf '%s: cannot read host file %s\n' "$prog" "$file" >&2
  exit 2
fi

findings="$(
  { grep -vE '^[[:space:]]*(#|$)' "$file" || true; } | while read -r host path _; do
    "$here/probe-host.sh" "$host" ${path:+"$path"} </dev/null ||
      printf '%s: skipped invalid entry: %s\n' "$prog" "$host${path:+ $path}" >&2
  done
)"
printf '%s\n' "$findings" | jq -s '.'
if [[ -z "$findings" ]]; then
  printf '%s: no host was probed (%s has no valid entry)\n' "$prog" "$file" >&2
  exit 1
fi
