#!/usr/bin/env bash
# Validate a starter-check report with jq.
#
# Usage: validate-report.sh [REPORT.json | -]
#   Reads standard input when the path is omitted or is "-".
# Exit status: 0 valid, 1 invalid (reasons on stderr), 2 usage or environment error.
#
# The matching JSON Schema is ../../schemas/starter-check.schema.json; this script needs only
# bash and jq, and also checks the rules a schema cannot express.
set -euo pipefail

prog="${0##*/}"
report_name="starter-check"

usage() {
  cat <<USAGE
usage: $prog [REPORT.json | -]
Validate a $report_name report. Reads standard input when no path (or "-") is given.
Exit status: 0 valid, 1 invalid, 2 usage or environment error.
USAGE
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
  printf '%s: jq is required but was not found on PATH\n' "$prog" >&2
  exit 2
fi

src="${1:--}"
if [[ "$src" == "-" ]]; then
  [[ ! -t 0 ]] || usage_error "no report path given and standard input is a terminal"
  report="$(cat)"
else
  [[ -f "$src" ]] || usage_error "no such file: $src"
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

# Each check prints one "path: problem" line; no output means the report is valid.
read -r -d '' checks <<'JQ' || true
def in_enum($xs): . as $v | any($xs[]; . == $v);
def keys_exact($p; $required):
  if type != "object" then "\($p): expected an object, got \(type)"
  else
    (. as $o | $required[] | . as $k | select($o | has($k) | not) | "\($p): missing required field \"\($k)\""),
    (keys_unsorted[] | select(in_enum($required) | not) | "\($p): unexpected field \"\(.)\"")
  end;
if type != "object" then "report: expected a JSON object, got \(type)"
else
  keys_exact("report"; ["status", "checked_at", "summary", "findings"]),
  (if (.status | in_enum(["ok", "critical", "error"])) then empty else "status: must be ok, critical or error" end),
  (if (.checked_at | type == "string" and test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")) then empty else "checked_at: must be an RFC 3339 UTC time such as 2026-01-31T06:00:00Z" end),
  (if (.summary | type == "string" and length > 0) then empty else "summary: must be a non-empty string" end),
  (if (.findings | type) != "array" then "findings: expected an array"
   else
     (.findings | range(0; length) as $i | .[$i] | "findings[\($i)]" as $p
       | keys_exact($p; ["url", "http_code", "seconds", "severity", "error"]),
         (if type == "object" then
           (if (.severity | in_enum(["ok", "critical", "error"])) then empty else "\($p).severity: must be ok, critical or error" end),
           (if .severity == "error" and .error == null then "\($p).error: must explain the failure when severity is \"error\"" else empty end),
           (if .severity != "error" and .http_code == null then "\($p).http_code: required unless severity is \"error\"" else empty end),
           (if .severity == "ok" and (.http_code | type == "number" and . >= 200 and . < 300 | not) then "\($p).severity: ok needs a 2xx http_code" else empty end)
         else empty end)),
     ((if (.findings | length) == 0 then "error"
       elif any(.findings[]; .severity == "error") then "error"
       elif any(.findings[]; .severity == "critical") then "critical"
       else "ok" end) as $want
       | if (.status | in_enum(["ok", "critical", "error"])) and .status != $want
         then "status: is \(.status | tojson) but the findings require \($want | tojson)" else empty end)
   end)
end
JQ

if ! problems="$(printf '%s' "$report" | jq -r "$checks" 2>&1)"; then
  printf '%s: invalid: report structure could not be checked: %s\n' "$prog" "$problems" >&2
  exit 1
fi
if [[ -n "$problems" ]]; then
  printf '%s: invalid %s report:\n' "$prog" "$report_name" >&2
  printf '%s\n' "$problems" | sed 's/^/  - /' >&2
  exit 1
fi

printf '%s: valid %s report (%s)\n' "$prog" "$report_name" \
  "$(printf '%s' "$report" | jq -r '"status=\(.status), findings=\(.findings | length)"')"
