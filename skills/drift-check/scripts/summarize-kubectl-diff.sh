#!/usr/bin/env bash
# Turn the unified diff printed by `kubectl diff` into drift-report findings.
#
# Usage: summarize-kubectl-diff.sh [DIFF.txt | -]   (reads standard input by default)
# Output (stdout): a JSON array of findings
#   {"source": "kubernetes", "address": "Kind/namespace/name" (or "Kind/name" when
#    cluster-scoped), "change": "create"|"update"|"delete", "severity", "detail": "group/version"}
# Exit status: 0 on success, 2 on usage or environment error.
#
# kubectl writes each object to a file named <group>.<version>.<Kind>.<namespace>.<name>
# (no group for the core API, empty namespace for cluster-scoped objects) and runs
# `diff -u -N` over the LIVE and MERGED directories, so every object that differs
# starts with a "diff -u -N .../LIVE-x/<file> .../MERGED-y/<file>" header line.
# Only object identities are extracted: diff bodies can hold configuration values and
# are never copied into the output.
set -euo pipefail

prog="${0##*/}"

if [[ $# -gt 1 || "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  printf 'usage: %s [DIFF.txt | -]\n' "$prog" >&2
  exit 2
fi
if ! command -v jq >/dev/null 2>&1; then
  printf '%s: jq is required but was not found on PATH\n' "$prog" >&2
  exit 2
fi

src="${1:--}"
if [[ "$src" != "-" && ! -r "$src" ]]; then
  printf '%s: cannot read %s\n' "$prog" "$src" >&2
  exit 2
fi

# Emit "<object-file-name>\t<first hunk header>" for each differing object.
objects() {
  awk '
    /^diff / { if (name != "") print name "\t" hunk; n = split($NF, parts, "/"); name = parts[n]; hunk = ""; next }
    /^@@ / && name != "" && hunk == "" { hunk = $0 }
    END { if (name != "") print name "\t" hunk }
  ' "$@"
}

if [[ "$src" == "-" ]]; then
  listing="$(objects)"
else
  listing="$(objects "$src")"
fi

# shellcheck disable=SC2016 # jq program, not shell expansions
printf '%s\n' "$listing" | jq -R -n '
  [inputs | select(length > 0) | split("\t") | {file: .[0], hunk: (.[1] // "")}
    | (.file | split(".")) as $parts
    # The kind is the first dot-separated part that starts with an upper-case letter:
    # API groups, versions, namespaces and object names are all lower case.
    | ([range(0; $parts | length) | select($parts[.] | test("^[A-Z]"))] | first) as $k
    | if $k == null or $k < 1 then
        {source: "kubernetes", address: .file, change: "update", severity: "warning",
         detail: "unrecognised object file name"}
      else
        ($parts[$k + 1] // "") as $ns
        | ($parts[($k + 2):] | join(".")) as $name
        | ($parts[:($k - 1)] | join(".")) as $group
        | (if .hunk | test("^@@ -0,0 ") then "create"
           elif .hunk | test("^@@ -[0-9]+(,[0-9]+)? \\+0,0 ") then "delete"
           else "update" end) as $change
        | {source: "kubernetes",
           address: (if $ns == "" then "\($parts[$k])/\($name)" else "\($parts[$k])/\($ns)/\($name)" end),
           change: $change,
           severity: (if $change == "delete" then "critical" else "warning" end),
           detail: (if $group == "" then $parts[$k - 1] else "\($group)/\($parts[$k - 1])" end)}
      end
  ]
'
