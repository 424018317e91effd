#!/usr/bin/env bash
# Fetch daily AWS cost per service from Cost Explorer for the latest complete day and
# the trailing baseline days before it, following NextPageToken until done.
#
# Usage: fetch-daily-costs.sh
# Environment:
#   COST_METRIC          UnblendedCost (default), AmortizedCost, NetUnblendedCost,
#                        NetAmortizedCost or BlendedCost
#   COST_BASELINE_DAYS   trailing days averaged as the baseline (default 7)
#   COST_END_DATE        exclusive end date YYYY-MM-DD (default today, UTC), so the
#                        latest day checked is the day before
#   AWS_PROFILE, AWS_REGION and the usual AWS credential chain are honoured by the CLI.
# Output: the raw response of each page on stdout, one JSON document a line, for
#   scripts/detect-anomalies.sh to read from a pipe; on stderr, the period requested
#   before the first call ("requesting Start=...,End=... (exclusive) for METRIC") and the
#   number of pages at the end. Nothing is written to disk.
# Exit status: 0 on success, 1 if a Cost Explorer call failed (its stderr is passed
#              through), 2 on usage or environment error.
#
# Only `aws ce get-cost-and-usage` is called. Each call is billed by AWS (about
# USD 0.01 per request), so the script makes one request per result page.
set -euo pipefail

prog="${0##*/}"

if [[ $# -ne 0 ]]; then
  printf 'usage: %s   (settings come from the environment)\n' "$prog" >&2
  exit 2
fi
for tool in aws jq date; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    printf '%s: %s is required but was not found on PATH\n' "$prog" "$tool" >&2
    exit 2
  fi
done
metric="${COST_METRIC:-UnblendedCost}"
case "$metric" in
  UnblendedCost | AmortizedCost | NetUnblendedCost | NetAmortizedCost | BlendedCost) ;;
  *)
    printf '%s: unsupported COST_METRIC %s\n' "$prog" "$metric" >&2
    exit 2
    ;;
esac
baseline_days="${COST_BASELINE_DAYS:-7}"
if [[ ! "$baseline_days" =~ ^[1-9][0-9]*$ ]]; then
  printf '%s: COST_BASELINE_DAYS must be a positive whole number\n' "$prog" >&2
  exit 2
fi
end="${COST_END_DATE:-$(date -u +%Y-%m-%d)}"
if ! end="$(date -u -d "$end" +%Y-%m-%d 2>/dev/null)"; then
  printf '%s: COST_END_DATE must be a date (YYYY-MM-DD)\n' "$prog" >&2
  exit 2
fi
start="$(date -u -d "$end - $((baseline_days + 1)) days" +%Y-%m-%d)"

# Credits and refunds are excluded so that a refund on the baseline days does not
# make an ordinary day look like a spike.
filter='{"Not":{"Dimensions":{"Key":"RECORD_TYPE","Values":["Credit","Refund"]}}}'

printf '%s: requesting Start=%s,End=%s (exclusive) for %s\n' "$prog" "$start" "$end" "$metric" >&2

token=""
page=0
while :; do
  page=$((page + 1))
  # shellcheck disable=SC2054 # the commas belong to AWS shorthand syntax, not array syntax
  args=(ce get-cost-and-usage --region us-east-1 --output json
    --time-period "Start=$start,End=$end" --granularity DAILY --metrics "$metric"
    --group-by Type=DIMENSION,Key=SERVICE --filter "$filter")
  [[ -z "$token" ]] || args+=(--next-page-token "$token")
  if ! response="$(aws "${args[@]}")"; then
    printf '%s: aws ce get-cost-and-usage failed on page %d\n' "$prog" "$page" >&2
    exit 1
  fi
  if ! token="$(printf '%s' "$response" | jq -r '.NextPageToken // empty')"; then
    printf '%s: page %d is not JSON\n' "$prog" "$page" >&2
    exit 1
  fi
  printf '%s' "$response" | jq -c .
  [[ -n "$token" ]] || break
  if ((page >= 50)); then
    printf '%s: stopped after %d pages; the response keeps returning NextPageToken\n' "$prog" "$page" >&2
    exit 1
  fi
done

printf '%s: %d page(s) of %s from %s to %s (exclusive)\n' "$prog" "$page" "$metric" "$start" "$end" >&2
