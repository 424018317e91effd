#!/usr/bin/env bash
# Validate a vuln-audit report (vuln-report) with jq.
#
# Usage: validate-report.sh [REPORT.json | -]
#   Reads standard input when the path is omitted or is "-".
# Exit status: 0 valid, 1 invalid (reasons on stderr), 2 usage or environment error.
#
# The matching JSON Schema is ../../schemas/vuln-report.schema.json; this script
# needs only bash and jq, and also checks cross-field rules a schema cannot express.
set -euo pipefail

prog="${0##*/}"
report_name="vuln-report"

usage() {
  cat <<EOF
usage: $prog [REPORT.json | -]
Validate a $report_name document. Reads standard input when no path (or "-") is given.
Exit status: 0 valid, 1 invalid, 2 usage or environment error.
EOF
}

usage_error() {
  printf '%s: %s\n' "$prog" "$1" >&2
  usage >&2
  exit 2
}

case "${1:-}" in
  -h | --help)
    usage
    exit 0
    ;;
  -) ;;
  -*) usage_error "unknown option: $1" ;;
esac
[[ $# -le 1 ]] || usage_error "expected at most one argument, got $#"

if ! command -v jq >/dev/null 2>&1; then
  printf '%s: jq is required but was not found on PATH (for example: apt-get install -y jq)\n' "$prog" >&2
  exit 2
fi

src="${1:--}"
if [[ "$src" == "-" ]]; then
  [[ ! -t 0 ]] || usage_error "no report path given and standard input is a terminal"
  report="$(cat)"
else
  [[ -f "$src" ]] || usage_error "no such file: $src"
  [[ -r "$src" ]] || usage_error "file is not readable: $src"
  report="$(cat -- "$src")"
fi

if ! count="$(printf '%s' "$report" | jq -n '[inputs] | length' 2>&1)"; then
  printf '%s: invalid: not valid JSON: %s\n' "$prog" "$count" >&2
  exit 1
fi
if [[ "$count" != "1" ]]; then
  printf '%s: invalid: expected exactly one JSON document, found %s\n' "$prog" "$count" >&2
  exit 1
fi

# Each check emits one "path: problem" line; no output means the report is valid.
read -r -d '' checks <<'JQ' || true
def is_datetime: type == "string" and test("^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$");
def is_int: type == "number" and . == floor;
def is_text: type == "string" and length > 0;
def in_enum($xs): . as $v | any($xs[]; . == $v);
def show($xs): $xs | map(tojson) | join(", ");
def keys_exact($p; $required):
  if type != "object" then "\($p): expected an object, got \(type)"
  else
    (. as $o | $required[] | . as $k | select($o | has($k) | not) | "\($p): missing required field \"\($k)\""),
    (keys_unsorted[] | select(in_enum($required) | not) | "\($p): unexpected field \"\(.)\"")
  end;
def field($p; $k; cond; $msg):
  if has($k) and ((.[$k] | cond) | not) then "\($p)\($k): \($msg)" else empty end;


["ok", "warning", "critical", "error"] as $statuses
| ["critical", "high", "medium", "low", "negligible"] as $thresholds
| ["critical", "high", "medium", "low", "negligible", "unknown"] as $severities
| ["fixed", "not-fixed", "wont-fix", "unknown"] as $fix_states
| {"critical": 5, "high": 4, "medium": 3, "low": 2, "negligible": 1, "unknown": 0} as $rank
| if type != "object" then "report: expected a JSON object, got \(type)"
  else
    keys_exact("report"; ["status", "checked_at", "summary", "image", "fail_on", "threshold_exceeded", "counts", "sbom_components", "grype_version", "findings_truncated", "findings"]),
    field(""; "status"; in_enum($statuses); "must be one of \(show($statuses))"),
    field(""; "checked_at"; is_datetime; "must be an RFC 3339 date-time string such as 2025-01-31T06:00:00Z"),
    field(""; "summary"; is_text; "must be a non-empty string"),
    field(""; "image"; . == null or is_text; "must be a non-empty string (the image reference scanned) or null"),
    (if has("image") and .image == null and .status != "error" then "image: may be null only when status is \"error\"" else empty end),
    field(""; "fail_on"; in_enum($thresholds); "must be one of \(show($thresholds))"),
    field(""; "threshold_exceeded"; . == null or type == "boolean"; "must be a boolean or null"),
    field(""; "sbom_components"; . == null or (is_int and . >= 0); "must be a non-negative integer or null"),
    field(""; "grype_version"; . == null or is_text; "must be a non-empty string or null"),
    field(""; "findings_truncated"; type == "boolean"; "must be a boolean"),
    (if has("counts") and .counts != null then .counts
      | keys_exact("counts"; $severities),
        (if type == "object" then ($severities[] as $k | field("counts."; $k; is_int and . >= 0; "must be a non-negative integer")) else empty end)
    else empty end),
    (if has("findings") then
      (.findings | if type != "array" then "findings: expected an array, got \(type)"
        else range(0; length) as $i | .[$i] | "findings[\($i)]" as $p
          | keys_exact($p; ["vulnerability_id", "severity", "package_name", "package_version", "package_type", "fix_state", "fixed_versions", "data_source"]),
            (if type == "object" then
              field("\($p)."; "vulnerability_id"; is_text; "must be a non-empty string"),
              field("\($p)."; "severity"; in_enum($severities); "must be one of \(show($severities))"),
              field("\($p)."; "package_name"; is_text; "must be a non-empty string"),
              field("\($p)."; "package_version"; type == "string"; "must be a string"),
              field("\($p)."; "package_type"; is_text; "must be a non-empty string"),
              field("\($p)."; "fix_state"; in_enum($fix_states); "must be one of \(show($fix_states))"),
              field("\($p)."; "fixed_versions"; type == "array" and all(.[]; is_text); "must be an array of non-empty strings"),
              field("\($p)."; "data_source"; . == null or is_text; "must be a non-empty string or null"),
              (if .fix_state == "fixed" and ((.fixed_versions | type) == "array") and (.fixed_versions | length) == 0
               then "\($p).fixed_versions: must list at least one version when fix_state is \"fixed\"" else empty end)
            else empty end)
        end)
    else empty end),
    # Cross-field rules: the threshold verdict, the status and the findings follow the counts.
    ((.findings | if type == "array" then [.[] | objects] else [] end) as $f
      | if .status == "error" then
          (if .counts != null then "counts: must be null when status is \"error\" (the scan did not complete)" else empty end),
          (if .threshold_exceeded != null then "threshold_exceeded: must be null when status is \"error\"" else empty end),
          (if ($f | length) > 0 then "findings: must be empty when status is \"error\"" else empty end)
        elif (.status | in_enum($statuses)) then
          (if .counts == null then "counts: is required unless status is \"error\"" else empty end),
          (if .threshold_exceeded == null then "threshold_exceeded: is required unless status is \"error\"" else empty end),
          (if (.counts | type) == "object" and (.fail_on | in_enum($thresholds))
              and (.counts as $c0 | all($severities[]; . as $k | $c0[$k] | is_int)) then
            .counts as $c | $rank[.fail_on] as $t | ([$t, 3] | min) as $listed
            | ([$severities[] | select($rank[.] >= $t) | $c[.] // 0] | add) as $at_or_above
            | ([$severities[] | select($rank[.] >= 3) | $c[.] // 0] | add) as $medium_plus
            | ([$severities[] | select($rank[.] >= $listed) | $c[.] // 0] | add) as $listable
            | (if (.threshold_exceeded | type) == "boolean" and .threshold_exceeded != ($at_or_above > 0)
               then "threshold_exceeded: must be \($at_or_above > 0) with \($at_or_above) vulnerabilities at or above \(.fail_on | tojson)" else empty end),
              ((if $at_or_above > 0 then "critical" elif $medium_plus > 0 then "warning" else "ok" end) as $expected
                | if .status != $expected
                  then "status: is \(.status | tojson) but the counts require \($expected | tojson) (critical when the fail_on threshold is exceeded, warning for other medium or higher findings)"
                  else empty end),
              (range(0; $f | length) as $i | $f[$i] | select(.severity | in_enum($severities))
                | if $rank[.severity] < $listed then "findings[\($i)].severity: \(.severity | tojson) is below the listed minimum \($severities[5 - $listed] | tojson)" else empty end),
              (if .findings_truncated == false and ($f | length) != $listable
               then "findings: lists \($f | length) entries but counts show \($listable) at or above \($severities[5 - $listed] | tojson); set findings_truncated if the list was cut" else empty end),
              (if ($f | length) > $listable then "findings: lists more entries (\($f | length)) than counts allow (\($listable))" else empty end),
              ($severities[] as $s | ([$f[] | select(.severity == $s)] | length) as $n
                | if $n > ($c[$s] // 0) then "counts.\($s): \($c[$s]) is less than the \($n) \($s) findings listed" else empty end)
          else empty end)
        else empty end)
  end
JQ

if ! problems="$(printf '%s' "$report" | jq -r "$checks" 2>&1)"; then
  printf '%s: invalid: report structure could not be checked: %s\n' "$prog" "$problems" >&2
  exit 1
fi
if [[ -n "$problems" ]]; then
  printf '%s: invalid %s:\n' "$prog" "$report_name" >&2
  printf '%s\n' "$problems" | sed 's/^/  - /' >&2
  exit 1
fi

summary="$(printf '%s' "$report" | jq -r '"status=\(.status), findings=\(.findings | length)"')"
printf '%s: valid %s (%s)\n' "$prog" "$report_name" "$summary"
