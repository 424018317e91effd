#!/usr/bin/env bash
# Fetch the leaf certificate a TLS endpoint serves and classify its expiry.
#
# Usage: check-endpoint.sh HOST[:PORT] [SERVER_NAME]
#   PORT defaults to 443; SERVER_NAME (sent as SNI) defaults to HOST.
# Environment: CERT_CRITICAL_DAYS (default 30), CERT_WARNING_DAYS (default 90),
#              CERT_CONNECT_TIMEOUT seconds (default 15).
# Output (stdout): one cert-report finding object, for example
#   {"source":"endpoint","target":"www.example.com:443","server_name":"www.example.com",
#    "subject":"CN=www.example.com","issuer":"CN=Example CA","not_after":"2025-06-01T12:00:00Z",
#    "days_remaining":78,"severity":"warning","error":null}
# A connection or handshake failure is reported as a finding with severity "error".
# Exit status: 0 when a finding was printed, 2 on usage or environment error.
#
# The handshake only reads the certificate: no request is sent and nothing is changed.
set -euo pipefail

prog="${0##*/}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ $# -lt 1 || $# -gt 2 || "$1" == "-h" || "$1" == "--help" ]]; then
  printf 'usage: %s HOST[:PORT] [SERVER_NAME]\n' "$prog" >&2
  exit 2
fi
for tool in openssl jq timeout sed; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    printf '%s: %s is required but was not found on PATH\n' "$prog" "$tool" >&2
    exit 2
  fi
done

critical_days="${CERT_CRITICAL_DAYS:-30}"
warning_days="${CERT_WARNING_DAYS:-90}"
connect_timeout="${CERT_CONNECT_TIMEOUT:-15}"
for n in "$critical_days" "$warning_days" "$connect_timeout"; do
  if [[ ! "$n" =~ ^[0-9]+$ ]]; then
    printf '%s: thresholds and timeout must be whole numbers\n' "$prog" >&2
    exit 2
  fi
done

endpoint="$1"
host="${endpoint%%:*}"
port="${endpoint#"$host"}"
port="${port#:}"
port="${port:-443}"
server_name="${2:-$host}"
if [[ -z "$host" || ! "$port" =~ ^[0-9]+$ ]]; then
  printf '%s: expected HOST or HOST:PORT, got %s\n' "$prog" "$endpoint" >&2
  exit 2
fi
target="$host:$port"

emit_error() {
  jq -cn --arg target "$target" --arg sni "$server_name" --arg error "$1" \
    '{source: "endpoint", target: $target, server_name: $sni, subject: null, issuer: null,
      not_after: null, days_remaining: null, severity: "error", error: $error}'
  exit 0
}

# s_client prints the server's leaf certificate; </dev/null ends the session after the handshake.
set +e
handshake="$(timeout "$connect_timeout" openssl s_client -connect "$target" -servername "$server_name" \
  </dev/null 2>&1)"
rc=$?
set -e

# The first PEM block s_client printed is the leaf (no -showcerts).
pem="$(printf '%s\n' "$handshake" | sed -n '/^-----BEGIN CERTIFICATE-----$/,/^-----END CERTIFICATE-----$/{p;/^-----END CERTIFICATE-----$/q;}')"
if [[ -z "$pem" ]]; then
  if [[ $rc -eq 124 ]]; then
    emit_error "TLS handshake timed out after ${connect_timeout}s"
  fi
  reason="$(printf '%s\n' "$handshake" | grep -m1 -iE 'error|errno|refused|unknown|timed out' || true)"
  emit_error "no certificate received (openssl exit $rc)${reason:+: ${reason:0:200}}"
fi

if ! info="$(printf '%s\n' "$pem" | "$here/days-until-expiry.sh" -)"; then
  emit_error "certificate could not be parsed"
fi

printf '%s\n' "$info" | jq -c --arg target "$target" --arg sni "$server_name" \
  --argjson crit "$critical_days" --argjson warn "$warning_days" \
  '{source: "endpoint", target: $target, server_name: $sni, subject, issuer, not_after, days_remaining,
    severity: (if .days_remaining < $crit then "critical" elif .days_remaining < $warn then "warning" else "ok" end),
    error: null}'
