#!/usr/bin/env bash
# Summarize `grype -o json` output into the vuln-report fields.
#
# Usage: summarize-grype.sh [GRYPE.json | -]   (reads standard input by default)
# Environment:
#   VULN_FAIL_ON        critical | high | medium | low | negligible (default high)
#   VULN_MAX_FINDINGS   most findings to list (default 200); counts always cover everything
# Output (stdout), one JSON object:
#   {"grype_version": string|null, "fail_on": string, "counts": {critical, high, medium, low,
#    negligible, unknown}, "threshold_exceeded": bool, "status": "ok"|"warning"|"critical",
#    "findings_truncated": bool, "findings": [finding, ...]}
# Findings are de-duplicated by vulnerability, package name and version, limited to
# severities at or above min(VULN_FAIL_ON, medium), sorted by severity, fixable first.
# Exit status: 0 on success, 1 if the input is not grype JSON, 2 on usage error.
set -euo pipefail

prog="${0##*/}"

if [[ $# -gt 1 || "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  printf 'usage: %s [GRYPE.json | -]\n' "$prog" >&2
  exit 2
fi
if ! command -v jq >/dev/null 2>&1; then
  printf '%s: jq is required but was not found on PATH\n' "$prog" >&2
  exit 2
fi

fail_on="$(printf '%s' "${VULN_FAIL_ON:-high}" | tr '[:upper:]' '[:lower:]')"
case "$fail_on" in
  critical | high | medium | low | negligible) ;;
  *)
    printf '%s: VULN_FAIL_ON must be critical, high, medium, low or negligible (got %s)\n' "$prog" "$fail_on" >&2
    exit 2
    ;;
esac
max_findings="${VULN_MAX_FINDINGS:-200}"
if [[ ! "$max_findings" =~ ^[0-9]+$ ]]; then
  printf '%s: VULN_MAX_FINDINGS must be a whole number\n' "$prog" >&2
  exit 2
fi

src="${1:--}"
if [[ "$src" != "-" && ! -r "$src" ]]; then
  printf '%s: cannot read %s\n' "$prog" "$src" >&2
  exit 2
fi

# shellcheck disable=SC2016 # jq program, not shell expansions
if ! jq -e --arg fail_on "$fail_on" --argjson max "$max_findings" '
  if type != "object" or (.matches | type) != "array" then error("not grype JSON output (no matches array)") else . end
  | def rank: {"critical": 5, "high": 4, "medium": 3, "low": 2, "negligible": 1, "unknown": 0}[.] // 0;
    def norm_severity: (. // "unknown" | ascii_downcase) as $s
      | if ($s | rank) > 0 or $s == "unknown" then $s else "unknown" end;
    def norm_fix_state: (. // "unknown" | ascii_downcase) as $s
      | if $s == "fixed" or $s == "not-fixed" or $s == "wont-fix" then $s else "unknown" end;
  (.descriptor.version // null) as $grype_version
  | ($fail_on | rank) as $threshold
  | ([$threshold, 3] | min) as $listed
  | [.matches[]
      | {vulnerability_id: .vulnerability.id,
         severity: (.vulnerability.severity | norm_severity),
         package_name: .artifact.name,
         package_version: (.artifact.version // ""),
         package_type: (.artifact.type // "unknown"),
         fix_state: (.vulnerability.fix.state | norm_fix_state),
         fixed_versions: (.vulnerability.fix.versions // []),
         data_source: (.vulnerability.dataSource // null)}
      | if (.fixed_versions | length) > 0 then .fix_state = "fixed" else . end]
  | unique_by([.vulnerability_id, .package_name, .package_version]) as $all
  | ($all | map(.severity)) as $sev
  | {critical: 0, high: 0, medium: 0, low: 0, negligible: 0, unknown: 0} as $zero
  | (reduce $sev[] as $s ($zero; .[$s] += 1)) as $counts
  | ([$all[] | select((.severity | rank) >= $listed)]
      | sort_by([-(.severity | rank), (if .fix_state == "fixed" then 0 else 1 end), .vulnerability_id, .package_name])) as $shown
  | any($all[]; (.severity | rank) >= $threshold) as $exceeded
  | {grype_version: $grype_version,
     fail_on: $fail_on,
     counts: $counts,
     threshold_exceeded: $exceeded,
     status: (if $exceeded then "critical"
              elif any($all[]; (.severity | rank) >= 3) then "warning"
              else "ok" end),
     findings_truncated: (($shown | length) > $max),
     findings: $shown[:$max]}
' "$src"; then
  printf '%s: input is not grype JSON output\n' "$prog" >&2
  exit 1
fi
