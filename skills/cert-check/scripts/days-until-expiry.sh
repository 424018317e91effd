#!/usr/bin/env bash
# Print the expiry of an X.509 certificate as JSON.
#
# Usage: days-until-expiry.sh [CERT.pem | -]   (reads standard input by default)
# Only the first certificate in the input is read (the leaf, for a server chain).
# Output (stdout), one line:
#   {"subject": "CN=...", "issuer": "CN=...", "not_after": "2025-06-01T12:00:00Z", "days_remaining": 78}
# days_remaining is rounded down and is negative once the certificate has expired.
# Exit status: 0 on success, 1 if the input is not a readable certificate,
#              2 on usage or environment error.
#
# Set NOW_EPOCH (seconds since 1970-01-01 UTC) to evaluate against another moment.
set -euo pipefail

prog="${0##*/}"

if [[ $# -gt 1 || "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  printf 'usage: %s [CERT.pem | -]\n' "$prog" >&2
  exit 2
fi
for tool in openssl jq date; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    printf '%s: %s is required but was not found on PATH\n' "$prog" "$tool" >&2
    exit 2
  fi
done

src="${1:--}"
if [[ "$src" == "-" ]]; then
  pem="$(cat)"
elif [[ -r "$src" ]]; then
  pem="$(cat -- "$src")"
else
  printf '%s: cannot read %s\n' "$prog" "$src" >&2
  exit 2
fi

# One read of the certificate: subject, issuer and expiry, one "key=value" line each.
if ! fields="$(printf '%s\n' "$pem" | openssl x509 -noout -subject -issuer -enddate -nameopt RFC2253 2>/dev/null)"; then
  printf '%s: input is not a PEM-encoded X.509 certificate\n' "$prog" >&2
  exit 1
fi
subject="" issuer="" enddate=""
while IFS= read -r line; do
  case "$line" in
    subject=*) subject="${line#subject=}" ;;
    issuer=*) issuer="${line#issuer=}" ;;
    notAfter=*) enddate="${line#notAfter=}" ;;
  esac
done < <(printf '%s\n' "$fields")
if [[ -z "$enddate" ]]; then
  printf '%s: input is not a PEM-encoded X.509 certificate\n' "$prog" >&2
  exit 1
fi

# openssl prints e.g. "Jun  1 12:00:00 2025 GMT"; GNU date parses that form.
if ! not_after_epoch="$(date -u -d "$enddate" +%s 2>/dev/null)"; then
  printf '%s: cannot parse expiry date %s (GNU date is required)\n' "$prog" "$enddate" >&2
  exit 2
fi
not_after="$(date -u -d "@$not_after_epoch" +%Y-%m-%dT%H:%M:%SZ)"

now="${NOW_EPOCH:-$(date -u +%s)}"
if [[ ! "$now" =~ ^[0-9]+$ ]]; then
  printf '%s: NOW_EPOCH must be a whole number of seconds\n' "$prog" >&2
  exit 2
fi

# Floor division that also rounds negative values down (an expired cert is day -1, not 0).
delta=$((not_after_epoch - now))
if ((delta >= 0)); then
  days=$((delta / 86400))
else
  days=$((-((-delta + 86399) / 86400)))
fi

jq -cn \
  --arg subject "$subject" \
  --arg issuer "$issuer" \
  --arg not_after "$not_after" \
  --argjson days "$days" \
  '{subject: (if $subject == "" then null else $subject end),
    issuer: (if $issuer == "" then null else $issuer end),
    not_after: $not_after,
    days_remaining: $days}'
