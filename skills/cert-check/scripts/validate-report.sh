#!/usr/bin/env bash
# Validate a cert-check report (cert-report) with jq.
#
# Usage: validate-report.sh [REPORT.json | -]
#   Reads standard input when the path is omitted or is "-".
# Exit status: 0 valid, 1 invalid (reasons on stderr), 2 usage or environment error.
#
# The matching JSON Schema is ../../schemas/cert-report.schema.json; this script
# needs only bash and jq, and also checks cross-field rules a schema cannot express.
set -euo pipefail

prog="${0##*/}"
report_name="cert-report"

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
| ["endpoints", "kubernetes_secrets"] as $check_names
| ["completed", "error", "skipped"] as $check_results
| ["endpoint", "kubernetes_secret"] as $sources
| ["ok", "warning", "critical", "error"] as $severities
| if type != "object" then "report: expected a JSON object, got \(type)"
  else
    keys_exact("report"; ["status", "checked_at", "summary", "thresholds", "checks", "findings"]),
    field(""; "status"; in_enum($statuses); "must be one of \(show($statuses))"),
    field(""; "checked_at"; is_datetime; "must be an RFC 3339 date-time string such as 2025-01-31T06:00:00Z"),
    field(""; "summary"; is_text; "must be a non-empty string"),
    (if has("thresholds") then .thresholds
      | keys_exact("thresholds"; ["critical_days", "warning_days"]),
        (if type == "object" then
          field("thresholds."; "critical_days"; is_int and . > 0; "must be a positive integer"),
          field("thresholds."; "warning_days"; is_int and . > 0; "must be a positive integer"),
          (if (.critical_days | is_int) and (.warning_days | is_int) and .critical_days > .warning_days
           then "thresholds: critical_days must not be greater than warning_days" else empty end)
        else empty end)
    else empty end),
    (if has("checks") then
      (.checks | if type != "array" then "checks: expected an array, got \(type)"
        else
          (range(0; length) as $i | .[$i] | "checks[\($i)]" as $p
            | keys_exact($p; ["name", "result", "items_checked", "error"]),
              (if type == "object" then
                field("\($p)."; "name"; in_enum($check_names); "must be one of \(show($check_names))"),
                field("\($p)."; "result"; in_enum($check_results); "must be one of \(show($check_results))"),
                field("\($p)."; "items_checked"; is_int and . >= 0; "must be a non-negative integer"),
                field("\($p)."; "error"; . == null or is_text; "must be a non-empty string or null"),
                (if .result == "error" and .error == null then "\($p).error: must explain the failure when result is \"error\"" else empty end),
                (if .result != "error" and .error != null then "\($p).error: must be null unless result is \"error\"" else empty end),
                (if .result == "skipped" and .items_checked != 0 then "\($p).items_checked: must be 0 when result is \"skipped\"" else empty end)
              else empty end)),
          (. as $c | $check_names[] | . as $n | [$c[] | objects | select(.name == $n)] | length
            | if . != 1 then "checks: expected exactly one entry named \($n | tojson), found \(.)" else empty end)
        end)
    else empty end),
    (if has("findings") then
      (.findings | if type != "array" then "findings: expected an array, got \(type)"
        else range(0; length) as $i | .[$i] | "findings[\($i)]" as $p
          | keys_exact($p; ["source", "target", "server_name", "subject", "issuer", "not_after", "days_remaining", "severity", "error"]),
            (if type == "object" then
              field("\($p)."; "source"; in_enum($sources); "must be one of \(show($sources))"),
              field("\($p)."; "target"; is_text; "must be a non-empty string"),
              field("\($p)."; "server_name"; . == null or is_text; "must be a non-empty string or null"),
              field("\($p)."; "subject"; . == null or type == "string"; "must be a string or null"),
              field("\($p)."; "issuer"; . == null or type == "string"; "must be a string or null"),
              field("\($p)."; "not_after"; . == null or is_datetime; "must be an RFC 3339 date-time string or null"),
              field("\($p)."; "days_remaining"; . == null or is_int; "must be an integer or null"),
              field("\($p)."; "severity"; in_enum($severities); "must be one of \(show($severities))"),
              field("\($p)."; "error"; . == null or is_text; "must be a non-empty string or null"),
              (if .source == "endpoint" and .server_name == null then "\($p).server_name: endpoint findings must record the SNI name sent" else empty end),
              (if .severity == "error" then
                 (if .error == null then "\($p).error: must explain why the certificate could not be read" else empty end),
                 (if .days_remaining != null then "\($p).days_remaining: must be null when severity is \"error\"" else empty end)
               else
                 (if .error != null then "\($p).error: must be null unless severity is \"error\"" else empty end),
                 (if .not_after == null or .days_remaining == null then "\($p): not_after and days_remaining are required unless severity is \"error\"" else empty end)
               end)
            else empty end)
        end)
    else empty end),
    # Cross-field rules: severities follow the thresholds; the status follows the findings.
    ((.findings | if type == "array" then [.[] | objects] else [] end) as $f
      | (.checks | if type == "array" then [.[] | objects] else [] end) as $c
      | (.thresholds | if type == "object" then . else {} end) as $t
      | (if ($t.critical_days | is_int) and ($t.warning_days | is_int) then
          (range(0; $f | length) as $i | $f[$i]
            | select((.days_remaining | is_int) and (.severity | in_enum(["ok", "warning", "critical"])))
            | (if .days_remaining < $t.critical_days then "critical"
               elif .days_remaining < $t.warning_days then "warning" else "ok" end) as $want
            | if .severity != $want then "findings[\($i)].severity: \(.days_remaining) days remaining must be \($want | tojson) with thresholds \($t.critical_days)/\($t.warning_days)" else empty end)
        else empty end),
        # days_remaining must match not_after measured from checked_at (one day of slack,
        # because certificates are read a little after checked_at is recorded).
        (.checked_at | if is_datetime and test("^[0-9-]{10}T[0-9:]{8}Z$") then fromdateiso8601 else null end) as $now
        | (if $now != null then
            (range(0; $f | length) as $i | $f[$i]
              | select((.days_remaining | is_int) and (.not_after | is_datetime and test("^[0-9-]{10}T[0-9:]{8}Z$")))
              | (((.not_after | fromdateiso8601) - $now) / 86400 | floor) as $want
              | if (.days_remaining - $want) > 1 or ($want - .days_remaining) > 1
                then "findings[\($i)].days_remaining: \(.days_remaining) does not match not_after \(.not_after) seen from checked_at (expected about \($want))"
                else empty end)
          else empty end),
        ($c[] | select(.name | in_enum($check_names)) | . as $chk
          | ({"endpoints": "endpoint", "kubernetes_secrets": "kubernetes_secret"}[$chk.name]) as $src
          | ([$f[] | select(.source == $src)] | length) as $n
          | if ($chk.items_checked | is_int) and $chk.items_checked != $n
            then "checks: \($chk.name) reports items_checked \($chk.items_checked) but \($n) findings have source \($src | tojson)" else empty end),
        ((if any($f[]; .severity == "critical") then "critical"
          elif any($c[]; .result == "error") or any($f[]; .severity == "error") or ($f | length) == 0 then "error"
          elif any($f[]; .severity == "warning") then "warning"
          else "ok" end) as $expected
          | if (.status | in_enum($statuses)) and .status != $expected
            then "status: is \(.status | tojson) but the findings and checks require \($expected | tojson) (precedence critical > error > warning > ok; no certificate checked is an error)"
            else empty end))
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
