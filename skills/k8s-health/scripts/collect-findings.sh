#!/usr/bin/env bash
# Turn saved `kubectl get ... -o json` listings into k8s-health findings.
#
# Usage: collect-findings.sh DIR
#   DIR may contain pods.json, pvcs.json, storageclasses.json, nodes.json and
#   issuers.json (each the output of the matching kubectl command in SKILL.md).
#   A missing or empty file is treated as "not collected" and yields no findings.
# Environment:
#   K8S_RESTART_THRESHOLD      restarts at which a container is flagged (default 5)
#   K8S_RESTART_WINDOW_HOURS   only flag restarts whose last termination is this recent (default 24)
#   K8S_PVC_PENDING_MINUTES    grace period before a Pending claim is flagged (default 10)
#   NOW_EPOCH                  evaluate against this time instead of now (seconds, UTC)
# Output (stdout): {"items_checked": {"pods": n|null, "pvcs": n|null, "nodes": n|null,
#                   "issuers": n|null}, "findings": [finding, ...]}
# Exit status: 0 on success, 1 if a listing is not valid kubectl JSON, 2 on usage error.
set -euo pipefail

prog="${0##*/}"

if [[ $# -ne 1 || "$1" == "-h" || "$1" == "--help" ]]; then
  printf 'usage: %s DIR\n' "$prog" >&2
  exit 2
fi
if ! command -v jq >/dev/null 2>&1; then
  printf '%s: jq is required but was not found on PATH\n' "$prog" >&2
  exit 2
fi
dir="$1"
if [[ ! -d "$dir" ]]; then
  printf '%s: not a directory: %s\n' "$prog" "$dir" >&2
  exit 2
fi

threshold="${K8S_RESTART_THRESHOLD:-5}"
window_hours="${K8S_RESTART_WINDOW_HOURS:-24}"
pending_minutes="${K8S_PVC_PENDING_MINUTES:-10}"
now="${NOW_EPOCH:-$(date -u +%s)}"
for n in "$threshold" "$window_hours" "$pending_minutes" "$now"; do
  if [[ ! "$n" =~ ^[0-9]+$ ]]; then
    printf '%s: thresholds and NOW_EPOCH must be whole numbers\n' "$prog" >&2
    exit 2
  fi
done

# Validate each listing; absent or empty files are "not collected" (null in the output).
# Listings are passed to jq with --slurpfile because real clusters exceed argument limits.
args=()
for name in pods pvcs storageclasses nodes issuers; do
  file="$dir/$name.json"
  if [[ -s "$file" ]]; then
    if ! jq -e 'type == "object" and (.items | type) == "array"' "$file" >/dev/null 2>&1; then
      printf '%s: %s is not a kubectl JSON list\n' "$prog" "$file" >&2
      exit 1
    fi
    args+=(--slurpfile "$name" "$file")
  else
    args+=(--slurpfile "$name" /dev/null)
  fi
done

# shellcheck disable=SC2016 # jq program, not shell expansions
jq -n "${args[@]}" \
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

  items($pods) as $pods | items($pvcs) as $pvcs | items($storageclasses) as $classes
  | items($nodes) as $nodes | items($issuers) as $issuers
  | {
    items_checked: {
      pods: ($pods | if . == null then null else length end),
      pvcs: ($pvcs | if . == null then null else length end),
      nodes: ($nodes | if . == null then null else length end),
      issuers: ($issuers | if . == null then null else length end)
    },
    findings: (
      [($nodes // []) | node_findings | ordered]
      + [($pods // []) | pod_findings | ordered]
      + [($pvcs // []) | pvc_findings($classes; $pods) | ordered]
      + [($issuers // []) | issuer_findings | ordered]
    )
  }
'
