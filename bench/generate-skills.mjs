#!/usr/bin/env node
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are bash, with its ${VAR} expansions.
/**
 * Generates realistic, varied day-two operations skills for benchmarks: `DIR/<name>/SKILL.md`
 * with `references/*.md` (each linked from the body) and `scripts/*.sh` (with a shebang).
 * Deterministic: the same seed gives the same tree byte for byte, and skill i does not depend
 * on how many skills are generated (so the first 20 of 1,000 are the 20 of a run of 20).
 *
 * One skill in each block of 20 (5%) has a realistic problem: a missing description, an
 * unquoted `: ` in a value, a UTF-8 byte order mark, or a bad name.
 *
 *   node bench/generate-skills.mjs N DIR [--seed SEED]
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { prng } from "./_shared.mjs";

export const DEFAULT_SEED = "ops-skill-bench";
export const PROBLEM_KINDS = ["missing-description", "unquoted-colon", "bom", "bad-name"];
const PROBLEM_BLOCK = 20;
const MIN_BODY_LINES = 60;
const MAX_BODY_LINES = 250;

const TEAMS = ["platform", "sre", "security", "finops", "infra", "observability", "payments-ops"];
const ENVIRONMENTS = ["production", "staging", "eu-prod", "us-prod", "shared-services"];
const SERVICES = [
  "checkout",
  "billing",
  "search",
  "identity",
  "ledger",
  "notifications",
  "catalog",
  "ingest",
  "reporting",
  "gateway",
  "media",
  "scheduler",
];

/** What each kind of day-two skill checks, with the words, commands and files it uses. */
const FLAVOURS = {
  drift: {
    title: "Infrastructure Drift Check",
    verb: "Detects drift between the committed infrastructure code and what is running",
    when: "a scheduled job must confirm that live infrastructure still matches the repository",
    targets: ["terraform", "k8s-manifests", "helm", "cloudformation", "pulumi", "argocd"],
    tools: ["terraform", "kubectl", "jq", "helm", "timeout"],
    nouns: ["resource", "module", "manifest", "release", "stack", "workspace"],
    inputs: [
      ["TF_DIR", "unset", "Terraform root module to plan; unset skips the Terraform check."],
      ["K8S_MANIFESTS_DIR", "unset", "Manifests directory for `kubectl diff`."],
      ["KUBE_CONTEXT", "current context", "kubeconfig context to compare against."],
      ["DRIFT_TIMEOUT", "`900`", "Seconds allowed for each tool before it is stopped."],
      ["HELM_RELEASES", "unset", "Comma-separated Helm releases to diff."],
    ],
    commands: [
      'terraform -chdir="$TF_DIR" plan -detailed-exitcode -lock=false -input=false -no-color -json > "$work/plan.jsonl"',
      'kubectl ${KUBE_CONTEXT:+"--context=$KUBE_CONTEXT"} diff -R -f "$K8S_MANIFESTS_DIR" > "$work/diff.txt"',
      'helm diff upgrade "$release" "charts/$release" --allow-unreleased --no-color > "$work/helm-$release.diff"',
      'jq -c \'select(.type == "resource_drift") | .change.resource.addr\' "$work/plan.jsonl"',
      'aws cloudformation detect-stack-drift --stack-name "$STACK" --query StackDriftDetectionId --output text',
      'argocd app diff "$APP" --local "$APP_DIR" --exit-code=false > "$work/argocd.diff"',
    ],
    references: ["exit-codes", "severity", "read-only-commands", "drift-report-schema"],
    scripts: ["summarize-plan", "summarize-diff", "validate-report"],
  },
  cert: {
    title: "TLS Certificate Expiry Check",
    verb: "Checks TLS certificates for upcoming expiry, weak keys and broken chains",
    when: "an on-call engineer or a nightly job must know which certificates expire soon",
    targets: ["ingress", "load-balancer", "mtls", "internal-ca", "acm", "vault-pki"],
    tools: ["openssl", "kubectl", "jq", "aws", "vault"],
    nouns: ["certificate", "issuer", "chain", "endpoint", "secret", "SAN"],
    inputs: [
      ["CERT_HOSTS", "unset", "Space-separated `host:port` pairs to probe."],
      ["WARN_DAYS", "`30`", "Days before expiry that raise a warning."],
      ["CRIT_DAYS", "`7`", "Days before expiry that are critical."],
      ["CERT_NAMESPACE", "all", "Kubernetes namespace for cert-manager certificates."],
      ["CA_BUNDLE", "system store", "PEM bundle used to verify chains."],
    ],
    commands: [
      'openssl s_client -connect "$host" -servername "${host%:*}" -showcerts </dev/null 2>/dev/null > "$work/$host.pem"',
      'openssl x509 -in "$work/$host.pem" -noout -enddate -subject -issuer',
      "kubectl get certificates -A -o json | jq '[.items[] | {name: .metadata.name, notAfter: .status.notAfter}]'",
      "aws acm list-certificates --certificate-statuses ISSUED --query 'CertificateSummaryList[].CertificateArn' --output text",
      'vault list -format=json "$PKI_MOUNT/certs" > "$work/vault-serials.json"',
      'openssl verify -CAfile "${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}" "$work/$host.pem"',
    ],
    references: ["expiry-thresholds", "chain-validation", "renewal-runbook", "cert-report-schema"],
    scripts: ["probe-hosts", "parse-x509", "validate-report"],
  },
  k8s: {
    title: "Kubernetes Workload Health",
    verb: "Reports unhealthy Kubernetes workloads, crash loops, pending pods and failed rollouts",
    when: "a deploy has finished or an alert fired and the cluster state must be summarised",
    targets: ["deployments", "statefulsets", "daemonsets", "jobs", "nodes", "hpa"],
    tools: ["kubectl", "jq", "timeout"],
    nouns: ["pod", "rollout", "node", "container", "event", "replica"],
    inputs: [
      ["KUBE_CONTEXT", "current context", "kubeconfig context to inspect."],
      ["NAMESPACES", "all", "Space-separated namespaces to check."],
      ["RESTART_THRESHOLD", "`5`", "Container restarts in the window that count as a crash loop."],
      ["WINDOW_MINUTES", "`60`", "How far back events are read."],
      ["IGNORE_LABEL", "`ops-skill/ignore=true`", "Workloads with this label are skipped."],
    ],
    commands: [
      'kubectl ${KUBE_CONTEXT:+"--context=$KUBE_CONTEXT"} get pods -A -o json > "$work/pods.json"',
      'jq -r \'.items[] | select(.status.phase != "Running" and .status.phase != "Succeeded") | .metadata.namespace + "/" + .metadata.name\' "$work/pods.json"',
      'kubectl rollout status deployment/"$name" -n "$ns" --timeout=30s',
      'kubectl get events -A --field-selector type=Warning -o json > "$work/events.json"',
      'kubectl get nodes -o jsonpath=\'{range .items[*]}{.metadata.name}{"\\t"}{.status.conditions[-1].type}{"\\n"}{end}\'',
      'kubectl top pods -A --no-headers > "$work/top.txt" || true',
    ],
    references: ["health-rules", "known-noisy-events", "escalation", "health-report-schema"],
    scripts: ["summarize-pods", "summarize-events", "validate-report"],
  },
  vuln: {
    title: "Vulnerability Audit",
    verb: "Audits images and dependencies for known vulnerabilities with severity and fix versions",
    when: "a release candidate or the nightly build must be checked against current advisories",
    targets: ["containers", "npm", "python", "go-modules", "os-packages", "sbom"],
    tools: ["trivy", "grype", "osv-scanner", "jq", "syft"],
    nouns: ["advisory", "package", "image", "layer", "CVE", "fix version"],
    inputs: [
      ["IMAGES", "unset", "Space-separated image references to scan."],
      ["LOCKFILES", "auto", "Lockfiles to scan; `auto` finds them in the repository."],
      ["SEVERITY_FLOOR", "`HIGH`", "Lowest severity that is reported."],
      ["IGNORE_FILE", "`.vuln-ignore.yaml`", "Accepted risks with an expiry date."],
      ["SBOM_OUT", "unset", "Where to write the CycloneDX SBOM, if set."],
    ],
    commands: [
      'trivy image --quiet --format json --severity "${SEVERITY_FLOOR:-HIGH},CRITICAL" "$image" > "$work/trivy-${image//\\//_}.json"',
      'grype "dir:$REPO_DIR" -o json --only-fixed > "$work/grype.json"',
      'osv-scanner --format json --lockfile "$lockfile" > "$work/osv-$(basename "$lockfile").json" || true',
      'syft "$image" -o cyclonedx-json > "${SBOM_OUT:-$work/sbom.json}"',
      "jq '[.Results[]?.Vulnerabilities[]? | {id: .VulnerabilityID, pkg: .PkgName, fixed: .FixedVersion}]' \"$work/trivy.json\"",
      'trivy fs --scanners vuln --format json "$REPO_DIR" > "$work/trivy-fs.json"',
    ],
    references: ["severity-mapping", "accepted-risks", "scanner-exit-codes", "vuln-report-schema"],
    scripts: ["merge-findings", "apply-ignores", "validate-report"],
  },
  endpoint: {
    title: "Endpoint Availability Check",
    verb: "Probes HTTP, gRPC and DNS endpoints for availability, latency and correct responses",
    when: "a synthetic check is needed after a deploy, a DNS change or a provider incident",
    targets: ["public-api", "grpc", "webhooks", "status-page", "graphql", "websocket"],
    tools: ["curl", "dig", "grpcurl", "jq", "timeout"],
    nouns: ["endpoint", "status code", "latency", "resolver", "redirect", "health route"],
    inputs: [
      ["ENDPOINTS_FILE", "`endpoints.txt`", "One URL per line, `#` starts a comment."],
      ["TIMEOUT_SECONDS", "`10`", "Per-request timeout."],
      ["LATENCY_BUDGET_MS", "`800`", "Slower responses raise a warning."],
      ["EXPECT_STATUS", "`200`", "Status code a healthy endpoint returns."],
      ["RESOLVERS", "system", "DNS resolvers to compare answers from."],
    ],
    commands: [
      'curl -sS -o /dev/null -w \'%{http_code} %{time_total} %{remote_ip}\\n\' --max-time "${TIMEOUT_SECONDS:-10}" "$url"',
      'dig +short "$host" @"$resolver" | sort > "$work/dns-$resolver.txt"',
      'grpcurl -max-time "${TIMEOUT_SECONDS:-10}" "$target" grpc.health.v1.Health/Check',
      'curl -sS --max-time 10 -H \'content-type: application/json\' -d \'{"query":"{__typename}"}\' "$url"',
      "curl -sSI --max-redirs 0 \"$url\" | sed -n '1p;/^location:/Ip'",
      'timeout 15 openssl s_client -connect "$host:443" -servername "$host" </dev/null 2>&1 | head -n 5',
    ],
    references: [
      "status-semantics",
      "latency-budgets",
      "probe-etiquette",
      "endpoint-report-schema",
    ],
    scripts: ["probe-endpoints", "compare-dns", "validate-report"],
  },
  cost: {
    title: "Cloud Cost Anomaly Review",
    verb: "Finds cloud cost anomalies by comparing daily spend per service against its baseline",
    when: "finance or the platform team asks why spend moved, or a budget alert fired",
    targets: ["aws", "gcp", "azure", "kubernetes", "snowflake", "datadog"],
    tools: ["aws", "gcloud", "az", "jq", "infracost"],
    nouns: ["service", "account", "budget", "baseline", "tag", "usage type"],
    inputs: [
      ["COST_WINDOW_DAYS", "`14`", "Days of history used as the baseline."],
      ["ANOMALY_PERCENT", "`25`", "Increase over baseline that is an anomaly."],
      ["MIN_DAILY_USD", "`50`", "Services cheaper than this are ignored."],
      ["GROUP_BY", "`SERVICE`", "Cost dimension to group by."],
      ["BILLING_ACCOUNT", "unset", "GCP billing account, when checking GCP."],
    ],
    commands: [
      'aws ce get-cost-and-usage --time-period "Start=$start,End=$end" --granularity DAILY --metrics UnblendedCost --group-by "Type=DIMENSION,Key=${GROUP_BY:-SERVICE}" > "$work/ce.json"',
      "jq -r '.ResultsByTime[] | .TimePeriod.Start as $d | .Groups[] | [$d, .Keys[0], .Metrics.UnblendedCost.Amount] | @tsv' \"$work/ce.json\"",
      'bq query --format=json --use_legacy_sql=false "SELECT service.description, SUM(cost) FROM billing.export GROUP BY 1" > "$work/gcp.json"',
      'az consumption usage list --start-date "$start" --end-date "$end" -o json > "$work/azure.json"',
      'infracost breakdown --path "$TF_DIR" --format json > "$work/infracost.json"',
      'kubectl cost namespace --window "${COST_WINDOW_DAYS:-14}d" --show-efficiency=false',
    ],
    references: ["baseline-method", "tagging-policy", "known-seasonality", "cost-report-schema"],
    scripts: ["fetch-costs", "detect-anomalies", "validate-report"],
  },
};

const FLAVOUR_NAMES = Object.keys(FLAVOURS);

const PROSE = [
  "Work from the skill's directory; helper paths such as `scripts/` are relative to it.",
  "Never print, store or forward credentials; they come from the environment the job runs in.",
  "Each block below is self-contained, so a failed step can be retried on its own.",
  "Keep raw tool output in the scratch directory and copy only identifiers into the report.",
  "When a tool is missing, mark only the checks that need it as `error` and continue.",
  "Prefer the narrowest query that answers the question; large listings slow every run.",
  "Record the time each check started so that a slow dependency shows in the report.",
  "If the same {noun} appears twice, report it once with the most severe finding.",
  "Treat an empty result as `ok` only when the command itself exited successfully.",
  "Compare against the previous report when one exists and say what changed.",
];

function paragraph(r, flavour, sentences) {
  return r
    .sample(PROSE, sentences)
    .map((s) => s.replace("{noun}", r.pick(flavour.nouns)))
    .join(" ");
}

function fence(r, flavour, commandCount) {
  const lines = [
    "```bash",
    `work="\${WORK_DIR:-/tmp/${flavour.targets[0]}-check}"; mkdir -p "$work"`,
  ];
  for (const command of r.sample(flavour.commands, commandCount)) lines.push(command);
  if (r.chance(0.5)) lines.push('echo "$?" > "$work/exit-code"');
  lines.push("```");
  return lines;
}

function referenceFile(r, flavour, topic) {
  const title = topic
    .split("-")
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(" ");
  const lines = [`# ${title}`, "", paragraph(r, flavour, 2), ""];
  const rows = r.int(3, 8);
  lines.push("| Value | Meaning |", "| --- | --- |");
  for (let i = 0; i < rows; i++)
    lines.push(`| \`${r.pick(flavour.nouns)}-${i}\` | ${paragraph(r, flavour, 1)} |`);
  lines.push("", "## Notes", "");
  for (let i = r.int(2, 6); i > 0; i--) lines.push(`- ${paragraph(r, flavour, 1)}`);
  return `${lines.join("\n")}\n`;
}

function scriptFile(r, flavour, script) {
  const tool = r.pick(flavour.tools);
  const lines = [
    "#!/usr/bin/env bash",
    `# ${script}: part of the ${flavour.title.toLowerCase()} skill.`,
    "# Usage: see SKILL.md. Exit status: 0 on success, 1 on findings, 2 on usage errors.",
    "set -euo pipefail",
    "",
    'prog="${0##*/}"',
    `if ! command -v ${tool} >/dev/null 2>&1; then`,
    `  printf '%s: ${tool} is required but was not found on PATH\\n' "$prog" >&2`,
    "  exit 2",
    "fi",
    "",
    'src="${1:--}"',
  ];
  for (let i = r.int(2, 10); i > 0; i--)
    lines.push(`jq -c '.${r.pick(flavour.nouns).replace(/\W/g, "_")} // empty' "$src" || true`);
  return `${lines.join("\n")}\n`;
}

/** One skill's files: `{ name, flavour, problem, files: { relativePath: Buffer|string } }`. */
export function generateSkill(seed, index) {
  const r = prng(`${seed}:${index}`);
  const flavourName = FLAVOUR_NAMES[index % FLAVOUR_NAMES.length];
  const flavour = FLAVOURS[flavourName];
  const target = r.pick(flavour.targets);
  const env = r.pick(ENVIRONMENTS);
  const dirName = `${flavourName}-${target}-${String(index).padStart(4, "0")}`;

  // One problem per block of PROBLEM_BLOCK skills, at a seeded position; the kind rotates
  // from a seeded start, so any PROBLEM_KINDS.length blocks in a row have every kind.
  const block = Math.floor(index / PROBLEM_BLOCK);
  const problemAt = prng(`${seed}:block:${block}`).int(0, PROBLEM_BLOCK - 1);
  const firstKind = prng(`${seed}:kinds`).int(0, PROBLEM_KINDS.length - 1);
  const problem =
    index % PROBLEM_BLOCK === problemAt
      ? PROBLEM_KINDS[(firstKind + block) % PROBLEM_KINDS.length]
      : undefined;

  const references = r.sample(flavour.references, r.int(1, 3));
  const scripts = r.sample(flavour.scripts, r.int(1, 3));
  const files = {};
  for (const topic of references)
    files[`references/${topic}.md`] = referenceFile(r, flavour, topic);
  for (const script of scripts) files[`scripts/${script}.sh`] = scriptFile(r, flavour, script);

  // Frontmatter.
  const service = r.pick(SERVICES);
  const runbook = `RB-${1000 + index}`;
  const description = `${flavour.verb} for the ${service} ${target} in ${env}. Use when ${flavour.when} (runbook ${runbook}).`;
  const fm = ["---"];
  if (problem === "bad-name") {
    fm.push(
      r.chance(0.5)
        ? `name: ${flavour.title.replace(/ /g, "_")} (${env})`
        : `name: ${dirName}-${"with-a-name-that-keeps-going-past-the-codex-limit".repeat(2)}`,
    );
  } else {
    fm.push(`name: ${dirName}`);
  }
  if (problem === "unquoted-colon") {
    fm.push(
      `description: ${flavour.verb} for the ${service} ${target}. Note: read-only in ${env}.`,
    );
  } else if (problem !== "missing-description") {
    const style = r.int(0, 9);
    if (style < 6) fm.push(`description: ${description}`);
    else if (style < 8) fm.push(`description: ${JSON.stringify(description)}`);
    else fm.push("description: >-", ...wrap(description, 78).map((l) => `  ${l}`));
  }
  if (r.chance(0.2)) fm.push("license: MIT");
  fm.push("metadata:");
  fm.push(`  short-description: ${flavour.title} (${target})`);
  fm.push(`  owner: ${r.pick(TEAMS)}`);
  fm.push(`  version: "${r.int(0, 3)}.${r.int(0, 12)}.${r.int(0, 20)}"`);
  if (r.chance(0.5)) fm.push(`  tags: ${flavourName}, ${target}, ${env}`);
  fm.push("---");

  // Body.
  const bodyTarget = r.int(MIN_BODY_LINES + 10, MAX_BODY_LINES - 30);
  const body = [
    "",
    `# ${flavour.title}: ${target}`,
    "",
    "## Objective",
    "",
    paragraph(r, flavour, 3),
  ];
  body.push("", "## Inputs", "", "| Variable | Default | Meaning |", "| --- | --- | --- |");
  for (const [name, value, meaning] of r.sample(flavour.inputs, r.int(3, flavour.inputs.length)))
    body.push(`| \`${name}\` | ${value} | ${meaning} |`);
  body.push("", paragraph(r, flavour, 2), "", "## Procedure", "");
  const tail = [
    "",
    "## Output",
    "",
    `Return one JSON object as described in [references/${references[0]}.md](references/${references[0]}.md).`,
    "",
    "## Constraints",
    "",
    "- Read-only: never run `terraform apply`, `terraform destroy`, `kubectl apply`, `kubectl delete`, `kubectl patch`, `kubectl scale`, `helm upgrade`, `helm uninstall`, `gcloud ... delete`, `az ... delete`, `rm -rf`, or any `aws` command that deletes, terminates, puts, creates, updates or modifies.",
    ...r.sample(PROSE, 3).map((s) => `- ${s.replace("{noun}", r.pick(flavour.nouns))}`),
    "",
    "## References",
    "",
    ...references.map((topic) => `- [${topic}](references/${topic}.md)`),
  ];
  let step = 1;
  while (body.length + tail.length < bodyTarget) {
    body.push(`${step}. ${paragraph(r, flavour, r.int(1, 2))}`, "");
    body.push(...fence(r, flavour, r.int(1, 4)).map((l) => `   ${l}`));
    if (r.chance(0.6)) {
      const script = r.pick(scripts);
      body.push(
        "",
        `   Then run \`scripts/${script}.sh "$work/out.json"\`; exit \`2\` is a usage error.`,
      );
    }
    if (r.chance(0.4)) {
      const topic = r.pick(references);
      body.push(
        "",
        `   Interpret the result with [references/${topic}.md](references/${topic}.md).`,
      );
    }
    body.push("");
    step++;
  }
  body.push(...tail);
  if (r.chance(0.5))
    body.push(
      "",
      "## Failure handling",
      "",
      ...r.sample(PROSE, 2).map((s) => `- ${s.replace("{noun}", "check")}`),
    );

  let text = `${fm.join("\n")}\n${body.join("\n")}\n`;
  if (problem === "bom") text = `\uFEFF${text}`;
  files["SKILL.md"] = text;
  return { name: dirName, flavour: flavourName, problem, files };
}

function wrap(text, width) {
  const lines = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Writes `count` skills under `dir`; returns what was generated (no file is written for it). */
export function generateSkills({ count, dir, seed = DEFAULT_SEED }) {
  const skills = [];
  for (let i = 0; i < count; i++) {
    const skill = generateSkill(seed, i);
    const skillDir = join(dir, skill.name);
    for (const [relativePath, content] of Object.entries(skill.files)) {
      const path = join(skillDir, relativePath);
      mkdirSync(join(path, ".."), { recursive: true });
      writeFileSync(path, content, "utf8");
      if (relativePath.endsWith(".sh")) chmodSync(path, 0o755);
    }
    skills.push({ name: skill.name, flavour: skill.flavour, problem: skill.problem });
  }
  return skills;
}

function main(argv) {
  const args = [...argv];
  let seed = DEFAULT_SEED;
  const seedAt = args.indexOf("--seed");
  if (seedAt >= 0) {
    seed = args[seedAt + 1] ?? "";
    args.splice(seedAt, 2);
  }
  const [countText, dir] = args;
  const count = Number(countText);
  if (!dir || !Number.isInteger(count) || count < 0 || !seed) {
    process.stderr.write("usage: node bench/generate-skills.mjs N DIR [--seed SEED]\n");
    return 2;
  }
  const skills = generateSkills({ count, dir: resolve(dir), seed });
  const problems = skills.filter((s) => s.problem).length;
  process.stdout.write(
    `generated ${skills.length} skills in ${dir} (${problems} with a problem)\n`,
  );
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = main(process.argv.slice(2));
