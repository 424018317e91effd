#!/usr/bin/env bash
# Flag AWS services whose latest daily cost exceeds a multiple of their trailing average.
#
# Usage: scripts/fetch-daily-costs.sh | detect-anomalies.sh [PAGE.json ... | -]
#   The input is the raw `aws ce get-cost-and-usage --granularity DAILY --group-by
#   Type=DIMENSION,Key=SERVICE` responses (all pages of one request), read from standard
#   input (one JSON document after another, as scripts/fetch-daily-costs.sh prints them)
#   or from files. The last day in the data is the latest day; every earlier day is the
#   baseline.
# Environment:
#   COST_METRIC           metric requested (default UnblendedCost)
#   COST_RATIO            flag when latest > ratio x baseline average (default 1.5)
#   COST_CRITICAL_RATIO   critical when latest > this x baseline average (default 3.0)
#   COST_MIN_DAILY_SPEND  ignore services whose latest day costs less (default 10)
# Output (stdout): the data fields of a cost-anomaly report:
#   {"status", "metric", "currency", "period": {baseline_start, baseline_end, latest_day},
#    "thresholds": {ratio, critical_ratio, min_daily_spend, baseline_days},
#    "latest_day_estimated", "latest_day_total", "findings": [...]}
# Exit status: 0 on success, 1 if the input is not Cost Explorer output, 2 on usage error.
set -euo pipefail

prog="${0##*/}"

if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  printf 'usage: %s [PAGE.json ... | -]   (reads standard input by default)\n' "$prog" >&2
  exit 2
fi
if ! command -v jq >/dev/null 2>&1; then
  printf '%s: jq is required but was not found on PATH\n' "$prog" >&2
  exit 2
fi
[[ $# -gt 0 ]] || set -- -
for f in "$@"; do
  if [[ "$f" != "-" && ! -r "$f" ]]; then
    printf '%s: cannot read %s\n' "$prog" "$f" >&2
    exit 2
  fi
done

metric="${COST_METRIC:-UnblendedCost}"
ratio="${COST_RATIO:-1.5}"
critical_ratio="${COST_CRITICAL_RATIO:-3.0}"
min_spend="${COST_MIN_DAILY_SPEND:-10}"
for n in "$ratio" "$critical_ratio" "$min_spend"; do
  if [[ ! "$n" =~ ^[0-9]+([.][0-9]+)?$ ]]; then
    printf '%s: COST_RATIO, COST_CRITICAL_RATIO and COST_MIN_DAILY_SPEND must be non-negative numbers\n' "$prog" >&2
    exit 2
  fi
done

# shellcheck disable=SC2016 # jq program, not shell expansions
if ! jq -e -s --arg metric "$metric" --argjson ratio "$ratio" --argjson critical "$critical_ratio" \
  --argjson floor "$min_spend" '
  def money: (. * 100 | round) / 100;
  if length == 0 then error("no Cost Explorer response on the input")
  elif all(.[]; type == "object" and (.ResultsByTime | type) == "array") | not
  then error("not Cost Explorer output") else . end
  # Merge pages: a day can be split across pages, so group by the period start.
  | [.[].ResultsByTime[]] | group_by(.TimePeriod.Start)
  | map({day: .[0].TimePeriod.Start, estimated: any(.[]; .Estimated == true), groups: [.[].Groups[]?]})
  | sort_by(.day) as $days
  | if ($days | length) < 2 then error("need at least one baseline day and the latest day") else . end
  | $days[-1] as $latest
  | $days[:-1] as $baseline
  | ($baseline | length) as $n
  | [$days[].groups[] | .Metrics[$metric].Unit // empty] | first as $currency
  | def costs($day): reduce ($day.groups[] | {k: .Keys[0], v: ((.Metrics[$metric].Amount // "0") | tonumber)})
                         as $g ({}; .[$g.k] += $g.v);
    costs($latest) as $now
  | (reduce $baseline[] as $d ({}; reduce (costs($d) | to_entries[]) as $e (.; .[$e.key] += $e.value))) as $sum
  | [($now | keys[]), ($sum | keys[])] | unique
  # Decisions use the rounded amounts that the report shows, so the report is self-consistent.
  | map(. as $svc
        | ($now[$svc] // 0 | money) as $cost
        | (($sum[$svc] // 0) / $n | money) as $avg
        | select($cost >= $floor and ($avg <= 0 or $cost > $ratio * $avg))
        | {service: $svc,
           latest_day_cost: $cost,
           baseline_avg_cost: $avg,
           ratio: (if $avg > 0 then ($cost / $avg | money) else null end),
           increase: ($cost - $avg | money),
           severity: (if $avg > 0 and $cost > $critical * $avg then "critical" else "warning" end)})
  | sort_by(-.increase) as $findings
  | {status: (if any($findings[]; .severity == "critical") then "critical"
              elif ($findings | length) > 0 then "warning" else "ok" end),
     metric: $metric,
     currency: $currency,
     period: {baseline_start: $baseline[0].day, baseline_end: $baseline[-1].day, latest_day: $latest.day},
     thresholds: {ratio: $ratio, critical_ratio: $critical, min_daily_spend: $floor, baseline_days: $n},
     latest_day_estimated: $latest.estimated,
     latest_day_total: ([$now[]] | add // 0 | money),
     findings: $findings}
' "$@"; then
  printf '%s: input is not usable Cost Explorer output\n' "$prog" >&2
  exit 1
fi
