#!/usr/bin/env bash
# Probe one host: DNS resolution, then one HTTPS GET with status code and latency.
#
# Usage: probe-host.sh HOST [PATH]
#   PATH defaults to "/". The request goes to https://HOST/PATH and does not follow
#   redirects, so a 3xx answer counts as reachable.
# Environment:
#   ENDPOINT_CONNECT_TIMEOUT  seconds to establish the connection (default 5)
#   ENDPOINT_TIMEOUT          seconds for the whole request (default 15)
#   ENDPOINT_LATENCY_WARN_MS  slower answers are a warning (default 2000)
# Output (stdout): one endpoint-check finding, for example
#   {"host":"www.example.com","url":"https://www.example.com/","dns_ok":true,
#    "addresses":["192.0.2.10"],"http_status":200,"latency_ms":143,"severity":"ok","error":null}
# Exit status: 0 when a finding was printed (failures are findings too),
#              2 on usage or environment error.
#
# The probe sends a single GET without credentials or cookies and writes no file: it runs
# under a read-only sandbox. It needs curl 7.75 or later (for %{errormsg}).
set -euo pipefail

prog="${0##*/}"

if [[ $# -lt 1 || $# -gt 2 || "$1" == "-h" || "$1" == "--help" ]]; then
  printf 'usage: %s HOST [PATH]\n' "$prog" >&2
  exit 2
fi
for tool in curl jq timeout; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    printf '%s: %s is required but was not found on PATH\n' "$prog" "$tool" >&2
    exit 2
  fi
done
if ! command -v dig >/dev/null 2>&1 && ! command -v getent >/dev/null 2>&1; then
  printf '%s: dig or getent is required for DNS resolution\n' "$prog" >&2
  exit 2
fi

host="$1"
path="${2:-/}"
[[ "$path" == /* ]] || path="/$path"
if [[ ! "$host" =~ ^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$ ]]; then
  printf '%s: not a valid host name: %s\n' "$prog" "$host" >&2
  exit 2
fi
connect_timeout="${ENDPOINT_CONNECT_TIMEOUT:-5}"
total_timeout="${ENDPOINT_TIMEOUT:-15}"
warn_ms="${ENDPOINT_LATENCY_WARN_MS:-2000}"
for n in "$connect_timeout" "$total_timeout" "$warn_ms"; do
  if [[ ! "$n" =~ ^[0-9]+$ ]]; then
    printf '%s: timeouts and thresholds must be whole numbers\n' "$prog" >&2
    exit 2
  fi
done
url="https://$host$path"

emit() {
  # $1 dns_ok, $2 addresses (newline separated), $3 http status or "", $4 latency ms or "", $5 error or ""
  jq -cn --arg host "$host" --arg url "$url" --argjson dns_ok "$1" --arg addrs "$2" \
    --arg status "$3" --arg latency "$4" --arg error "$5" --argjson warn "$warn_ms" '
    ($status | if . == "" then null else tonumber end) as $code
    | ($latency | if . == "" then null else tonumber end) as $ms
    | {host: $host, url: $url, dns_ok: $dns_ok,
       addresses: ($addrs | split("\n") | map(select(length > 0))),
       http_status: $code, latency_ms: $ms,
       severity: (if ($dns_ok | not) or $code == null or $code >= 500 then "critical"
                  elif $code >= 400 or $ms > $warn then "warning"
                  else "ok" end),
       error: (if $error == "" then null else $error end)}'
  exit 0
}

# DNS: A and AAAA records (CNAME targets that dig prints are filtered out).
if command -v dig >/dev/null 2>&1; then
  addresses="$( { dig +short +time=3 +tries=2 A "$host"; dig +short +time=3 +tries=2 AAAA "$host"; } 2>/dev/null \
    | grep -E '^([0-9]{1,3}\.){3}[0-9]{1,3}$|^[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*$' | sort -u || true)"
else
  addresses="$(timeout 10 getent ahosts "$host" 2>/dev/null | awk '{print $1}' | sort -u || true)"
fi
if [[ -z "$addresses" ]]; then
  emit false "" "" "" "DNS resolution returned no A or AAAA records"
fi

# HTTP: status code, total time and curl's own error message, all from --write-out, so
# nothing is written to disk (curl prints 000 when no response arrived).
set +e
result="$(curl -s -o /dev/null -w '%{http_code} %{time_total} %{errormsg}' \
  --connect-timeout "$connect_timeout" --max-time "$total_timeout" \
  -A 'endpoint-check/1.0' "$url")"
rc=$?
set -e

read -r code seconds err <<<"$result" || true
err="$(printf '%s' "${err:-}" | cut -c 1-200)"
latency=""
if [[ "${seconds:-}" =~ ^[0-9]+([.][0-9]+)?$ ]]; then
  latency="$(awk -v s="$seconds" 'BEGIN { printf "%d", s * 1000 + 0.5 }')"
fi

if [[ $rc -ne 0 || ! "${code:-}" =~ ^[1-5][0-9][0-9]$ ]]; then
  emit true "$addresses" "" "" "curl exit $rc${err:+: $err}"
fi
emit true "$addresses" "$code" "$latency" ""
