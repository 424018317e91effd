#!/usr/bin/env bash
# Validate a cost-anomaly report (cost-anomaly) with jq.
#
# Usage: validate-report.sh [REPORT.json | -]
#   Reads standard input when the path is omitted or is "-".
# Exit status: 0 valid, 1 invalid (reasons on stderr), 2 usage or environment error.
#
# The matching JSON Schema is ../../schemas/cost-anomaly.schema.json; this script
# needs only bash and jq, and also checks cross-field rules a schema cannot express.
set -euo pipefail

prog="${0##*/}"
report_name="cost-anomaly"

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

def is_date: type == "string" and test("^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$");
def day_epoch: (. + "T00:00:00Z") | fromdateiso8601;
def near($a; $b): ($a - $b) as $d | ($d <= 0.011 and $d >= -0.011);

["ok", "warning", "critical", "error"] as $statuses
| ["UnblendedCost", "AmortizedCost", "NetUnblendedCost", "NetAmortizedCost", "BlendedCost"] as $metrics
| ["warning", "critical"] as $severities
| if type != "object" then "report: expected a JSON object, got \(type)"
  else
    keys_exact("report"; ["status", "checked_at", "summary", "metric", "currency", "period", "thresholds", "latest_day_estimated", "latest_day_total", "findings"]),
    field(""; "status"; in_enum($statuses); "must be one of \(show($statuses))"),
    field(""; "checked_at"; is_datetime; "must be an RFC 3339 date-time string such as 2025-01-31T06:00:00Z"),
    field(""; "summary"; is_text; "must be a non-empty string"),
    field(""; "metric"; in_enum($metrics); "must be one of \(show($metrics))"),
    field(""; "currency"; . == null or (is_text and test("^[A-Z]{3}$")); "must be a three-letter currency code or null"),
    field(""; "latest_day_estimated"; . == null or type == "boolean"; "must be a boolean or null"),
    field(""; "latest_day_total"; . == null or type == "number"; "must be a number or null"),
    (if has("period") then .period
      | keys_exact("period"; ["baseline_start", "baseline_end", "latest_day"]),
        (if type == "object" then
          field("period."; "baseline_start"; is_date; "must be a date (YYYY-MM-DD)"),
          field("period."; "baseline_end"; is_date; "must be a date (YYYY-MM-DD)"),
          field("period."; "latest_day"; is_date; "must be a date (YYYY-MM-DD)"),
          (if (.baseline_end | is_date) and (.latest_day | is_date)
              and ((.latest_day | day_epoch) - (.baseline_end | day_epoch)) != 86400
           then "period: latest_day must be the day after baseline_end" else empty end),
          (if (.baseline_start | is_date) and (.baseline_end | is_date) and (.baseline_start > .baseline_end)
           then "period: baseline_start must not be after baseline_end" else empty end)
        else empty end)
    else empty end),
    (if has("thresholds") then .thresholds
      | keys_exact("thresholds"; ["ratio", "critical_ratio", "min_daily_spend", "baseline_days"]),
        (if type == "object" then
          field("thresholds."; "ratio"; type == "number" and . > 1; "must be a number greater than 1"),
          field("thresholds."; "critical_ratio"; type == "number" and . > 1; "must be a number greater than 1"),
          field("thresholds."; "min_daily_spend"; type == "number" and . >= 0; "must be a non-negative number"),
          field("thresholds."; "baseline_days"; is_int and . >= 1; "must be a positive integer"),
          (if (.ratio | type) == "number" and (.critical_ratio | type) == "number" and .critical_ratio < .ratio
           then "thresholds: critical_ratio must not be lower than ratio" else empty end)
        else empty end)
    else empty end),
    (if has("findings") then
      (.findings | if type != "array" then "findings: expected an array, got \(type)"
        else range(0; length) as $i | .[$i] | "findings[\($i)]" as $p
          | keys_exact($p; ["service", "latest_day_cost", "baseline_avg_cost", "ratio", "increase", "severity"]),
            (if type == "object" then
              field("\($p)."; "service"; is_text; "must be a non-empty string"),
              field("\($p)."; "latest_day_cost"; type == "number"; "must be a number"),
              field("\($p)."; "baseline_avg_cost"; type == "number"; "must be a number"),
              field("\($p)."; "ratio"; . == null or (type == "number" and . >= 0); "must be a non-negative number or null"),
              field("\($p)."; "increase"; type == "number"; "must be a number"),
              field("\($p)."; "severity"; in_enum($severities); "must be one of \(show($severities))")
            else empty end)
        end)
    else empty end),
    # Cross-field rules: the baseline length, each flagged service and the status must agree.
    ((.findings | if type == "array" then [.[] | objects] else [] end) as $f
      | (.thresholds | if type == "object" then . else {} end) as $t
      | (if (.period | type) == "object" and (.period.baseline_start | is_date) and (.period.baseline_end | is_date)
            and ($t.baseline_days | is_int)
            and ((((.period.baseline_end | day_epoch) - (.period.baseline_start | day_epoch)) / 86400 + 1) != $t.baseline_days)
         then "period: baseline_start..baseline_end must span thresholds.baseline_days (\($t.baseline_days)) days" else empty end),
        (if (($t.ratio | type) == "number") and (($t.critical_ratio | type) == "number") and (($t.min_daily_spend | type) == "number") then
          range(0; $f | length) as $i | $f[$i] | "findings[\($i)]" as $p
          | select((.latest_day_cost | type) == "number" and (.baseline_avg_cost | type) == "number")
          | (if .latest_day_cost < $t.min_daily_spend then "\($p).latest_day_cost: \(.latest_day_cost) is below min_daily_spend \($t.min_daily_spend), so it is not an anomaly" else empty end),
            (if near(.increase // 0; .latest_day_cost - .baseline_avg_cost) | not then "\($p).increase: must equal latest_day_cost - baseline_avg_cost" else empty end),
            (if .baseline_avg_cost > 0 then
               (.latest_day_cost / .baseline_avg_cost) as $r
               | (if .ratio == null or ((.ratio - $r) | fabs) > 0.011 + 0.005 * $r then "\($p).ratio: must be latest_day_cost / baseline_avg_cost (about \($r * 100 | round / 100))" else empty end),
                 (if $r <= $t.ratio then "\($p): ratio \($r * 100 | round / 100) does not exceed the threshold \($t.ratio), so it is not an anomaly" else empty end),
                 (if (.severity | in_enum($severities)) and .severity != (if $r > $t.critical_ratio then "critical" else "warning" end)
                  then "\($p).severity: must be \(if $r > $t.critical_ratio then "critical" else "warning" end | tojson) for ratio \($r * 100 | round / 100) (critical above \($t.critical_ratio))" else empty end)
             else
               (if .ratio != null then "\($p).ratio: must be null when there was no baseline spend" else empty end),
               (if .severity != "warning" then "\($p).severity: new spend without a baseline is a \"warning\"" else empty end)
             end)
         else empty end),
        (if .status == "error" then
           (if ($f | length) > 0 then "findings: must be empty when status is \"error\"" else empty end),
           (if .latest_day_total != null then "latest_day_total: must be null when status is \"error\"" else empty end)
         elif (.status | in_enum($statuses)) then
           (if .latest_day_total == null then "latest_day_total: is required unless status is \"error\"" else empty end),
           (if .latest_day_estimated == null then "latest_day_estimated: is required unless status is \"error\"" else empty end),
           ((if any($f[]; .severity == "critical") then "critical" elif ($f | length) > 0 then "warning" else "ok" end) as $expected
             | if .status != $expected then "status: is \(.status | tojson) but the findings require \($expected | tojson)" else empty end)
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
