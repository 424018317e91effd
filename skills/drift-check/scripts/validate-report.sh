#!/usr/bin/env bash
# Validate a drift-check report (drift-report) with jq.
#
# Usage: validate-report.sh [REPORT.json | -]
#   Reads standard input when the path is omitted or is "-".
# Exit status: 0 valid, 1 invalid (reasons on stderr), 2 usage or environment error.
#
# The matching JSON Schema is ../../schemas/drift-report.schema.json; this script
# needs only bash and jq, and also checks cross-field rules a schema cannot express.
set -euo pipefail

prog="${0##*/}"
report_name="drift-report"

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
| ["no_drift", "drift", "error", "skipped"] as $results
| ["terraform", "kubernetes"] as $sources
| ["create", "update", "delete", "replace", "move", "changed_outside", "deleted_outside", "other"] as $changes
| ["warning", "critical"] as $severities
| if type != "object" then "report: expected a JSON object, got \(type)"
  else
    keys_exact("report"; ["status", "checked_at", "summary", "terraform", "kubernetes", "findings"]),
    field(""; "status"; in_enum($statuses); "must be one of \(show($statuses))"),
    field(""; "checked_at"; is_datetime; "must be an RFC 3339 date-time string such as 2025-01-31T06:00:00Z"),
    field(""; "summary"; is_text; "must be a non-empty string"),
    (if has("terraform") then .terraform
      | keys_exact("terraform"; ["workdir", "result", "exit_code", "to_add", "to_change", "to_destroy", "error"]),
        (if type == "object" then
          field("terraform."; "workdir"; . == null or is_text; "must be a non-empty string or null"),
          field("terraform."; "result"; in_enum($results); "must be one of \(show($results))"),
          field("terraform."; "exit_code"; . == null or is_int; "must be an integer or null"),
          (("to_add", "to_change", "to_destroy") as $k | field("terraform."; $k; . == null or (is_int and . >= 0); "must be a non-negative integer or null")),
          field("terraform."; "error"; . == null or is_text; "must be a non-empty string or null"),
          (if .result == "no_drift" and .exit_code != 0 then "terraform.exit_code: must be 0 when result is \"no_drift\"" else empty end),
          (if .result == "drift" and .exit_code != 2 then "terraform.exit_code: must be 2 when result is \"drift\"" else empty end),
          (if .result == "skipped" and .exit_code != null then "terraform.exit_code: must be null when result is \"skipped\"" else empty end),
          (if .result == "error" and (.exit_code == 0 or .exit_code == 2) then "terraform.exit_code: 0 and 2 are successful plans, not errors" else empty end),
          (if .result == "error" and .error == null then "terraform.error: must explain the failure when result is \"error\"" else empty end)
        else empty end)
    else empty end),
    (if has("kubernetes") then .kubernetes
      | keys_exact("kubernetes"; ["manifests_dir", "context", "result", "exit_code", "objects_changed", "error"]),
        (if type == "object" then
          field("kubernetes."; "manifests_dir"; . == null or is_text; "must be a non-empty string or null"),
          field("kubernetes."; "context"; . == null or is_text; "must be a non-empty string or null"),
          field("kubernetes."; "result"; in_enum($results); "must be one of \(show($results))"),
          field("kubernetes."; "exit_code"; . == null or is_int; "must be an integer or null"),
          field("kubernetes."; "objects_changed"; . == null or (is_int and . >= 0); "must be a non-negative integer or null"),
          field("kubernetes."; "error"; . == null or is_text; "must be a non-empty string or null"),
          (if .result == "no_drift" and .exit_code != 0 then "kubernetes.exit_code: must be 0 when result is \"no_drift\"" else empty end),
          (if .result == "drift" and .exit_code != 1 then "kubernetes.exit_code: must be 1 when result is \"drift\"" else empty end),
          (if .result == "skipped" and .exit_code != null then "kubernetes.exit_code: must be null when result is \"skipped\"" else empty end),
          (if .result == "error" and (.exit_code == 0 or .exit_code == 1) then "kubernetes.exit_code: 0 and 1 are successful diffs, not errors" else empty end),
          (if .result == "error" and .error == null then "kubernetes.error: must explain the failure when result is \"error\"" else empty end)
        else empty end)
    else empty end),
    (if has("findings") then
      (.findings | if type != "array" then "findings: expected an array, got \(type)"
        else range(0; length) as $i | .[$i] | "findings[\($i)]" as $p
          | keys_exact($p; ["source", "address", "change", "severity", "detail"]),
            (if type == "object" then
              field("\($p)."; "source"; in_enum($sources); "must be one of \(show($sources))"),
              field("\($p)."; "address"; is_text; "must be a non-empty string"),
              field("\($p)."; "change"; in_enum($changes); "must be one of \(show($changes))"),
              field("\($p)."; "severity"; in_enum($severities); "must be one of \(show($severities))"),
              field("\($p)."; "detail"; . == null or type == "string"; "must be a string or null")
            else empty end)
        end),
      # Cross-field rules: findings, per-tool results and the overall status must agree.
      ((.findings | if type == "array" then [.[] | objects] else [] end) as $f
        | [(.terraform, .kubernetes) | if type == "object" then .result else null end] as $res
        | (if any($f[]; .severity == "critical") then "critical"
           elif any($res[]; . == "error") or all($res[]; . == "skipped") then "error"
           elif ($f | length) > 0 or any($res[]; . == "drift") then "warning"
           else "ok" end) as $expected
        | (if (.status | in_enum($statuses)) and .status != $expected
           then "status: is \(.status | tojson) but the findings and check results require \($expected | tojson) (precedence critical > error > warning > ok)"
           else empty end),
          (range(0; $sources | length) as $n | $sources[$n] as $s | $res[$n] as $r
            | (if any($f[]; .source == $s) and $r != "drift"
               then "\($s).result: must be \"drift\" when there are \($s) findings" else empty end),
              (if $r == "drift" and (any($f[]; .source == $s) | not)
               then "findings: \($s).result is \"drift\" but no \($s) finding is listed" else empty end)))
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
