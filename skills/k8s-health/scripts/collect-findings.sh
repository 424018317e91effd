#!/usr/bin/env bash
# Collect the cluster's listings with read-only kubectl calls and turn them into k8s-health
# checks and findings.
#
# Usage: collect-findings.sh [DIR]
#   Without DIR, runs kubectl itself: `get nodes`, `get pods -A`, `get pvc -A`,
#   `get storageclasses` and, when the cert-manager.io API group exists
#   (`api-resources --api-group=cert-manager.io`), `get clusterissuers,issuers -A`, each
#   with `-o json` under `timeout $K8S_TIMEOUT` and `--context=$KUBE_CONTEXT` when set.
#   Listings stay in memory and pipes: nothing is written, so this runs where nothing is
#   writable (not even /tmp).
#   With DIR, reads saved listings instead: DIR/pods.json, pvcs.json, storageclasses.json,
#   nodes.json and issuers.json (a missing or empty file is a check that did not run).
# Environment:
#   KUBE_CONTEXT               kubeconfig context (default: the current context)
#   K8S_TIMEOUT                seconds allowed for each kubectl call (default 120)
#   K8S_RESTART_THRESHOLD      restarts at which a container is flagged (default 5)
#   K8S_RESTART_WINDOW_HOURS   only flag restarts whose last termination is this recent (default 24)
#   K8S_PVC_PENDING_MINUTES    grace period before a Pending claim is flagged (default 10)
#   NOW_EPOCH                  evaluate against this time instead of now (seconds, UTC)
# Output (stdout), one JSON object:
#   {"checks": [{"name": "pods"|"pvcs"|"nodes"|"issuers", "result": "completed"|"error"|"skipped",
#                "items_checked": n, "error": string|null}, ...],
#    "storageclasses_error": string|null, "findings": [finding, ...]}
# A listing kubectl could not give (an error, a timeout, Forbidden) makes its check "error"
# with kubectl's last message line; `storageclasses` only refines the pvcs check.
# Exit status: 0 on success (whatever the checks' results), 1 if a saved listing is not
# valid kubectl JSON, 2 on usage or environment error.
set -euo pipefail

prog="${0##*/}"

if [[ $# -gt 1 || "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  printf 'usage: %s [DIR]\n' "$prog" >&2
  exit 2
fi
for tool in jq timeout sed; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    printf '%s: %s is required but was not found on PATH\n' "$prog" "$tool" >&2
    exit 2
  fi
done
dir="${1:-}"
if [[ -n "$dir" && ! -d "$dir" ]]; then
  printf '%s: not a directory: %s\n' "$prog" "$dir" >&2
  exit 2
fi

threshold="${K8S_RESTART_THRESHOLD:-5}"
window_hours="${K8S_RESTART_WINDOW_HOURS:-24}"
pending_minutes="${K8S_PVC_PENDING_MINUTES:-10}"
timeout_s="${K8S_TIMEOUT:-120}"
now="${NOW_EPOCH:-$(date -u +%s)}"
for n in "$threshold" "$window_hours" "$pending_minutes" "$timeout_s" "$now"; do
  if [[ ! "$n" =~ ^[0-9]+$ ]]; then
    printf '%s: thresholds, K8S_TIMEOUT and NOW_EPOCH must be whole numbers\n' "$prog" >&2
    exit 2
  fi
done

is_list() { jq -e 'type == "object" and (.items | type) == "array"' >/dev/null 2>&1; }

# listing[name]: the JSON list; problem[name]: why there is none ("" when not collected).
declare -A listing=() problem=()

# fetch NAME ARGS...: one `kubectl get ARGS -o json`, stderr on the same stream; kubectl
# pretty-prints the list from a line "{" to a line "}", and anything else is its messages.
fetch() {
  local name="$1" out rc json message
  shift
  set +e
  out="$(timeout "$timeout_s" kubectl ${KUBE_CONTEXT:+"--context=$KUBE_CONTEXT"} get "$@" -o json 2>&1)"
  rc=$?
  set -e
  json="$(printf '%s\n' "$out" | sed -n '/^{$/,/^}$/p')"
  # kubectl's own summary of a failure is its last line ("The connection to the server ...").
  message="$(printf '%s\n' "$out" | sed '/^{$/,/^}$/d' | grep -v '^[[:space:]]*$' | tail -n 1 || true)"
  if [[ $rc -eq 0 ]] && printf '%s\n' "$json" | is_list; then
    listing[$name]="$json"
  elif [[ $rc -eq 124 ]]; then
    problem[$name]="kubectl get $* timed out after ${timeout_s}s"
  else
    problem[$name]="${message:-kubectl get $* exited $rc}"
    problem[$name]="${problem[$name]:0:300}"
  fi
}

if [[ -z "$dir" ]]; then
  if ! command -v kubectl >/dev/null 2>&1; then
    printf '%s: kubectl is required but was not found on PATH\n' "$prog" >&2
    exit 2
  fi
  fetch nodes nodes
  fetch pods pods -A
  fetch pvcs pvc -A
  fetch storageclasses storageclasses
  set +e
  groups="$(timeout "$timeout_s" kubectl ${KUBE_CONTEXT:+"--context=$KUBE_CONTEXT"} api-resources --api-group=cert-manager.io -o name 2>&1)"
  rc=$?
  set -e
  if [[ $rc -ne 0 ]]; then
    problem[issuers]="$(printf '%s\n' "$groups" | grep -v '^[[:space:]]*$' | tail -n 1 || true)"
    problem[issuers]="${problem[issuers]:-kubectl api-resources exited $rc}"
    problem[issuers]="${problem[issuers]:0:300}"
  elif [[ -n "$groups" ]]; then
    fetch issuers clusterissuers,issuers -A
  fi
else
  for name in pods pvcs storageclasses nodes issuers; do
    file="$dir/$name.json"
    [[ -s "$file" ]] || continue
    if ! is_list <"$file"; then
      printf '%s: %s is not a kubectl JSON list\n' "$prog" "$file" >&2
      exit 1
    fi
    listing[$name]="$(cat -- "$file")"
  done
fi

problems='{}'
for name in pods pvcs storageclasses nodes issuers; do
  if [[ -n "${problem[$name]+set}" ]]; then
    problems="$(jq -nc --argjson acc "$problems" --arg n "$name" --arg p "${problem[$name]}" '$acc + {($n): $p}')"
  fi
done

# Each listing reaches jq through a pipe (process substitution; an empty one is a listing that
# was not collected): real clusters exceed argument limits, and nothing may be written.
# shellcheck disable=SC2016 # jq program, not shell expansions
jq -n --slurpfile pods <(printf '%s' "${listing[pods]:-}") --slurpfile pvcs <(printf '%s' "${listing[pvcs]:-}") \
  --slurpfile storageclasses <(printf '%s' "${listing[storageclasses]:-}") \
  --slurpfile nodes <(printf '%s' "${listing[nodes]:-}") --slurpfile issuers <(printf '%s' "${listing[issuers]:-}") \
  --argjson problems "$problems" \
  --argjson threshold "$threshold" --argjson window "$((window_hours * 3600))" \
  --argjson grace "$((pending_minutes * 60))" --argjson now "$now" '
  def items($slurped): if ($slurped | length) == 0 then null else $slurped[0].items end;
  def epoch: if type == "string" then (sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601? // null) else null end;
  def clip: if type == "string" and length > 300 then .[:297] + "..." else . end;
  def ready_condition: [(.status.conditions // [])[] | select(.type == "Ready")] | first;

  def pod_findings:
    .[] | select(.status.phase != "Succeeded") | . as $pod
    | ((.status.initContainerStatuses // []) + (.status.containerStatuses // []))[]
    | (.state.waiting.reason // "") as $waiting
    | (.restartCount // 0) as $restarts
    | {kind: "Pod", namespace: $pod.metadata.namespace, name: $pod.metadata.name,
       container: .name, restart_count: $restarts}
      + (if $waiting == "CrashLoopBackOff" then
           {category: "crash_loop", severity: "critical", reason: $waiting,
            message: ((.lastState.terminated // {}) | if .reason then "last exit: \(.reason) (code \(.exitCode))" else null end)}
         elif $waiting == "ImagePullBackOff" or $waiting == "ErrImagePull" then
           {category: "image_pull", severity: "warning", reason: $waiting, message: (.state.waiting.message | clip)}
         elif $restarts >= $threshold
              and ((.lastState.terminated.finishedAt | epoch) as $t | $t == null or ($now - $t) <= $window) then
           {category: "high_restarts", severity: "warning", reason: "RestartCount",
            message: ((.lastState.terminated // {}) | if .reason then "\($restarts) restarts; last exit: \(.reason) (code \(.exitCode)) at \(.finishedAt)" else "\($restarts) restarts" end)}
         else empty end);

  def default_class: [.[] | select(.metadata.annotations["storageclass.kubernetes.io/is-default-class"] == "true") | .metadata.name] | first;

  def pvc_findings($classes; $pods):
    ($classes // []) as $sc
    | ([($pods // [])[] | .metadata.namespace as $ns | (.spec.volumes // [])[]
         | select(.persistentVolumeClaim) | "\($ns)/\(.persistentVolumeClaim.claimName)"]) as $used
    | .[] | select(.status.phase == "Pending")
    | select(((.metadata.creationTimestamp | epoch) as $t | $t == null or ($now - $t) >= $grace))
    | (.spec.storageClassName // ($sc | default_class)) as $class
    | ([$sc[] | select(.metadata.name == $class) | .volumeBindingMode] | first) as $mode
    | ("\(.metadata.namespace)/\(.metadata.name)") as $key
    # WaitForFirstConsumer claims stay Pending by design until a pod uses them.
    | select($mode != "WaitForFirstConsumer" or ($used | index([$key])))
    | {category: "pvc_pending", severity: "warning", kind: "PersistentVolumeClaim",
       namespace: .metadata.namespace, name: .metadata.name, container: null, restart_count: null,
       reason: "Pending",
       message: ("storage class \($class // "none")"
                 + (if $mode == "WaitForFirstConsumer" then ", waiting although a pod uses it" else "" end)
                 + ", created \(.metadata.creationTimestamp)")};

  def node_findings:
    .[] | ready_condition as $c
    | select($c == null or $c.status != "True")
    | {category: "node_not_ready", severity: "critical", kind: "Node", namespace: null,
       name: .metadata.name, container: null, restart_count: null,
       reason: ($c.reason // "NoReadyCondition"),
       message: (($c.message // "node reports no Ready condition") | clip)};

  def issuer_findings:
    .[] | ready_condition as $c
    | select($c == null or $c.status != "True")
    | {category: "issuer_not_ready", severity: "warning", kind: .kind,
       namespace: (if .kind == "ClusterIssuer" then null else .metadata.namespace end),
       name: .metadata.name, container: null, restart_count: null,
       reason: ($c.reason // "NoReadyCondition"),
       message: (($c.message // "issuer reports no Ready condition") | clip)};

  def ordered: {category, severity, kind, namespace, name, container, reason, message, restart_count};

  def check($name; $items):
    if $problems[$name] != null then {name: $name, result: "error", items_checked: 0, error: $problems[$name]}
    elif $items == null then {name: $name, result: "skipped", items_checked: 0, error: null}
    else {name: $name, result: "completed", items_checked: ($items | length), error: null} end;

  items($pods) as $pods | items($pvcs) as $pvcs | items($storageclasses) as $classes
  | items($nodes) as $nodes | items($issuers) as $issuers
  | {
    checks: [check("pods"; $pods), check("pvcs"; $pvcs), check("nodes"; $nodes), check("issuers"; $issuers)],
    storageclasses_error: $problems.storageclasses,
    findings: (
      [($nodes // []) | node_findings | ordered]
      + [($pods // []) | pod_findings | ordered]
      + [($pvcs // []) | pvc_findings($classes; $pods) | ordered]
      + [($issuers // []) | issuer_findings | ordered]
    )
  }
'
