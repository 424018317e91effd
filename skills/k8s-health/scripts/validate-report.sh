#!/usr/bin/env bash
# Validate a k8s-health report (k8s-health) with jq.
#
# Usage: validate-report.sh [REPORT.json | -]
#   Reads standard input when the path is omitted or is "-".
# Exit status: 0 valid, 1 invalid (reasons on stderr), 2 usage or environment error.
#
# The matching JSON Schema is ../../schemas/k8s-health.schema.json; this script
# needs only bash and jq, and also checks cross-field rules a schema cannot express.
set -euo pipefail

prog="${0##*/}"
report_name="k8s-health"

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
| ["pods", "pvcs", "nodes", "issuers"] as $check_names
| ["completed", "error", "skipped"] as $check_results
| {"crash_loop": {kind: ["Pod"], severity: "critical", check: "pods"},
   "image_pull": {kind: ["Pod"], severity: "warning", check: "pods"},
   "high_restarts": {kind: ["Pod"], severity: "warning", check: "pods"},
   "pvc_pending": {kind: ["PersistentVolumeClaim"], severity: "warning", check: "pvcs"},
   "node_not_ready": {kind: ["Node"], severity: "critical", check: "nodes"},
   "issuer_not_ready": {kind: ["Issuer", "ClusterIssuer"], severity: "warning", check: "issuers"}} as $rules
| ($rules | keys) as $categories
| ["Pod", "PersistentVolumeClaim", "Node", "Issuer", "ClusterIssuer"] as $kinds
| ["warning", "critical"] as $severities
| if type != "object" then "report: expected a JSON object, got \(type)"
  else
    keys_exact("report"; ["status", "checked_at", "summary", "context", "restart_threshold", "checks", "findings"]),
    field(""; "status"; in_enum($statuses); "must be one of \(show($statuses))"),
    field(""; "checked_at"; is_datetime; "must be an RFC 3339 date-time string such as 2025-01-31T06:00:00Z"),
    field(""; "summary"; is_text; "must be a non-empty string"),
    field(""; "context"; . == null or is_text; "must be a non-empty string or null"),
    field(""; "restart_threshold"; is_int and . > 0; "must be a positive integer"),
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
                (if .result != "completed" and .items_checked != 0 then "\($p).items_checked: must be 0 unless result is \"completed\"" else empty end)
              else empty end)),
          (. as $c | $check_names[] | . as $n | [$c[] | objects | select(.name == $n)] | length
            | if . != 1 then "checks: expected exactly one entry named \($n | tojson), found \(.)" else empty end)
        end)
    else empty end),
    (if has("findings") then
      (.findings | if type != "array" then "findings: expected an array, got \(type)"
        else range(0; length) as $i | .[$i] | "findings[\($i)]" as $p
          | keys_exact($p; ["category", "severity", "kind", "namespace", "name", "container", "reason", "message", "restart_count"]),
            (if type == "object" then
              field("\($p)."; "category"; in_enum($categories); "must be one of \(show($categories))"),
              field("\($p)."; "severity"; in_enum($severities); "must be one of \(show($severities))"),
              field("\($p)."; "kind"; in_enum($kinds); "must be one of \(show($kinds))"),
              field("\($p)."; "namespace"; . == null or is_text; "must be a non-empty string or null"),
              field("\($p)."; "name"; is_text; "must be a non-empty string"),
              field("\($p)."; "container"; . == null or is_text; "must be a non-empty string or null"),
              field("\($p)."; "reason"; is_text; "must be a non-empty string"),
              field("\($p)."; "message"; . == null or type == "string"; "must be a string or null"),
              field("\($p)."; "restart_count"; . == null or (is_int and . >= 0); "must be a non-negative integer or null"),
              (if (.category | in_enum($categories)) then $rules[.category] as $r
                | (if (.kind | in_enum($kinds)) and (.kind | in_enum($r.kind) | not) then "\($p).kind: \(.category) findings must have kind \(show($r.kind))" else empty end),
                  (if (.severity | in_enum($severities)) and .severity != $r.severity then "\($p).severity: \(.category) findings are always \($r.severity | tojson)" else empty end)
               else empty end),
              (if .kind == "Node" or .kind == "ClusterIssuer" then
                 (if .namespace != null then "\($p).namespace: must be null for cluster-scoped kind \(.kind)" else empty end)
               elif (.kind | in_enum($kinds)) and .namespace == null then "\($p).namespace: is required for namespaced kind \(.kind)"
               else empty end),
              (if .kind == "Pod" then
                 (if .container == null then "\($p).container: is required for Pod findings" else empty end),
                 (if .restart_count == null then "\($p).restart_count: is required for Pod findings" else empty end)
               elif (.kind | in_enum($kinds)) then
                 (if .container != null or .restart_count != null then "\($p): container and restart_count must be null for kind \(.kind)" else empty end)
               else empty end)
            else empty end)
        end)
    else empty end),
    # Cross-field rules: findings belong to completed checks; status follows precedence.
    ((.findings | if type == "array" then [.[] | objects] else [] end) as $f
      | (.checks | if type == "array" then [.[] | objects] else [] end) as $c
      | (range(0; $f | length) as $i | $f[$i] | select(.category | in_enum($categories))
          | $rules[.category].check as $chk
          | if any($c[]; .name == $chk and .result != "completed")
            then "findings[\($i)]: comes from the \($chk) check, which did not complete" else empty end),
        (if (.restart_threshold | is_int) then .restart_threshold as $t
          | range(0; $f | length) as $i | $f[$i]
          | select(.category == "high_restarts" and (.restart_count | is_int) and .restart_count < $t)
          | "findings[\($i)].restart_count: \(.restart_count) is below restart_threshold \($t)"
         else empty end),
        ((if any($f[]; .severity == "critical") then "critical"
          elif any($c[]; .result == "error") or ([$c[] | select(.result == "completed")] | length) == 0 then "error"
          elif ($f | length) > 0 then "warning"
          else "ok" end) as $expected
          | if (.status | in_enum($statuses)) and .status != $expected
            then "status: is \(.status | tojson) but the findings and checks require \($expected | tojson) (precedence critical > error > warning > ok)"
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
