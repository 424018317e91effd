#!/usr/bin/env bash
# Generate a CycloneDX SBOM of one image with syft, scan it with grype and summarize the
# matches, keeping the SBOM and the scan in memory: nothing is written to disk, so the audit
# runs under a read-only sandbox.
#
# Usage: scan-image.sh IMAGE
# Environment:
#   VULN_TIMEOUT        seconds allowed for each of syft and grype (default 1800)
#   VULN_FAIL_ON, VULN_MAX_FINDINGS   as scripts/summarize-grype.sh reads them
# Output (stdout): the object scripts/summarize-grype.sh prints, plus "sbom_components".
# Exit status: 0 on success; 3 when syft failed and 4 when grype failed (their messages are
#              passed through on stderr, then one line naming the exit code); 1 when grype
#              printed something that is not grype JSON; 2 on usage or environment error.
set -euo pipefail

prog="${0##*/}"
here="$(cd "$(dirname "$0")" && pwd)"

if [[ $# -ne 1 || "$1" == "-h" || "$1" == "--help" || -z "$1" ]]; then
  printf 'usage: %s IMAGE\n' "$prog" >&2
  exit 2
fi
for tool in syft grype jq timeout; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    printf '%s: %s is required but was not found on PATH\n' "$prog" "$tool" >&2
    exit 2
  fi
done
image="$1"
limit="${VULN_TIMEOUT:-1800}"
if [[ ! "$limit" =~ ^[1-9][0-9]*$ ]]; then
  printf '%s: VULN_TIMEOUT must be a positive whole number of seconds\n' "$prog" >&2
  exit 2
fi

# exit_note CODE: " (timed out after N s)" for timeout's 124, else nothing.
exit_note() {
  [[ "$1" -ne 124 ]] || printf ' (timed out after %s s)' "$limit"
}

set +e
sbom="$(timeout "$limit" syft -q "$image" -o cyclonedx-json)"
rc=$?
set -e
if [[ $rc -ne 0 ]]; then
  printf '%s: syft exited %d%s; no SBOM\n' "$prog" "$rc" "$(exit_note "$rc")" >&2
  exit 3
fi
if ! components="$(printf '%s' "$sbom" | jq -e '.components // [] | length' 2>/dev/null)"; then
  printf '%s: syft did not print a CycloneDX JSON document\n' "$prog" >&2
  exit 3
fi
printf '%s: syft made an SBOM of %s components; scanning it with grype\n' "$prog" "$components" >&2

set +e
scan="$(printf '%s' "$sbom" | timeout "$limit" grype -q -o json)"
rc=$?
set -e
if [[ $rc -ne 0 ]]; then
  printf '%s: grype exited %d%s; no scan result\n' "$prog" "$rc" "$(exit_note "$rc")" >&2
  exit 4
fi

printf '%s' "$scan" | "$here/summarize-grype.sh" - | jq --argjson n "$components" '. + {sbom_components: $n}'
