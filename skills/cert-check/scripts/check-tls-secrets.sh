#!/usr/bin/env bash
# Classify the expiry of every certificate in a `kubectl get secrets -o json` listing.
#
# Usage: kubectl get secrets -A --field-selector type=kubernetes.io/tls -o json 2>&1 | check-tls-secrets.sh
# Environment: CERT_CRITICAL_DAYS (default 30), CERT_WARNING_DAYS (default 90).
# Output (stdout): a JSON array of cert-report findings with source "kubernetes_secret"
#   and target "<namespace>/<name>". A secret whose tls.crt is missing or unreadable
#   becomes a finding with severity "error".
# Exit status: 0 on success, 1 if standard input holds no Kubernetes list (the last line
#              kubectl printed instead, its error, is quoted on stderr),
#              2 on usage or environment error.
#
# kubectl's stderr may come on the same stream (`2>&1`): its lines (warnings, errors) are
# told apart from the pretty-printed JSON list, which kubectl prints from a line "{" to a
# line "}". Only the tls.crt key is read. The private key (tls.key) is never extracted,
# printed or written anywhere, and the listing itself is never stored: it stays in memory
# and pipes (no temporary file, so this also runs where nothing is writable).
set -euo pipefail

prog="${0##*/}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ $# -gt 0 ]]; then
  printf 'usage: kubectl get secrets ... -o json | %s\n' "$prog" >&2
  exit 2
fi
for tool in jq base64; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    printf '%s: %s is required but was not found on PATH\n' "$prog" "$tool" >&2
    exit 2
  fi
done

critical_days="${CERT_CRITICAL_DAYS:-30}"
warning_days="${CERT_WARNING_DAYS:-90}"
if [[ ! "$critical_days" =~ ^[0-9]+$ || ! "$warning_days" =~ ^[0-9]+$ ]]; then
  printf '%s: CERT_CRITICAL_DAYS and CERT_WARNING_DAYS must be whole numbers\n' "$prog" >&2
  exit 2
fi

input="$(cat)"
listing="$(printf '%s\n' "$input" | sed -n '/^{$/,/^}$/p')"
other="$(printf '%s\n' "$input" | sed '/^{$/,/^}$/d' | grep -v '^[[:space:]]*$' | tail -n 1 || true)"

# One line per secret: namespace, name, base64 tls.crt (empty when absent).
if [[ -z "$listing" ]] || ! rows="$(printf '%s\n' "$listing" | jq -r 'if type == "object" and (.items | type) == "array" then .items[]
                    else error("expected a Kubernetes List with an items array") end
                  | [.metadata.namespace // "", .metadata.name // "", .data["tls.crt"] // ""] | @tsv' 2>/dev/null)"; then
  printf '%s: standard input is not a kubectl JSON list%s\n' "$prog" "${other:+: ${other:0:300}}" >&2
  exit 1
fi

finding() {
  # $1 target, $2 expiry JSON or empty, $3 error text or empty
  jq -cn --arg target "$1" --arg info "$2" --arg error "$3" \
    --argjson crit "$critical_days" --argjson warn "$warning_days" '
    if $error != "" then
      {source: "kubernetes_secret", target: $target, server_name: null, subject: null, issuer: null,
       not_after: null, days_remaining: null, severity: "error", error: $error}
    else ($info | fromjson)
      | {source: "kubernetes_secret", target: $target, server_name: null, subject, issuer, not_after,
         days_remaining,
         severity: (if .days_remaining < $crit then "critical" elif .days_remaining < $warn then "warning" else "ok" end),
         error: null}
    end'
}

{
  while IFS=$'\t' read -r namespace name crt; do
    [[ -n "$name" ]] || continue
    target="$namespace/$name"
    if [[ -z "$crt" ]]; then
      finding "$target" "" "secret has no tls.crt data"
    elif info="$(printf '%s' "$crt" | base64 -d 2>/dev/null | "$here/days-until-expiry.sh" - 2>/dev/null)"; then
      finding "$target" "$info" ""
    else
      finding "$target" "" "tls.crt is not a readable PEM certificate"
    fi
  done < <(printf '%s\n' "$rows")
} | jq -s '.'
