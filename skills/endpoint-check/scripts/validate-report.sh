#!/usr/bin/env bash
# Validate a endpoint-check report (endpoint-check) with jq.
#
# Usage: validate-report.sh [REPORT.json | -]
#   Reads standard input when the path is omitted or is "-".
# Exit status: 0 valid, 1 invalid (reasons on stderr), 2 usage or environment error.
#
# The matching JSON Schema is ../../schemas/endpoint-check.schema.json; this script
# needs only bash and jq, and also checks cross-field rules a schema cannot express.
set -euo pipefail

prog="${0##*/}"
report_name="endpoint-check"

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
| ["ok", "warning", "critical"] as $severities
| if type != "object" then "report: expected a JSON object, got \(type)"
  else
    keys_exact("report"; ["status", "checked_at", "summary", "config_file", "thresholds", "findings"]),
    field(""; "status"; in_enum($statuses); "must be one of \(show($statuses))"),
    field(""; "checked_at"; is_datetime; "must be an RFC 3339 date-time string such as 2025-01-31T06:00:00Z"),
    field(""; "summary"; is_text; "must be a non-empty string"),
    field(""; "config_file"; is_text; "must be a non-empty string (the host list that was read)"),
    (if has("thresholds") then .thresholds
      | keys_exact("thresholds"; ["latency_warning_ms", "timeout_seconds"]),
        (if type == "object" then
          field("thresholds."; "latency_warning_ms"; is_int and . > 0; "must be a positive integer"),
          field("thresholds."; "timeout_seconds"; is_int and . > 0; "must be a positive integer")
        else empty end)
    else empty end),
    (if has("findings") then
      (.findings | if type != "array" then "findings: expected an array, got \(type)"
        else range(0; length) as $i | .[$i] | "findings[\($i)]" as $p
          | keys_exact($p; ["host", "url", "dns_ok", "addresses", "http_status", "latency_ms", "severity", "error"]),
            (if type == "object" then
              field("\($p)."; "host"; is_text and test("^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$"); "must be a host name"),
              field("\($p)."; "url"; is_text and test("^https?://"); "must be an http or https URL"),
              field("\($p)."; "dns_ok"; type == "boolean"; "must be a boolean"),
              field("\($p)."; "addresses"; type == "array" and all(.[]; is_text); "must be an array of address strings"),
              field("\($p)."; "http_status"; . == null or (is_int and . >= 100 and . <= 599); "must be an HTTP status code (100-599) or null"),
              field("\($p)."; "latency_ms"; . == null or (is_int and . >= 0); "must be a non-negative integer or null"),
              field("\($p)."; "severity"; in_enum($severities); "must be one of \(show($severities))"),
              field("\($p)."; "error"; . == null or is_text; "must be a non-empty string or null"),
              (if .dns_ok == false then
                 (if (.addresses | type) == "array" and (.addresses | length) > 0 then "\($p).addresses: must be empty when dns_ok is false" else empty end),
                 (if .http_status != null then "\($p).http_status: must be null when DNS resolution failed" else empty end)
               elif .dns_ok == true and (.addresses | type) == "array" and (.addresses | length) == 0 then "\($p).addresses: must list the resolved addresses when dns_ok is true"
               else empty end),
              (if .http_status == null then
                 (if .error == null then "\($p).error: must explain why no HTTP response was received" else empty end),
                 (if .latency_ms != null then "\($p).latency_ms: must be null when no HTTP response was received" else empty end)
               else
                 (if .latency_ms == null then "\($p).latency_ms: is required when an HTTP response was received" else empty end)
               end)
            else empty end)
        end)
    else empty end),
    # Cross-field rules: severities follow the thresholds; the status follows the findings.
    ((.findings | if type == "array" then [.[] | objects] else [] end) as $f
      | (.thresholds | if type == "object" then .latency_warning_ms else null end) as $warn
      | (if ($warn | is_int) then
          range(0; $f | length) as $i | $f[$i]
          | select((.severity | in_enum($severities)) and (.dns_ok | type) == "boolean")
          | (if (.dns_ok | not) or .http_status == null or .http_status >= 500 then "critical"
             elif .http_status >= 400 or (.latency_ms != null and .latency_ms > $warn) then "warning"
             else "ok" end) as $want
          | if .severity != $want
            then "findings[\($i)].severity: must be \($want | tojson) (DNS failure, no response or 5xx is critical; 4xx or latency over \($warn) ms is a warning)"
            else empty end
        else empty end),
        ((if ($f | length) == 0 then "error"
          elif any($f[]; .severity == "critical") then "critical"
          elif any($f[]; .severity == "warning") then "warning"
          else "ok" end) as $expected
          | if (.status | in_enum($statuses)) and .status != $expected
            then "status: is \(.status | tojson) but the findings require \($expected | tojson) (no host probed is an error)"
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
